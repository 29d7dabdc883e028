package org.qualigate.connector.scim;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MES reached over SCIM 2.0 (RFC 7643/7644): operators are SCIM users found by employee ID, and a
 * role is membership of a SCIM group. Works with any server that follows the RFCs, including the
 * common variations: no {@code groups} attribute on users, no ETags, PATCH answered with 204, numeric
 * error status, no support for filtering groups by member.
 */
public final class ScimAccessTarget implements AccessTarget {

    private static final Logger log = LoggerFactory.getLogger(ScimAccessTarget.class);
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    /** The first try and three retries after a 412: enough for a busy group, bounded for a broken one. */
    private static final int ATTEMPTS_ON_STALE_VERSION = 4;

    private final ScimTargetSettings settings;
    private final ScimEndpoint endpoint;
    private final ScimGroups groups;
    private final JsonMapper json = JsonMapper.builder().build();

    /** Set once the server has sent a user with its {@code groups}: it keeps them, and leaves out empty ones. */
    private volatile boolean groupsOnUsers;

    /** Whether the server's User schema lists {@code groups}; null until asked. */
    private volatile @Nullable Boolean userSchemaHasGroups;

    /** Set once the server has refused {@code members[value eq …]}, so later reads skip straight past it. */
    private volatile boolean memberFilterRefused;

    /**
     * Whether membership changes carry {@code If-Match}. Adding or removing one member commutes with any other
     * such change, so by default they are sent unconditionally; a server that insists on If-Match gets it, and
     * then this adapter sends one change per group at a time, so that its own changes never conflict.
     */
    private final boolean ifMatch;

    private final ConcurrentMap<String, Object> groupLocks = new ConcurrentHashMap<>();
    /** The employee each SCIM user id belongs to, as far as reads have shown (for listing a group's members). */
    private final ConcurrentMap<String, EmployeeId> employeeByUserId = new ConcurrentHashMap<>();

    /** Uses its own JDK HTTP client: HTTP/1.1, the settings' connect timeout, no redirects. */
    public ScimAccessTarget(ScimTargetSettings settings, Clock clock) {
        this(settings, defaultClient(settings), clock);
    }

    public ScimAccessTarget(ScimTargetSettings settings, HttpClient httpClient, Clock clock) {
        this(settings, ScimAuthentication.bearer(settings.bearerToken()), httpClient, clock, false);
    }

    /** With another authentication than the settings' bearer token (Basic, OAuth client credentials, none). */
    public ScimAccessTarget(
            ScimTargetSettings settings, ScimAuthentication authentication, HttpClient httpClient, Clock clock) {
        this(settings, authentication, httpClient, clock, false);
    }

    /**
     * {@code ifMatch}: send If-Match with each membership change, for servers that require it (membership changes
     * commute, so a server that does not require it is sent none, and this adapter's own concurrent changes to one
     * group never conflict).
     */
    public ScimAccessTarget(
            ScimTargetSettings settings,
            ScimAuthentication authentication,
            HttpClient httpClient,
            Clock clock,
            boolean ifMatch) {
        this.settings = settings;
        this.endpoint = new ScimEndpoint(settings, authentication, httpClient, clock, json);
        this.groups = new ScimGroups(endpoint);
        this.ifMatch = ifMatch;
    }

