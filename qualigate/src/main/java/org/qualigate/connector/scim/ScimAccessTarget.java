package org.qualigate.connector.scim;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.trace.Traces;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MES reached over SCIM 2.0 (RFC 7643/7644): operators are SCIM users found by employee ID, and a
 * role is membership of a SCIM group. Works with any server that follows the RFCs, including the
 * common variations: no {@code groups} attribute on users, no ETags, PATCH answered with 204, numeric
 * error status, no support for filtering groups by member.
 */
public final class ScimAccessTarget implements AccessTarget {

    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

    private final ScimTargetSettings settings;
    private final ScimEndpoint endpoint;
    private final ScimGroups groups;
    private final JsonMapper json = JsonMapper.builder().build();

    /** Set once the server has sent a user with its {@code groups}: it keeps them, and leaves out empty ones. */
    private volatile boolean groupsOnUsers;

    /** Whether the server's User schema lists {@code groups}; null until asked. */
    private volatile @Nullable Boolean userSchemaHasGroups;

    private final ScimRoles roles;
    private final ScimMembership membership;

    /** The employee each SCIM user id belongs to, as far as reads have shown (for listing a group's members). */
    private final ConcurrentMap<String, EmployeeId> employeeByUserId = new ConcurrentHashMap<>();

    /**
     * Uses its own JDK HTTP client: HTTP/1.1, the settings' connect timeout, no redirects. This and the next two record
     * the calls nowhere (a tool, a test); the service builds its targets with {@code recorder}.
     */
    public ScimAccessTarget(ScimTargetSettings settings, Clock clock) {
        this(settings, defaultClient(settings), clock);
    }

    public ScimAccessTarget(ScimTargetSettings settings, HttpClient httpClient, Clock clock) {
        this(
                settings,
                ScimAuthentication.bearer(settings.bearerToken()),
                httpClient,
                clock,
                false,
                Traces.CallRecorder.NONE);
    }

    /** With another authentication than the settings' bearer token (Basic, OAuth client credentials, none). */
    public ScimAccessTarget(
            ScimTargetSettings settings, ScimAuthentication authentication, HttpClient httpClient, Clock clock) {
        this(settings, authentication, httpClient, clock, false, Traces.CallRecorder.NONE);
    }

    /**
     * {@code ifMatch}: send If-Match with each membership change, for servers that require it (membership changes
     * commute, so a server that does not require it is sent none, and this adapter's own concurrent changes to one
     * group never conflict). {@code recorder}: where the calls are recorded as trace steps (that of the application
     * building this).
     */
    public ScimAccessTarget(
            ScimTargetSettings settings,
            ScimAuthentication authentication,
            HttpClient httpClient,
            Clock clock,
            boolean ifMatch,
            Traces.CallRecorder recorder) {
        this.settings = settings;
        this.endpoint = new ScimEndpoint(settings, authentication, new HttpCalls(httpClient, recorder), clock, json);
        this.groups = new ScimGroups(endpoint);
        this.roles = new ScimRoles(settings, endpoint, groups);
        this.membership = new ScimMembership(settings, endpoint, groups, json, ifMatch);
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
        return Optional.of(TargetAccount.of(employeeId, userId, roles.managedRolesOf(user, userId), active(user)));
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
        membership.change(account, role, true);
    }

    @Override
    public void revoke(TargetAccount account, RoleName role) {
        membership.change(account, role, false);
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
        boolean withoutGroupsAreInNone = !unasked && (groupsOnUsers || usersCarryGroups() || roles.inNoGroup(users));
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
                            id,
                            Optional.of(TargetAccount.of(id, userId, roles.rolesFromUserGroups(user), active(user))));
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
        if (!granted.isEmpty() && !membership.addAll(role, granted)) {
            for (TargetAccount account : granted) {
                grant(account, role);
            }
        }
        if (!revoked.isEmpty()) {
            membership.removeAll(role, revoked);
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

    private String prefix() {
        return endpoint.prefix();
    }
}
