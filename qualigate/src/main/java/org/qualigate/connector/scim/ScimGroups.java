package org.qualigate.connector.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.TargetException;
import tools.jackson.databind.JsonNode;

/**
 * The SCIM groups behind the managed roles: found by display name, remembered by id, and the last
 * version (ETag) seen of each so that changes can be made conditional (RFC 7644 §3.14).
 */
final class ScimGroups {

    /** A group as far as the adapter needs it. */
    record Group(String id, String displayName) {}

    private final ScimEndpoint endpoint;
    private final ConcurrentMap<String, Group> byDisplayName = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> displayNameById = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> versionById = new ConcurrentHashMap<>();

    ScimGroups(ScimEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The group with this display name, looked up once and then remembered. */
    Optional<Group> named(String displayName) {
        Group known = byDisplayName.get(ScimTargetSettings.fold(displayName));
        if (known != null) {
            return Optional.of(known);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter", ScimFilter.equalTo("displayName", displayName));
        ScimResponse response = getWithoutMembers("/Groups", query);
        if (!response.isSuccess()) {
            throw endpoint.failure(response);
        }
        List<JsonNode> found = ScimListResponse.of(endpoint.body(response), endpoint.where(response))
                .resources();
        List<JsonNode> exact = new ArrayList<>();
        List<JsonNode> ignoringCase = new ArrayList<>();
        for (JsonNode group : found) {
            String name = ScimResource.text(group, "displayName");
            if (displayName.equals(name)) {
                exact.add(group);
            } else if (name != null && ScimTargetSettings.fold(name).equals(ScimTargetSettings.fold(displayName))) {
                ignoringCase.add(group);
            }
        }
        List<JsonNode> matches = exact.isEmpty() ? ignoringCase : exact;
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        if (matches.size() > 1) {
            throw TargetException.permanentFailure(
                    endpoint.prefix() + matches.size() + " groups named '" + displayName + "' (ids "
                            + matches.stream()
                                    .map(group -> ScimResource.text(group, "id"))
                                    .toList()
                            + "): a role needs exactly one",
                    null);
        }
        return Optional.of(learn(matches.getFirst(), null));
    }

    /** The display name of the group with this id, asking the server when it is not known yet. */
    Optional<String> displayNameOf(String id) {
        String known = displayNameById.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        return readWithoutMembers(id).map(Group::displayName);
    }

    /** Forgets a group the server no longer knows under this id. */
    void forget(Group group) {
        byDisplayName.remove(ScimTargetSettings.fold(group.displayName()), group);
        displayNameById.remove(group.id());
        versionById.remove(group.id());
    }

    @Nullable
    String version(String id) {
        return versionById.get(id);
    }

    /** Reads the group's current version again, after the server said ours is stale. */
    void refreshVersion(Group group) {
        versionById.remove(group.id());
        readWithoutMembers(group.id());
    }

    /** Remembers the version a change answered with, so the next change starts from it. */
    void rememberVersion(String id, ScimResponse response) {
        String version = response.etag()
                .orElseGet(() -> endpoint.optionalBody(response)
                        .map(ScimResource::version)
                        .orElse(null));
        if (version != null) {
            versionById.put(id, version);
        } else {
            // Without a version we cannot know what the change left behind; the next change asks anew.
            versionById.remove(id);
        }
    }

    /** The whole group with its members, or empty when the server no longer has it. */
    Optional<JsonNode> readWithMembers(Group group) {
        ScimResponse response = endpoint.get("/Groups/" + ScimEndpoint.encode(group.id()), Map.of());
        if (response.status() == 404) {
            forget(group);
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw endpoint.failure(response);
        }
        JsonNode resource = endpoint.body(response);
        learn(resource, response.etag().orElse(null));
        return Optional.of(resource);
    }

    /** Records what a group resource says about itself: id, display name, version. */
    Group learn(JsonNode resource, @Nullable String etag) {
        String id = ScimResource.text(resource, "id");
        String displayName = ScimResource.text(resource, "displayName");
        if (id == null || id.isBlank() || displayName == null) {
            throw TargetException.permanentFailure(
                    endpoint.prefix() + "a group came back without id or displayName (id " + id + ")", null);
        }
        Group group = new Group(id, displayName);
        byDisplayName.put(ScimTargetSettings.fold(displayName), group);
        displayNameById.put(id, displayName);
        String version = etag != null ? etag : ScimResource.version(resource);
        if (version != null) {
            versionById.put(id, version);
        }
        return group;
    }

    private Optional<Group> readWithoutMembers(String id) {
        ScimResponse response = getWithoutMembers("/Groups/" + ScimEndpoint.encode(id), Map.of());
        if (response.status() == 404) {
            String displayName = displayNameById.get(id);
            if (displayName != null) {
                forget(new Group(id, displayName));
            }
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw endpoint.failure(response);
        }
        return Optional.of(learn(endpoint.body(response), response.etag().orElse(null)));
    }

    /**
     * GET with {@code excludedAttributes=members}, so that a group of thousands is not sent just for
     * its name; a server that refuses the parameter (400) is asked again without it.
     */
    private ScimResponse getWithoutMembers(String path, Map<String, String> query) {
        Map<String, String> lean = new LinkedHashMap<>(query);
        lean.put("excludedAttributes", "members");
        ScimResponse response = endpoint.get(path, lean);
        return response.status() == 400 ? endpoint.get(path, query) : response;
    }
}
