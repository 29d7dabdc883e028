package org.qualigate.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM 2.0 service provider (RFC 7643/7644) standing in for an MES's identity endpoint: Users, Groups, filters,
 * paging, PATCH, ETags, with an in-process view for tests.
 *
 * <p>PATCH answers 200 with the resource (RFC 7644 allows 200 or 204; 200 lets a client confirm the result and read
 * the new ETag without a second request). Unassigned attributes are omitted, so an empty group has no
 * {@code members} and a user in no group has no {@code groups}, as RFC 7643 section 2.5 prescribes.
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

    private static final String TARGET = "scim";
    private static final Set<String> READ_ONLY = Set.of("id", "meta", "groups");
    private static final List<String> CANONICAL_NAMES = List.of(
            "userName",
            "externalId",
            "displayName",
            "active",
            "name",
            "emails",
            "phoneNumbers",
            "title",
            "userType",
            "nickName",
            "preferredLanguage",
            "locale",
            "timezone",
            "members");

    private final Clock clock;
    private final SideEffects sideEffects;
    private final JsonMapper json;
    private final RandomGenerator random;
    private final byte[] expectedAuthorization;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, String> userIdsByName = new HashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> groupIdsByUser = new HashMap<>();
    private final Supplier<URI> baseUri;
    /** Answers to PATCH /Groups by status, for load tests that count conflicts (412) among membership changes. */
    private final Map<Integer, Long> groupPatchAnswers = new java.util.concurrent.ConcurrentHashMap<>();
    /** User names whose addition to a group the MES refuses (400), as some MES refuse accounts of some types. */
    private final Set<String> refusedMembers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ScimServer(
            Clock clock,
            SideEffects sideEffects,
            JsonMapper json,
            RandomGenerator random,
            String bearerToken,
            Supplier<URI> baseUri) {
        this.clock = clock;
        this.sideEffects = sideEffects;
        this.json = json;
        this.random = random;
        this.expectedAuthorization = ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        this.baseUri = baseUri;
    }

    /** Other {@code Authorization} values accepted besides the bearer token (HTTP Basic, issued OAuth tokens). */
    private final java.util.Set<String> alsoAccepted = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        return locked(() -> insertUser(attributes, true).id);
    }

    /** Creates an empty group and returns its id; fails if the display name is taken. */
    public String createGroup(String displayName) {
        return locked(() -> insertGroup(displayName, null, List.of(), true).id);
    }

    /** The display names of the groups the user is a member of; empty for an unknown user. */
    public Set<String> groupsOf(String userName) {
        return locked(() -> {
            String id = userIdsByName.get(userName.toLowerCase(Locale.ROOT));
            Set<String> names = new LinkedHashSet<>();
            if (id != null) {
                for (String groupId : groupIdsByUser.getOrDefault(id, Set.of())) {
                    names.add(groups.get(groupId).displayName);
                }
            }
            return Set.copyOf(names);
        });
    }

    /** The id of the user with this user name (compared case-insensitively, as RFC 7643 declares). */
    public Optional<String> userId(String userName) {
        return locked(() -> Optional.ofNullable(userIdsByName.get(userName.toLowerCase(Locale.ROOT))));
    }

    /** The id of the group with this display name. */
    public Optional<String> groupId(String displayName) {
        return locked(() -> groups.values().stream()
                .filter(g -> g.displayName.equalsIgnoreCase(displayName))
                .map(g -> g.id)
                .findFirst());
    }

    /** The user names of the group's members; empty for an unknown group. */
    public Set<String> members(String groupDisplayName) {
        return locked(() -> {
            Set<String> names = new LinkedHashSet<>();
            groups.values().stream()
                    .filter(g -> g.displayName.equalsIgnoreCase(groupDisplayName))
                    .findFirst()
                    .ifPresent(
                            g -> g.members.forEach(id -> names.add(users.get(id).userName())));
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
        locked(() -> {
            Group group = groups.values().stream()
                    .filter(g -> g.displayName.equalsIgnoreCase(groupDisplayName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no group " + groupDisplayName));
            String userId = userIdsByName.get(userName.toLowerCase(Locale.ROOT));
            if (userId == null) {
                throw new IllegalArgumentException("no user " + userName);
            }
            Set<String> members = new LinkedHashSet<>(group.members);
            if (add) {
                members.add(userId);
            } else {
                members.remove(userId);
            }
            commitGroup(group, group.displayName, group.externalId, members, true);
            return null;
        });
    }

    /** Sets a user's {@code active} flag; recorded as a side effect when it changes. */
    public void setActive(String userName, boolean active) {
        locked(() -> {
            String id = userIdsByName.get(userName.toLowerCase(Locale.ROOT));
            if (id == null) {
                throw new IllegalArgumentException("no user " + userName);
            }
            User user = users.get(id);
            ObjectNode attributes = user.attributes.deepCopy();
            attributes.put("active", active);
            commitUser(user, attributes, "user.update");
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
        refusedMembers.add(userName.toLowerCase(Locale.ROOT));
    }

    /** Lifts a {@link #refuseMembership} refusal. */
    public void acceptMembership(String userName) {
        refusedMembers.remove(userName.toLowerCase(Locale.ROOT));
    }

    public int userCount() {
        return locked(users::size);
    }

    public int groupCount() {
        return locked(groups::size);
    }

    /** Empties the store: no users, no groups. The side-effect log is kept. */
    public void reset() {
        locked(() -> {
            users.clear();
            userIdsByName.clear();
            groups.clear();
            groupIdsByUser.clear();
            return null;
        });
    }

    /** Loads users and groups without recording side effects: the MES as it was before the sandbox started. */
    void seed(List<ObjectNode> userAttributes, List<String> groupNames) {
        locked(() -> {
            groupNames.forEach(name -> insertGroup(name, null, List.of(), false));
            userAttributes.forEach(attributes -> insertUser(attributes, false));
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    /** Answers a request whose path is relative to {@code /scim/v2}. */
    HttpReply handle(HttpCall call, String path) {
        HttpReply reply = answer(call, path);
        if (call.method().equals("PATCH") && path.regionMatches(true, 0, "/Groups/", 0, 8)) {
            groupPatchAnswers.merge(reply.status(), 1L, Long::sum);
        }
        return reply;
    }

    private HttpReply answer(HttpCall call, String path) {
        try {
            if (!authorized(call)) {
                return error(new ScimException(401, null, "Authorization: Bearer token required"))
                        .header("WWW-Authenticate", "Bearer realm=\"sandbox-scim\"");
            }
            return route(call, path);
        } catch (ScimException e) {
            return error(e);
        } catch (JacksonException e) {
            return error(ScimException.invalidSyntax("request body is not valid JSON: " + e.getOriginalMessage()));
        }
    }

    private boolean authorized(HttpCall call) {
        String header = call.header("Authorization");
        if (header == null) {
            return false;
        }
        // The scheme name is case-insensitive (RFC 9110); the token is compared in constant time.
        String normalised = header.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer " + header.substring(7) : header;
        return MessageDigest.isEqual(normalised.getBytes(StandardCharsets.UTF_8), expectedAuthorization)
                || alsoAccepted.contains(normalised);
    }

    private HttpReply route(HttpCall call, String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        String endpoint = segments.get(0);
        String method = call.method();
        if (endpoint.equalsIgnoreCase("ServiceProviderConfig")
                || endpoint.equalsIgnoreCase("ResourceTypes")
                || endpoint.equalsIgnoreCase("Schemas")) {
            requireMethod(method, "GET");
            ScimDiscovery discovery = new ScimDiscovery(json, baseUri.get());
            return reply(200, discovery.answer(endpoint, segments.size() > 1 ? segments.get(1) : null));
        }
        if (endpoint.equalsIgnoreCase("Bulk")) {
            throw new ScimException(501, null, "bulk operations are not supported");
        }
        boolean isUsers = endpoint.equalsIgnoreCase("Users");
        if (!isUsers && !endpoint.equalsIgnoreCase("Groups")) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        if (segments.size() > 2) {
            throw ScimException.notFound("no SCIM endpoint at " + path);
        }
        if (segments.size() == 1) {
            return switch (method) {
                case "GET" -> list(isUsers, call, call::param);
                case "POST" -> isUsers ? postUser(call) : postGroup(call);
                default -> throw methodNotAllowed(method);
            };
        }
        String id = segments.get(1);
        if (id.equals(".search")) {
            requireMethod(method, "POST");
            JsonNode body = body(call);
            return list(isUsers, call, name -> {
                JsonNode v = ScimFilter.child(body, name);
                if (v == null || v.isNull()) {
                    return null;
                }
                if (v.isArray()) {
                    List<String> parts = new ArrayList<>();
                    v.values().forEach(p -> parts.add(p.asString()));
                    return String.join(",", parts);
                }
                return v.asString();
            });
        }
        return switch (method) {
            case "GET" -> isUsers ? getUser(call, id) : getGroup(call, id);
            case "PUT" -> isUsers ? putUser(call, id) : putGroup(call, id);
            case "PATCH" -> isUsers ? patchUser(call, id) : patchGroup(call, id);
            case "DELETE" -> isUsers ? deleteUser(call, id) : deleteGroup(call, id);
            default -> throw methodNotAllowed(method);
        };
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed(method);
        }
    }

    private static ScimException methodNotAllowed(String method) {
        return new ScimException(405, null, "method " + method + " not allowed here");
    }

    // ---- list and search

    private interface Params {
        @Nullable
        String get(String name);
    }

    private HttpReply list(boolean isUsers, HttpCall call, Params params) {
        String filterText = params.get("filter");
        ScimFilter filter = filterText == null || filterText.isBlank() ? null : ScimFilter.parse(filterText);
        int startIndex = intParam(params.get("startIndex"), 1, "startIndex");
        int count = intParam(params.get("count"), DEFAULT_COUNT, "count");
        startIndex = Math.max(1, startIndex);
        count = Math.min(Math.max(0, count), MAX_RESULTS);
        // sortBy is ignored: sorting is declared unsupported in ServiceProviderConfig, which RFC 7644 allows.
        String attributes = params.get("attributes");
        String excluded = params.get("excludedAttributes");
        final int start = startIndex;
        final int size = count;
        ObjectNode response = locked(() -> {
            // Users are tested against their stored attributes unless the filter reads what only the rendered
            // resource has (id, groups, meta), so a lookup over thousands of users stays cheap.
            boolean light = filter != null
                    && !filter.reads("id")
                    && !filter.reads("groups")
                    && !filter.reads("meta")
                    && !filter.reads("schemas");
            List<Object> matches = new ArrayList<>();
            for (Object resource : candidates(isUsers, filter)) {
                if (filter == null) {
                    matches.add(resource);
                } else if (isUsers) {
                    User user = (User) resource;
                    if (filter.test(light ? user.attributes : userJson(user))) {
                        matches.add(user);
                    }
                } else if (filter.test(groupJson((Group) resource))) {
                    matches.add(resource);
                }
            }
            ObjectNode out = json.createObjectNode();
            out.putArray("schemas").add(LIST_RESPONSE);
            out.put("totalResults", matches.size());
            int from = Math.min(start - 1, matches.size());
            int to = Math.min(from + size, matches.size());
            out.put("itemsPerPage", to - from);
            out.put("startIndex", start);
            ArrayNode resources = out.putArray("Resources");
            for (Object resource : matches.subList(from, to)) {
                ObjectNode node = isUsers ? userJson((User) resource) : groupJson((Group) resource);
                resources.add(ScimProjection.project(node, attributes, excluded));
            }
            return out;
        });
        return reply(200, response);
    }

    /** The resources a filter can match; a lookup by user name is served from the index. */
    private Collection<?> candidates(boolean isUsers, @Nullable ScimFilter filter) {
        if (!isUsers) {
            return groups.values();
        }
        if (filter instanceof ScimFilter.Compare c
                && c.operator() == ScimFilter.Operator.EQ
                && c.path().urn() == null
                && c.path().names().size() == 1
                && c.path().first().equals("username")
                && c.value().isString()) {
            String id = userIdsByName.get(c.value().stringValue().toLowerCase(Locale.ROOT));
            return id == null ? List.of() : List.of(users.get(id));
        }
        // A search for several people by user name ("userName eq a or userName eq b …") is served from the
        // index too; every candidate is still tested against the whole filter.
        List<String> names = new ArrayList<>();
        if (userNames(filter, names)) {
            List<Object> found = new ArrayList<>();
            for (String name : names) {
                String id = userIdsByName.get(name.toLowerCase(Locale.ROOT));
                if (id != null && !found.contains(users.get(id))) {
                    found.add(users.get(id));
                }
            }
            return found;
        }
        return users.values();
    }

    /** Whether the filter is nothing but {@code userName eq "…"} joined by {@code or}; collects the names. */
    private static boolean userNames(@Nullable ScimFilter filter, List<String> names) {
        if (filter instanceof ScimFilter.Or or) {
            return userNames(or.left(), names) && userNames(or.right(), names);
        }
        if (filter instanceof ScimFilter.Compare c
                && c.operator() == ScimFilter.Operator.EQ
                && c.path().urn() == null
                && c.path().names().size() == 1
                && c.path().first().equals("username")
                && c.value().isString()) {
            names.add(c.value().stringValue());
            return true;
        }
        return false;
    }

    private static int intParam(@Nullable String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer: " + value);
        }
    }

    // ---- users

    private HttpReply getUser(HttpCall call, String id) {
        return locked(() -> {
            User user = user(id);
            if (ScimVersions.notModified(call, user.version)) {
                return HttpReply.empty(304).header("ETag", ScimVersions.etag(user.version));
            }
            return resource(200, call, userJson(user), user.version);
        });
    }

    private HttpReply postUser(HttpCall call) {
        ObjectNode attributes = userAttributes(body(call));
        return locked(() -> {
            User user = insertUser(attributes, true);
            return resource(201, call, userJson(user), user.version).header("Location", location("Users", user.id));
        });
    }

    private HttpReply putUser(HttpCall call, String id) {
        ObjectNode attributes = userAttributes(body(call));
        return locked(() -> {
            User user = user(id);
            ScimVersions.checkIfMatch(call, user.version);
            commitUser(user, attributes, "user.replace");
            return resource(200, call, userJson(user), user.version);
        });
    }

    private HttpReply patchUser(HttpCall call, String id) {
        List<ScimPatchOperation> operations = ScimPatchOperation.all(body(call));
        return locked(() -> {
            User user = user(id);
            ScimVersions.checkIfMatch(call, user.version);
            ObjectNode attributes = user.attributes.deepCopy();
            for (ScimPatchOperation op : operations) {
                ScimUserPatch.apply(attributes, op.op(), op.path(), op.value());
            }
            normalise(attributes);
            requireUserName(attributes);
            commitUser(user, attributes, "user.update");
            return resource(200, call, userJson(user), user.version);
        });
    }

    private HttpReply deleteUser(HttpCall call, String id) {
        return locked(() -> {
            User user = user(id);
            ScimVersions.checkIfMatch(call, user.version);
            for (String groupId : List.copyOf(groupIdsByUser.getOrDefault(id, Set.of()))) {
                Group group = groups.get(groupId);
                Set<String> members = new LinkedHashSet<>(group.members);
                members.remove(id);
                commitGroup(group, group.displayName, group.externalId, members, true);
            }
            users.remove(id);
            userIdsByName.remove(user.userName().toLowerCase(Locale.ROOT));
            groupIdsByUser.remove(id);
            sideEffects.record(TARGET, "user.delete", user.userName(), "id=" + id);
            return HttpReply.empty(204);
        });
    }

    private User user(String id) {
        User user = users.get(id);
        if (user == null) {
            throw ScimException.notFound("User " + id + " not found");
        }
        return user;
    }

    private ObjectNode userAttributes(JsonNode body) {
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a User must be a JSON object");
        }
        ObjectNode attributes = json.createObjectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (READ_ONLY.contains(key) || key.equals("schemas") || key.equals("password")) {
                continue;
            }
            attributes.set(e.getKey(), e.getValue().deepCopy());
        }
        normalise(attributes);
        requireUserName(attributes);
        if (!attributes.has("active")) {
            attributes.put("active", true);
        }
        return attributes;
    }

    /** Canonical attribute-name case, and booleans for {@code active} sent as strings (as Azure does). */
    private static void normalise(ObjectNode attributes) {
        for (String canonical : CANONICAL_NAMES) {
            for (String key : List.copyOf(attributes.propertyNames())) {
                if (!key.equals(canonical) && key.equalsIgnoreCase(canonical)) {
                    attributes.set(canonical, attributes.remove(key));
                }
            }
        }
        JsonNode active = attributes.get("active");
        if (active != null && active.isString()) {
            String text = active.stringValue().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                attributes.set("active", BooleanNode.valueOf(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT))));
            } else {
                throw ScimException.invalidValue("active must be a boolean: " + text);
            }
        }
    }

    private static void requireUserName(ObjectNode attributes) {
        JsonNode userName = attributes.get("userName");
        if (userName == null || !userName.isString() || userName.stringValue().isBlank()) {
            throw ScimException.invalidValue("userName is required and must be a non-empty string");
        }
    }

    private User insertUser(ObjectNode attributes, boolean record) {
        requireUserName(attributes);
        String userName = attributes.get("userName").stringValue();
        if (userIdsByName.containsKey(userName.toLowerCase(Locale.ROOT))) {
            throw ScimException.uniqueness("userName " + userName + " is already taken");
        }
        Instant now = now();
        User user = new User(newId(), attributes, now);
        users.put(user.id, user);
        userIdsByName.put(userName.toLowerCase(Locale.ROOT), user.id);
        if (record) {
            sideEffects.record(TARGET, "user.create", userName, "id=" + user.id);
        }
        return user;
    }

    private void commitUser(User user, ObjectNode attributes, String operation) {
        if (attributes.equals(user.attributes)) {
            return;
        }
        String oldName = user.userName();
        String newName = attributes.get("userName").stringValue();
        if (!oldName.equalsIgnoreCase(newName)) {
            if (userIdsByName.containsKey(newName.toLowerCase(Locale.ROOT))) {
                throw ScimException.uniqueness("userName " + newName + " is already taken");
            }
            userIdsByName.remove(oldName.toLowerCase(Locale.ROOT));
            userIdsByName.put(newName.toLowerCase(Locale.ROOT), user.id);
        }
        String detail = describeChange(user.attributes, attributes);
        user.attributes = attributes;
        user.touch(now());
        sideEffects.record(TARGET, operation, newName, detail);
    }

    private static String describeChange(ObjectNode before, ObjectNode after) {
        Set<String> keys = new LinkedHashSet<>(before.propertyNames());
        keys.addAll(after.propertyNames());
        List<String> changes = new ArrayList<>();
        for (String key : keys) {
            JsonNode a = before.get(key);
            JsonNode b = after.get(key);
            if (a != null && a.equals(b)) {
                continue;
            }
            boolean scalar = (a == null || a.isValueNode()) && (b == null || b.isValueNode());
            changes.add(scalar ? key + ": " + text(a) + " -> " + text(b) : key);
        }
        return String.join(", ", changes);
    }

    private static String text(@Nullable JsonNode node) {
        return node == null || node.isNull() ? "(none)" : node.asString();
    }

    private ObjectNode userJson(User user) {
        ObjectNode node = json.createObjectNode();
        ArrayNode schemas = node.putArray("schemas").add(USER_SCHEMA);
        node.put("id", user.id);
        for (Map.Entry<String, JsonNode> e : user.attributes.properties()) {
            node.set(e.getKey(), e.getValue().deepCopy());
            if (e.getKey().regionMatches(true, 0, "urn:", 0, 4)) {
                schemas.add(e.getKey());
            }
        }
        Set<String> memberOf = groupIdsByUser.getOrDefault(user.id, Set.of());
        if (!memberOf.isEmpty()) {
            ArrayNode array = node.putArray("groups");
            for (String groupId : memberOf) {
                Group group = groups.get(groupId);
                ObjectNode ref = array.addObject();
                ref.put("value", group.id);
                ref.put("$ref", location("Groups", group.id));
                ref.put("display", group.displayName);
                ref.put("type", "direct");
            }
        }
        node.set("meta", meta("User", "Users", user.id, user.created, user.lastModified, user.version));
        return node;
    }

    // ---- groups

    private HttpReply getGroup(HttpCall call, String id) {
        return locked(() -> {
            Group group = group(id);
            if (ScimVersions.notModified(call, group.version)) {
                return HttpReply.empty(304).header("ETag", ScimVersions.etag(group.version));
            }
            return resource(200, call, groupJson(group), group.version);
        });
    }

    private HttpReply postGroup(HttpCall call) {
        JsonNode body = body(call);
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a Group must be a JSON object");
        }
        String displayName = displayName(ScimFilter.child(body, "displayName"));
        String externalId = optionalString(ScimFilter.child(body, "externalId"), "externalId");
        JsonNode membersNode = ScimFilter.child(body, "members");
        return locked(() -> {
            List<String> members = membersNode == null ? List.of() : memberIds(membersNode);
            Group group = insertGroup(displayName, externalId, members, true);
            return resource(201, call, groupJson(group), group.version)
                    .header("Location", location("Groups", group.id));
        });
    }

    private HttpReply putGroup(HttpCall call, String id) {
        JsonNode body = body(call);
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a Group must be a JSON object");
        }
        String displayName = displayName(ScimFilter.child(body, "displayName"));
        String externalId = optionalString(ScimFilter.child(body, "externalId"), "externalId");
        JsonNode membersNode = ScimFilter.child(body, "members");
        return locked(() -> {
            Group group = group(id);
            ScimVersions.checkIfMatch(call, group.version);
            Set<String> members = new LinkedHashSet<>(membersNode == null ? List.of() : memberIds(membersNode));
            commitGroup(group, displayName, externalId, members, true);
            return resource(200, call, groupJson(group), group.version);
        });
    }

    private HttpReply patchGroup(HttpCall call, String id) {
        List<ScimPatchOperation> operations = ScimPatchOperation.all(body(call));
        return locked(() -> {
            Group group = group(id);
            ScimVersions.checkIfMatch(call, group.version);
            GroupDraft draft = new GroupDraft(group);
            for (ScimPatchOperation op : operations) {
                applyGroupOperation(draft, op.op(), op.path(), op.value());
            }
            for (String member : draft.members) {
                if (!group.members.contains(member)
                        && refusedMembers.contains(users.get(member).userName().toLowerCase(Locale.ROOT))) {
                    throw ScimException.invalidValue(
                            "user " + users.get(member).userName() + " cannot be a member of a group");
                }
            }
            commitGroup(group, draft.displayName, draft.externalId, draft.members, true);
            return resource(200, call, groupJson(group), group.version);
        });
    }

    private HttpReply deleteGroup(HttpCall call, String id) {
        return locked(() -> {
            Group group = group(id);
            ScimVersions.checkIfMatch(call, group.version);
            for (String member : group.members) {
                Set<String> of = groupIdsByUser.get(member);
                if (of != null) {
                    of.remove(id);
                }
            }
            groups.remove(id);
            sideEffects.record(TARGET, "group.delete", group.displayName, "id=" + id);
            return HttpReply.empty(204);
        });
    }

    private Group group(String id) {
        Group group = groups.get(id);
        if (group == null) {
            throw ScimException.notFound("Group " + id + " not found");
        }
        return group;
    }

    private void applyGroupOperation(GroupDraft draft, String op, @Nullable String path, @Nullable JsonNode value) {
        if (path == null || path.isBlank()) {
            if (op.equals("remove")) {
                throw ScimException.noTarget("remove needs a path");
            }
            if (value == null || !value.isObject()) {
                throw ScimException.invalidValue(op + " without a path needs an object value");
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("id") || key.equals("schemas") || key.equals("meta")) {
                    continue;
                }
                applyGroupOperation(draft, op, e.getKey(), e.getValue());
            }
            return;
        }
        ScimPath target = ScimPath.parse(path);
        String attribute = target.attribute().first();
        switch (attribute) {
            case "displayname" -> {
                if (op.equals("remove")) {
                    throw ScimException.mutability("displayName is required and cannot be removed");
                }
                draft.displayName = displayName(value);
            }
            case "externalid" -> draft.externalId = op.equals("remove") ? null : optionalString(value, "externalId");
            case "members" -> applyMembersOperation(draft, op, target, value);
            default -> throw ScimException.invalidPath("Group has no modifiable attribute " + path);
        }
    }

    private void applyMembersOperation(GroupDraft draft, String op, ScimPath target, @Nullable JsonNode value) {
        if (target.subAttribute() != null) {
            throw ScimException.mutability("sub-attributes of members cannot be modified: " + target);
        }
        ScimFilter filter = target.filter();
        if (filter == null) {
            switch (op) {
                case "add" -> draft.members.addAll(memberIds(require(value, "add members")));
                case "replace" -> {
                    draft.members.clear();
                    draft.members.addAll(memberIds(require(value, "replace members")));
                }
                default -> {
                    // Azure removes with path "members" and a value listing the members to remove.
                    if (value == null || value.isNull()) {
                        draft.members.clear();
                    } else {
                        memberIdsLenient(value).forEach(draft.members::remove);
                    }
                }
            }
            return;
        }
        List<String> matched = new ArrayList<>();
        for (String member : draft.members) {
            if (filter.test(memberJson(member))) {
                matched.add(member);
            }
        }
        switch (op) {
            // Removing a member that is not there changes nothing and succeeds (RFC 7644 section 3.5.2.2).
            case "remove" -> matched.forEach(draft.members::remove);
            case "replace" -> {
                if (matched.isEmpty()) {
                    throw ScimException.noTarget("no member matches " + target);
                }
                matched.forEach(draft.members::remove);
                draft.members.addAll(memberIds(require(value, "replace members")));
            }
            default -> throw ScimException.invalidPath("add takes the path members, not a filter: " + target);
        }
    }

    private static JsonNode require(@Nullable JsonNode value, String what) {
        if (value == null || value.isNull()) {
            throw ScimException.invalidValue(what + " needs a value");
        }
        return value;
    }

    /** Member ids from {@code [{"value": id}]} (or a single object); each must be an existing user. */
    private List<String> memberIds(JsonNode value) {
        List<String> ids = memberIdsLenient(value);
        for (String id : ids) {
            if (!users.containsKey(id)) {
                throw ScimException.invalidValue("member " + id + " is not an existing User");
            }
        }
        return ids;
    }

    private static List<String> memberIdsLenient(JsonNode value) {
        List<String> ids = new ArrayList<>();
        Collection<JsonNode> items = value.isArray() ? value.values() : List.of(value);
        for (JsonNode item : items) {
            JsonNode id = item.isObject() ? ScimFilter.child(item, "value") : item;
            if (id == null || !id.isString() || id.stringValue().isBlank()) {
                throw ScimException.invalidValue("a member needs a string value (the User id): " + item);
            }
            ids.add(id.stringValue());
        }
        return ids;
    }

    private static String displayName(@Nullable JsonNode node) {
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            throw ScimException.invalidValue("displayName is required and must be a non-empty string");
        }
        return node.stringValue();
    }

    private static @Nullable String optionalString(@Nullable JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ScimException.invalidValue(name + " must be a string");
        }
        return node.stringValue();
    }

    private Group insertGroup(String displayName, @Nullable String externalId, List<String> memberIds, boolean record) {
        for (Group existing : groups.values()) {
            if (existing.displayName.equalsIgnoreCase(displayName)) {
                throw ScimException.uniqueness("displayName " + displayName + " is already taken");
            }
        }
        Group group = new Group(newId(), displayName, externalId, now());
        groups.put(group.id, group);
        if (record) {
            sideEffects.record(TARGET, "group.create", displayName, "id=" + group.id);
        }
        for (String member : memberIds) {
            if (group.members.add(member)) {
                groupIdsByUser
                        .computeIfAbsent(member, k -> new LinkedHashSet<>())
                        .add(group.id);
                if (record) {
                    sideEffects.record(
                            TARGET,
                            "group.member.add",
                            displayName,
                            users.get(member).userName());
                }
            }
        }
        return group;
    }

    /** Applies a group's new state; records and versions only what actually changed. */
    private void commitGroup(
            Group group, String displayName, @Nullable String externalId, Set<String> members, boolean record) {
        if (!group.displayName.equalsIgnoreCase(displayName)) {
            for (Group other : groups.values()) {
                if (other != group && other.displayName.equalsIgnoreCase(displayName)) {
                    throw ScimException.uniqueness("displayName " + displayName + " is already taken");
                }
            }
        }
        List<String> added =
                members.stream().filter(m -> !group.members.contains(m)).toList();
        List<String> removed =
                group.members.stream().filter(m -> !members.contains(m)).toList();
        boolean renamed = !group.displayName.equals(displayName);
        boolean externalChanged = !java.util.Objects.equals(group.externalId, externalId);
        if (added.isEmpty() && removed.isEmpty() && !renamed && !externalChanged) {
            return;
        }
        if (renamed && record) {
            sideEffects.record(
                    TARGET, "group.update", displayName, "displayName: " + group.displayName + " -> " + displayName);
        }
        if (externalChanged && record) {
            sideEffects.record(
                    TARGET,
                    "group.update",
                    displayName,
                    "externalId: " + (group.externalId == null ? "(none)" : group.externalId) + " -> "
                            + (externalId == null ? "(none)" : externalId));
        }
        group.displayName = displayName;
        group.externalId = externalId;
        for (String member : added) {
            group.members.add(member);
            groupIdsByUser.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(group.id);
            if (record) {
                sideEffects.record(
                        TARGET,
                        "group.member.add",
                        displayName,
                        users.get(member).userName());
            }
        }
        for (String member : removed) {
            group.members.remove(member);
            Set<String> of = groupIdsByUser.get(member);
            if (of != null) {
                of.remove(group.id);
            }
            if (record) {
                User user = users.get(member);
                sideEffects.record(TARGET, "group.member.remove", displayName, user == null ? member : user.userName());
            }
        }
        group.touch(now());
    }

    private ObjectNode memberJson(String userId) {
        ObjectNode node = json.createObjectNode();
        node.put("value", userId);
        node.put("$ref", location("Users", userId));
        User user = users.get(userId);
        if (user != null) {
            JsonNode displayName = user.attributes.get("displayName");
            node.put(
                    "display",
                    displayName != null && displayName.isString() ? displayName.stringValue() : user.userName());
        }
        node.put("type", "User");
        return node;
    }

    private ObjectNode groupJson(Group group) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(GROUP_SCHEMA);
        node.put("id", group.id);
        if (group.externalId != null) {
            node.put("externalId", group.externalId);
        }
        node.put("displayName", group.displayName);
        if (!group.members.isEmpty()) {
            ArrayNode members = node.putArray("members");
            group.members.forEach(m -> members.add(memberJson(m)));
        }
        node.set("meta", meta("Group", "Groups", group.id, group.created, group.lastModified, group.version));
        return node;
    }

    // ---- shared

    private JsonNode body(HttpCall call) {
        String contentType = call.header("Content-Type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new ScimException(
                    415, null, "Content-Type must be application/scim+json or application/json, not " + contentType);
        }
        if (call.body().length == 0) {
            throw ScimException.invalidSyntax("request body is empty");
        }
        return json.readTree(call.body());
    }

    private ObjectNode meta(
            String resourceType, String endpoint, String id, Instant created, Instant lastModified, long version) {
        ObjectNode meta = json.createObjectNode();
        meta.put("resourceType", resourceType);
        meta.put("created", created.toString());
        meta.put("lastModified", lastModified.toString());
        meta.put("location", location(endpoint, id));
        meta.put("version", ScimVersions.etag(version));
        return meta;
    }

    private String location(String endpoint, String id) {
        return baseUri.get() + "/" + endpoint + "/" + id;
    }

    private HttpReply resource(int status, HttpCall call, ObjectNode node, long version) {
        ObjectNode projected = ScimProjection.project(node, call.param("attributes"), call.param("excludedAttributes"));
        return reply(status, projected).header("ETag", ScimVersions.etag(version));
    }

    private HttpReply reply(int status, JsonNode node) {
        return HttpReply.of(status, HttpReply.SCIM_JSON, json.writeValueAsBytes(node));
    }

    HttpReply error(ScimException e) {
        return errorReply(json, e.status(), e.scimType(), e.getMessage());
    }

    static HttpReply errorReply(JsonMapper json, int status, @Nullable String scimType, @Nullable String detail) {
        ObjectNode node = json.createObjectNode();
        node.putArray("schemas").add(ERROR);
        // RFC 7644 section 3.12: status is a string.
        node.put("status", Integer.toString(status));
        if (scimType != null) {
            node.put("scimType", scimType);
        }
        if (detail != null) {
            node.put("detail", detail);
        }
        return HttpReply.of(status, HttpReply.SCIM_JSON, json.writeValueAsBytes(node));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newId() {
        // From the seeded generator, so a demo run with the same seed gets the same ids.
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static final class User {
        final String id;
        ObjectNode attributes;
        final Instant created;
        Instant lastModified;
        long version = 1;

        User(String id, ObjectNode attributes, Instant created) {
            this.id = id;
            this.attributes = attributes;
            this.created = created;
            this.lastModified = created;
        }

        String userName() {
            return attributes.get("userName").stringValue();
        }

        void touch(Instant at) {
            lastModified = at;
            version++;
        }
    }

    private static final class Group {
        final String id;
        String displayName;

        @Nullable
        String externalId;

        final LinkedHashSet<String> members = new LinkedHashSet<>();
        final Instant created;
        Instant lastModified;
        long version = 1;

        Group(String id, String displayName, @Nullable String externalId, Instant created) {
            this.id = id;
            this.displayName = displayName;
            this.externalId = externalId;
            this.created = created;
            this.lastModified = created;
        }

        void touch(Instant at) {
            lastModified = at;
            version++;
        }
    }

    /** A group's state while a PATCH is applied; committed only when every operation succeeded. */
    private static final class GroupDraft {
        String displayName;

        @Nullable
        String externalId;

        final LinkedHashSet<String> members;

        GroupDraft(Group group) {
            this.displayName = group.displayName;
            this.externalId = group.externalId;
            this.members = new LinkedHashSet<>(group.members);
        }
    }
}
