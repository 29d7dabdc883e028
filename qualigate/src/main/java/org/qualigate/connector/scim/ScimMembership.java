package org.qualigate.connector.scim;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.policy.RoleName;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes of a role's group membership as SCIM PATCH requests (RFC 7644 §3.5.2): one member or many added, a
 * member or many removed by a {@code members[value eq …]} filter, each retried on a stale version or a group
 * found again by name.
 */
final class ScimMembership {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** The first try and three retries after a 412: enough for a busy group, bounded for a broken one. */
    private static final int ATTEMPTS_ON_STALE_VERSION = 4;

    private final ScimTargetSettings settings;
    private final ScimEndpoint endpoint;
    private final ScimGroups groups;
    private final JsonMapper json;

    /**
     * Whether membership changes carry {@code If-Match}. Adding or removing one member commutes with any other
     * such change, so by default they are sent unconditionally; a server that insists on If-Match gets it, and
     * then this adapter sends one change per group at a time, so that its own changes never conflict.
     */
    private final boolean ifMatch;

    // one lock per group id, keyed by data; not JSON
    private final ConcurrentMap<String, Object> groupLocks = new ConcurrentHashMap<>();

    ScimMembership(
            ScimTargetSettings settings, ScimEndpoint endpoint, ScimGroups groups, JsonMapper json, boolean ifMatch) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.groups = groups;
        this.json = json;
        this.ifMatch = ifMatch;
    }

    /** Adds or removes one member; done when the server says the member already is (or is not) one. */
    void change(TargetAccount account, RoleName role, boolean add) {
        patchGroup(role, membershipChange(account.targetId(), add), add, true);
    }

    /**
     * Adds everyone granted in one PATCH; answers false when the server refused a member already there and could
     * not say which (the caller then adds them one by one).
     */
    boolean addAll(RoleName role, Collection<TargetAccount> granted) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(PATCH_OP);
        ObjectNode operation = body.putArray("Operations").addObject();
        operation.put("op", "add");
        operation.put("path", "members");
        ArrayNode members = operation.putArray("value");
        granted.forEach(a -> members.addObject().put("value", a.targetId()));
        return patchGroup(role, body, true, granted.size() == 1);
    }

    /** Removes everyone revoked in one PATCH. */
    void removeAll(RoleName role, Collection<TargetAccount> revoked) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(PATCH_OP);
        ObjectNode operation = body.putArray("Operations").addObject();
        operation.put("op", "remove");
        operation.put(
                "path",
                "members["
                        + revoked.stream()
                                .map(a -> "value eq " + ScimFilter.quote(a.targetId()))
                                .collect(java.util.stream.Collectors.joining(" or "))
                        + "]");
        patchGroup(role, body, false, true);
    }

    /**
     * Sends a membership PATCH to the role's group, with its ETag when the target requires If-Match: a stale
     * version is read again and the PATCH sent again, a group gone is looked up again by name once. A remove that
     * matches no member is done (the user is not one); an add refused as a duplicate ({@code 409 uniqueness}) is
     * done when it names one member ({@code duplicateMeansDone}), otherwise false is returned and the caller adds
     * them one by one. With If-Match, this adapter's own changes to one group would conflict, so they go one at a
     * time per group.
     */
    private boolean patchGroup(RoleName role, ObjectNode body, boolean add, boolean duplicateMeansDone) {
        String displayName = settings.groupDisplayName(role)
                .orElseThrow(() -> TargetException.permanentFailure(
                        prefix() + "role " + role + " is not managed by this target", null));
        if (!ifMatch) {
            return patchGroup(role, displayName, body, add, duplicateMeansDone);
        }
        synchronized (groupLocks.computeIfAbsent(ScimTargetSettings.fold(displayName), k -> new Object())) {
            return patchGroup(role, displayName, body, add, duplicateMeansDone);
        }
    }

    private boolean patchGroup(
            RoleName role, String displayName, ObjectNode body, boolean add, boolean duplicateMeansDone) {
        boolean lookedUpAgain = false;
        int attempt = 1;
        while (true) {
            ScimGroups.Group group = groups.named(displayName)
                    .orElseThrow(() -> TargetException.permanentFailure(
                            prefix() + "no SCIM group '" + displayName + "' for role " + role, null));
            ScimResponse response = endpoint.patch(
                    "/Groups/" + ScimEndpoint.encode(group.id()), body, ifMatch ? groups.version(group.id()) : null);
            if (response.isSuccess()) {
                groups.rememberVersion(group.id(), response);
                return true;
            }
            int status = response.status();
            if (status == 412 && attempt < ATTEMPTS_ON_STALE_VERSION) {
                // Someone changed the group since we last saw it: take its new version and try again.
                attempt++;
                groups.refreshVersion(group);
                continue;
            }
            if (status == 412) {
                // A concurrent change, not a failure: the item is tried again soon, and the target's health is
                // untouched.
                throw TargetException.conflict(
                        prefix() + response.request() + " answered 412 " + attempt + " times: the group kept changing"
                                + endpoint.error(response).describe());
            }
            if (status == 404 && !lookedUpAgain) {
                // The group may have been deleted and recreated: find it again by name, once.
                lookedUpAgain = true;
                groups.forget(group);
                continue;
            }
            if (status == 404) {
                throw TargetException.permanentFailure(
                        prefix() + "no SCIM group '" + displayName + "' for role " + role + " (" + response.request()
                                + " answered 404" + endpoint.error(response).describe() + ")",
                        null);
            }
            ScimError error = endpoint.error(response);
            if (!add && status == 400 && error.is("noTarget")) {
                // RFC 7644 §3.5.2.2: a remove whose filter matches nothing — the user is not a member.
                return true;
            }
            if (add && status == 409 && error.is("uniqueness")) {
                // Servers that refuse a duplicate member instead of ignoring it: the user is a member.
                return duplicateMeansDone;
            }
            throw endpoint.failure(response);
        }
    }

    private ObjectNode membershipChange(String userId, boolean add) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(PATCH_OP);
        ObjectNode operation = body.putArray("Operations").addObject();
        if (add) {
            operation.put("op", "add");
            operation.put("path", "members");
            ArrayNode members = operation.putArray("value");
            members.addObject().put("value", userId);
        } else {
            operation.put("op", "remove");
            operation.put("path", "members[value eq " + ScimFilter.quote(userId) + "]");
        }
        return body;
    }

    private String prefix() {
        return endpoint.prefix();
    }
}