    /** The JDK client this adapter builds when given none; redirects are not followed so the token stays put. */
    public static HttpClient defaultClient(ScimTargetSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ScimTargetSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public boolean manages(RoleName role) {
        return settings.manages(role);
    }

    @Override
    public Optional<TargetAccount> read(EmployeeId employeeId) {
        Optional<JsonNode> found = findUser(employeeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode user = found.get();
        String userId = ScimResource.text(user, "id");
        if (userId == null || userId.isBlank()) {
            throw TargetException.permanentFailure(prefix() + "the user found for " + employeeId + " has no id", null);
        }
        employeeByUserId.put(userId, employeeId);
        return Optional.of(TargetAccount.of(employeeId, userId, managedRolesOf(user, userId), active(user)));
    }

    /**
     * {@code active} (RFC 7643 §4.1.1): false means the account may not be used; absent means the server does not
     * say, and the account is taken as active. Some servers send the boolean as text.
     */
    private static boolean active(JsonNode user) {
        JsonNode active = ScimResource.attribute(user, "active");
        if (active.isBoolean()) {
            return active.booleanValue();
        }
        String text = ScimResource.text(active);
        return text == null || !text.strip().equalsIgnoreCase("false");
    }

    @Override
    public List<Member> members(RoleName role) {
        String displayName = settings.groupDisplayName(role)
                .orElseThrow(() -> TargetException.permanentFailure(
                        prefix() + "role " + role + " is not managed by this target", null));
        Optional<ScimGroups.Group> group = groups.named(displayName);
        Optional<JsonNode> withMembers = group.flatMap(groups::readWithMembers);
        if (withMembers.isEmpty() && group.isPresent()) {
            withMembers = groups.named(displayName).flatMap(groups::readWithMembers);
        }
        if (withMembers.isEmpty()) {
            return List.of();
        }
        List<Member> members = new ArrayList<>();
        for (JsonNode member : ScimResource.values(withMembers.get(), "members")) {
            String userId = ScimResource.text(member, "value");
            if (userId == null || userId.isBlank()) {
                continue;
            }
            String type = ScimResource.text(member, "type");
            if (type != null && type.equalsIgnoreCase("Group")) {
                // a nested group is not an account; its members are not this adapter's to manage
                continue;
            }
            members.add(new Member(userId, employeeOf(userId)));
        }
        return members;
    }

    /** The employee a SCIM user id belongs to: remembered from reads, else read from the user itself. */
    private Optional<EmployeeId> employeeOf(String userId) {
        EmployeeId known = employeeByUserId.get(userId);
        if (known != null) {
            return Optional.of(known);
        }
        ScimResponse response =
                endpoint.get("/Users/" + ScimEndpoint.encode(userId), Map.of("attributes", settings.matchAttribute()));
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw endpoint.failure(response);
        }
        String value = ScimResource.text(endpoint.body(response), settings.matchAttribute());
        if (value == null || !EmployeeId.isValid(value)) {
            return Optional.empty();
        }
        EmployeeId id = EmployeeId.of(value);
        employeeByUserId.put(userId, id);
        return Optional.of(id);
    }

    @Override
    public void grant(TargetAccount account, RoleName role) {
        changeMembership(account, role, true);
    }

    @Override
    public void revoke(TargetAccount account, RoleName role) {
        changeMembership(account, role, false);
    }

    /**
     * One search for many people: {@code filter=userName eq "a" or userName eq "b" …} (RFC 7644 §3.4.2.2),
     * paged like any list. What the answer cannot settle for a person — no {@code groups} on the user, two
     * users for one person, a user nobody asked for — is read for that person alone, as {@link #read} does.
     * A server that refuses the filter is asked person by person.
     */
    @Override
    public Map<EmployeeId, Optional<TargetAccount>> readAll(Collection<EmployeeId> employeeIds) {
        Map<EmployeeId, Optional<TargetAccount>> accounts = new LinkedHashMap<>();
        List<EmployeeId> ids = employeeIds.stream().distinct().toList();
        if (ids.isEmpty()) {
            return accounts;
        }
        String filter = ids.stream()
                .map(id -> ScimFilter.equalTo(settings.matchAttribute(), id.value()))
                .collect(java.util.stream.Collectors.joining(" or "));
        Optional<List<JsonNode>> found =
                endpoint.queryAll("/Users", Map.of("filter", filter), status -> status == 400 || status == 501);
        if (found.isEmpty()) {
            ids.forEach(id -> accounts.put(id, read(id)));
            return accounts;
        }
        Map<String, EmployeeId> asked = new java.util.HashMap<>();
        ids.forEach(id -> asked.put(id.value().toLowerCase(java.util.Locale.ROOT), id));
        Map<EmployeeId, List<JsonNode>> users = new LinkedHashMap<>();
        boolean unasked = false;
        for (JsonNode user : found.get()) {
            String matched = ScimResource.text(user, settings.matchAttribute());
            EmployeeId id = matched == null ? null : asked.get(matched.toLowerCase(java.util.Locale.ROOT));
            if (id == null) {
                // A user nobody asked for: the server did not apply the filter; trust none of the answer.
                unasked = true;
                break;
            }
            users.computeIfAbsent(id, k -> new ArrayList<>()).add(user);
        }
        // A server that keeps "groups" on users leaves it out when it is empty (RFC 7643 §2.5): a user without
        // it then belongs to no group. The server says so by sending it on some user, or in its User schema
        // (RFC 7644 §4); otherwise one search for the groups of all users without it settles the question.
        if (users.values().stream().flatMap(List::stream).anyMatch(u -> ScimResource.has(u, "groups"))) {
            groupsOnUsers = true;
        }
        boolean withoutGroupsAreInNone = !unasked && (groupsOnUsers || usersCarryGroups() || inNoGroup(users));
        for (EmployeeId id : ids) {
            List<JsonNode> mine = users.getOrDefault(id, List.of());
            boolean groupsKnown =
                    mine.size() == 1 && (withoutGroupsAreInNone || ScimResource.has(mine.getFirst(), "groups"));
            if (unasked || mine.size() > 1 || (mine.size() == 1 && !groupsKnown)) {
                accounts.put(id, read(id));
            } else if (mine.isEmpty()) {
                accounts.put(id, Optional.empty());
            } else {
                JsonNode user = mine.getFirst();
                String userId = ScimResource.text(user, "id");
                if (userId == null || userId.isBlank()) {
                    accounts.put(id, read(id));
                } else {
                    accounts.put(
                            id, Optional.of(TargetAccount.of(id, userId, rolesFromUserGroups(user), active(user))));
                }
            }
        }
        return accounts;
    }

    /**
     * Whether the server's User schema has the {@code groups} attribute (RFC 7644 §4, {@code GET /Schemas}),
     * asked once; a server without discovery is taken not to keep it, an unavailable one is asked again later.
     */
    private boolean usersCarryGroups() {
        Boolean known = userSchemaHasGroups;
        if (known != null) {
            return known;
        }
        ScimResponse response = endpoint.get("/Schemas/" + USER_SCHEMA, Map.of());
        if (response.isSuccess()) {
            boolean has = ScimResource.values(endpoint.body(response), "attributes").stream()
                    .anyMatch(a -> "groups".equalsIgnoreCase(ScimResource.text(a, "name")));
            userSchemaHasGroups = has;
            return has;
        }
        if (response.status() / 100 == 4 || response.status() == 501) {
            userSchemaHasGroups = false;
        }
        return false;
    }

    /**
     * Whether none of the users found without a {@code groups} attribute is a member of any group: one search
     * {@code members[value eq "a" or value eq "b" …]}. False when the server refuses that filter or finds a
     * group (then those users' groups are asked for one by one).
     */
    private boolean inNoGroup(Map<EmployeeId, List<JsonNode>> users) {
        if (memberFilterRefused) {
            return false;
        }
        List<String> userIds = users.values().stream()
                .filter(found -> found.size() == 1 && !ScimResource.has(found.getFirst(), "groups"))
                .map(found -> ScimResource.text(found.getFirst(), "id"))
                .filter(userId -> userId != null && !userId.isBlank())
                .toList();
        if (userIds.isEmpty()) {
            return true;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put(
                "filter",
                "members["
                        + userIds.stream()
                                .map(userId -> "value eq " + ScimFilter.quote(userId))
                                .collect(java.util.stream.Collectors.joining(" or "))
                        + "]");
        query.put("excludedAttributes", "members");
        Optional<List<JsonNode>> groupsOfThem =
                endpoint.queryAll("/Groups", query, status -> status == 400 || status == 501);
        return groupsOfThem.isPresent() && groupsOfThem.get().isEmpty();
    }

    /**
     * One PATCH of the role's group for everyone granted ({@code add members} with all of them) and one for
     * everyone revoked ({@code remove members[value eq "a" or value eq "b" …]}), with the group's ETag as
     * {@link #grant} sends it. A server that refuses a member already there ({@code 409 uniqueness}) cannot say
     * which one: those grants are then made one by one.
     */
    @Override
    public void changeAll(RoleName role, Collection<TargetAccount> granted, Collection<TargetAccount> revoked) {
        if (granted.size() + revoked.size() < 2) {
            AccessTarget.super.changeAll(role, granted, revoked);
            return;
        }
        if (!granted.isEmpty()) {
            ObjectNode body = json.createObjectNode();
            body.putArray("schemas").add(PATCH_OP);
            ObjectNode operation = body.putArray("Operations").addObject();
            operation.put("op", "add");
            operation.put("path", "members");
            ArrayNode members = operation.putArray("value");
            granted.forEach(a -> members.addObject().put("value", a.targetId()));
            if (!patchGroup(role, body, true, granted.size() == 1)) {
                for (TargetAccount account : granted) {
                    grant(account, role);
                }
            }
        }
        if (!revoked.isEmpty()) {
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
    }

    @Override
    public String toString() {
        return "ScimAccessTarget[" + settings.name() + " at " + settings.baseUrl() + "]";
    }

    private Optional<JsonNode> findUser(EmployeeId employeeId) {
        Map<String, String> query =
                Map.of("filter", ScimFilter.equalTo(settings.filterAttribute(), employeeId.value()));
        ScimResponse response = endpoint.get("/Users", query);
        if (!response.isSuccess()) {
            throw endpoint.failure(response);
        }
        ScimListResponse list = ScimListResponse.of(endpoint.body(response), endpoint.where(response));
        if (list.totalResults() > 1 || list.resources().size() > 1) {
            List<String> ids = list.resources().stream()
                    .map(user -> String.valueOf(ScimResource.text(user, "id")))
                    .toList();
            throw TargetException.permanentFailure(
                    prefix() + list.totalResults() + " users have " + settings.matchAttribute() + " " + employeeId
                            + " (ids " + ids + "); one person must be one user",
                    null);
        }
        if (list.resources().isEmpty()) {
            return Optional.empty();
        }
        JsonNode user = list.resources().getFirst();
        String matched = ScimResource.matchValue(user, settings.matchAttribute());
        // userName is case-insensitive in SCIM (RFC 7643 §4.1.1); any other value means the server
        // ignored the filter, and trusting it would give this person someone else's roles.
        if (matched != null && !matched.equalsIgnoreCase(employeeId.value())) {
            throw TargetException.permanentFailure(
                    prefix() + "asked for " + settings.matchAttribute() + " " + employeeId + " and got user "
                            + ScimResource.text(user, "id") + " with " + settings.matchAttribute() + " " + matched
                            + "; the server does not apply the filter",
                    null);
        }
        return Optional.of(user);
    }

    private Set<RoleName> managedRolesOf(JsonNode user, String userId) {
        if (ScimResource.has(user, "groups")) {
            return rolesFromUserGroups(user);
        }
        // Servers that do not keep the read-only "groups" attribute (RFC 7643 §4.1.2), or that omit it
        // when empty, still answer for their groups' members.
        if (!memberFilterRefused) {
            Optional<Set<RoleName>> byFilter = rolesByMemberFilter(userId);
            if (byFilter.isPresent()) {
                return byFilter.get();
            }
            memberFilterRefused = true;
            log.info(
                    "SCIM target '{}' does not filter groups by member; reading managed groups one by one",
                    settings.name());
        }
        return rolesByReadingGroups(userId);
    }

    private Set<RoleName> rolesFromUserGroups(JsonNode user) {
        Set<RoleName> roles = new TreeSet<>();
        for (JsonNode membership : ScimResource.values(user, "groups")) {
            roleOfGroup(ScimResource.text(membership, "value"), ScimResource.text(membership, "display"))
                    .ifPresent(roles::add);
        }
        return roles;
    }

    private Optional<Set<RoleName>> rolesByMemberFilter(String userId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter", ScimFilter.hasMember(userId));
        query.put("excludedAttributes", "members");
        Optional<List<JsonNode>> found = endpoint.queryAll("/Groups", query, status -> status == 400 || status == 501);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Set<RoleName> roles = new TreeSet<>();
        for (JsonNode group : found.get()) {
            if (ScimResource.has(group, "members") && !hasMember(group, userId)) {
                // Sent with its members despite excludedAttributes, and the user is not one: the
                // server did not apply the filter, so this group says nothing about the user.
                continue;
            }
            String displayName = ScimResource.text(group, "displayName");
            roleOfGroup(ScimResource.text(group, "id"), displayName).ifPresent(roles::add);
        }
        return Optional.of(roles);
    }

    private Set<RoleName> rolesByReadingGroups(String userId) {
        Set<RoleName> roles = new TreeSet<>();
        if (settings.defaultGroupsByRoleName()) {
            // Any group may stand for a role: page through all of them.
            List<JsonNode> all =
                    endpoint.queryAll("/Groups", Map.of(), status -> false).orElseThrow();
            for (JsonNode listed : all) {
                String displayName = ScimResource.text(listed, "displayName");
                Optional<RoleName> role = displayName == null ? Optional.empty() : settings.roleOfGroup(displayName);
                if (role.isPresent()) {
                    ScimGroups.Group group = groups.learn(listed, null);
                    JsonNode withMembers = ScimResource.has(listed, "members")
                            ? listed
                            : groups.readWithMembers(group).orElse(listed);
                    if (hasMember(withMembers, userId)) {
                        roles.add(role.get());
                    }
                }
            }
            return roles;
        }
        for (Map.Entry<RoleName, String> managed : settings.groupDisplayNames().entrySet()) {
            Optional<ScimGroups.Group> group = groups.named(managed.getValue());
            Optional<JsonNode> withMembers = group.flatMap(groups::readWithMembers);
            if (withMembers.isEmpty() && group.isPresent()) {
                // The id we remembered is gone; the group may have been recreated under a new one.
                withMembers = groups.named(managed.getValue()).flatMap(groups::readWithMembers);
            }
            if (withMembers.isPresent() && hasMember(withMembers.get(), userId)) {
                roles.add(managed.getKey());
            }
        }
        return roles;
    }

    private static boolean hasMember(JsonNode group, String userId) {
        return ScimResource.values(group, "members").stream()
                .anyMatch(member -> userId.equals(ScimResource.text(member, "value")));
    }

    /** The role a group stands for, by its display name when given, else by its id. */
    private Optional<RoleName> roleOfGroup(@Nullable String groupId, @Nullable String displayName) {
        if (displayName != null && !displayName.isBlank()) {
            return settings.roleOfGroup(displayName);
        }
        if (groupId == null || groupId.isBlank()) {
            return Optional.empty();
        }
        if (!settings.defaultGroupsByRoleName()) {
            // Only the configured groups matter: compare ids rather than ask about every group.
            for (Map.Entry<RoleName, String> managed :
                    settings.groupDisplayNames().entrySet()) {
                Optional<ScimGroups.Group> group = groups.named(managed.getValue());
                if (group.isPresent() && group.get().id().equals(groupId)) {
                    return Optional.of(managed.getKey());
                }
            }
            return Optional.empty();
        }
        return groups.displayNameOf(groupId).flatMap(settings::roleOfGroup);
    }

    private void changeMembership(TargetAccount account, RoleName role, boolean add) {
        patchGroup(role, membershipChange(account.targetId(), add), add, true);
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
