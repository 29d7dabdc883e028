package org.qualigate.sandbox;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM 2.0 service provider (RFC 7643/7644) standing in for an MES's identity endpoint: Users, Groups, filters,
 * paging, PATCH, ETags, with an in-process view for tests. The endpoints are {@link ScimRoutes}, the users and groups
 * {@link ScimDirectory}, a Group's PATCH {@link ScimGroupPatch} and the resources' JSON {@link ScimResources}.
 */
public final class ScimServer {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final int MAX_RESULTS = 1000;
    static final int DEFAULT_COUNT = 100;

    private final JsonMapper json;
    private final ScimDirectory directory;
    private final ScimRoutes routes;
    /** Answers to PATCH /Groups by status, for load tests that count conflicts (412) among membership changes. */
    private final Map<Integer, Long> groupPatchAnswers = new ConcurrentHashMap<>();
    /** Other {@code Authorization} values accepted besides the bearer token (HTTP Basic, issued OAuth tokens). */
    private final Set<String> alsoAccepted = ConcurrentHashMap.newKeySet();

    ScimServer(
            Clock clock,
            SideEffects sideEffects,
            JsonMapper json,
            RandomGenerator random,
            String bearerToken,
            Supplier<URI> baseUri) {
        this.json = json;
        this.directory = new ScimDirectory(clock, sideEffects, random);
        ScimResources resources = new ScimResources(json, baseUri, directory);
        this.routes = new ScimRoutes(json, directory, resources, baseUri, bearerToken, alsoAccepted);
    }

    /** Accepts this {@code Authorization} header value too (e.g. {@code Basic …}, or a token the sandbox issued). */
    public void acceptAuthorization(String header) {
        alsoAccepted.add(header);
    }

    /** No longer accepts this header value (an OAuth token that expired). */
    public void refuseAuthorization(String header) {
        alsoAccepted.remove(header);
    }

    // ---------------------------------------------------------------------------------------------------------
    // In-process view

    /** Creates an active user and returns its id; fails if the user name is taken. */
    public String createUser(String userName, @Nullable String externalId, @Nullable String displayName) {
        ObjectNode attributes = json.createObjectNode();
        attributes.put("userName", userName);
        if (externalId != null) {
            attributes.put("externalId", externalId);
        }
        if (displayName != null) {
            attributes.put("displayName", displayName);
        }
        attributes.put("active", true);
        return directory.locked(() -> directory.insertUser(attributes, true).id);
    }

    /** Creates an empty group and returns its id; fails if the display name is taken. */
    public String createGroup(String displayName) {
        return directory.locked(() -> directory.insertGroup(displayName, null, List.of(), true).id);
    }

    /** The display names of the groups the user is a member of; empty for an unknown user. */
    public Set<String> groupsOf(String userName) {
        return directory.locked(() -> {
            String id = directory.userIdOf(userName);
            Set<String> names = new LinkedHashSet<>();
            if (id != null) {
                directory.groupsOf(id).forEach(group -> names.add(group.displayName));
            }
            return Set.copyOf(names);
        });
    }

    /** The id of the user with this user name (compared case-insensitively, as RFC 7643 declares). */
    public Optional<String> userId(String userName) {
        return directory.locked(() -> Optional.ofNullable(directory.userIdOf(userName)));
    }

    /** The id of the group with this display name. */
    public Optional<String> groupId(String displayName) {
        return directory.locked(() -> directory.groupNamed(displayName).map(g -> g.id));
    }

    /** The user names of the group's members; empty for an unknown group. */
    public Set<String> members(String groupDisplayName) {
        return directory.locked(() -> {
            Set<String> names = new LinkedHashSet<>();
            directory
                    .groupNamed(groupDisplayName)
                    .ifPresent(g ->
                            g.members.forEach(id -> names.add(directory.user(id).userName())));
            return Set.copyOf(names);
        });
    }

    /** Makes the user a member of the group (a change made by hand in the MES); recorded as a side effect. */
    public void addMember(String groupDisplayName, String userName) {
        changeMember(groupDisplayName, userName, true);
    }

    /** Takes the user out of the group (a change made by hand in the MES); recorded as a side effect. */
    public void removeMember(String groupDisplayName, String userName) {
        changeMember(groupDisplayName, userName, false);
    }

    private void changeMember(String groupDisplayName, String userName, boolean add) {
        directory.locked(() -> {
            ScimGroup group = directory
                    .groupNamed(groupDisplayName)
                    .orElseThrow(() -> new IllegalArgumentException("no group " + groupDisplayName));
            String userId = directory.userIdOf(userName);
            if (userId == null) {
                throw new IllegalArgumentException("no user " + userName);
            }
            Set<String> members = new LinkedHashSet<>(group.members);
            if (add) {
                members.add(userId);
            } else {
                members.remove(userId);
            }
            directory.commitGroup(group, group.displayName, group.externalId, members, true);
            return null;
        });
    }

    /** Sets a user's {@code active} flag; recorded as a side effect when it changes. */
    public void setActive(String userName, boolean active) {
        directory.locked(() -> {
            String id = directory.userIdOf(userName);
            if (id == null) {
                throw new IllegalArgumentException("no user " + userName);
            }
            ScimUser user = directory.user(id);
            ObjectNode attributes = user.attributes.deepCopy();
            attributes.put("active", active);
            directory.commitUser(user, attributes, "user.update");
            return null;
        });
    }

    /** How often PATCH /Groups was answered with each status since the start or the last {@link #clearCounts}. */
    public Map<Integer, Long> groupPatchAnswers() {
        return Map.copyOf(groupPatchAnswers);
    }

    public void clearCounts() {
        groupPatchAnswers.clear();
    }

    /** From now on, adding this user to any group is refused with 400 invalidValue (a permanent refusal). */
    public void refuseMembership(String userName) {
        directory.refuseMembership(userName);
    }

    /** Lifts a {@link #refuseMembership} refusal. */
    public void acceptMembership(String userName) {
        directory.acceptMembership(userName);
    }

    public int userCount() {
        return directory.locked(directory::userCount);
    }

    public int groupCount() {
        return directory.locked(directory::groupCount);
    }

    /** Empties the store: no users, no groups. The side-effect log is kept. */
    public void reset() {
        directory.locked(() -> {
            directory.clear();
            return null;
        });
    }

    /** Loads users and groups without recording side effects: the MES as it was before the sandbox started. */
    void seed(List<ObjectNode> userAttributes, List<String> groupNames) {
        directory.locked(() -> {
            groupNames.forEach(name -> directory.insertGroup(name, null, List.of(), false));
            userAttributes.forEach(attributes -> directory.insertUser(attributes, false));
            return null;
        });
    }

    /** Answers a request whose path is relative to {@code /scim/v2}. */
    HttpReply handle(HttpCall call, String path) {
        HttpReply reply = routes.answer(call, path);
        if (call.method().equals("PATCH") && path.regionMatches(true, 0, "/Groups/", 0, 8)) {
            groupPatchAnswers.merge(reply.status(), 1L, Long::sum);
        }
        return reply;
    }

    HttpReply error(ScimException e) {
        return routes.error(e);
    }
}
