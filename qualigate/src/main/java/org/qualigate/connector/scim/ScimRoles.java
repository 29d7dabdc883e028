package org.qualigate.connector.scim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Which managed roles a SCIM user holds: from the user's {@code groups} when the server keeps them, else by
 * filtering groups by member, else by reading the managed groups one by one (remembering a server that refuses the
 * member filter, so later reads skip straight past it).
 */
final class ScimRoles {

    private static final Logger log = LoggerFactory.getLogger(ScimAccessTarget.class);

    private final ScimTargetSettings settings;
    private final ScimEndpoint endpoint;
    private final ScimGroups groups;

    /** Set once the server has refused {@code members[value eq …]}, so later reads skip straight past it. */
    private volatile boolean memberFilterRefused;

    ScimRoles(ScimTargetSettings settings, ScimEndpoint endpoint, ScimGroups groups) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.groups = groups;
    }

    Set<RoleName> managedRolesOf(JsonNode user, String userId) {
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

    Set<RoleName> rolesFromUserGroups(JsonNode user) {
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

    /**
     * Whether none of the users found without a {@code groups} attribute is a member of any group: one search
     * {@code members[value eq "a" or value eq "b" …]}. False when the server refuses that filter or finds a
     * group (then those users' groups are asked for one by one).
     */
    boolean inNoGroup(Map<EmployeeId, List<JsonNode>> users) {
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
}
