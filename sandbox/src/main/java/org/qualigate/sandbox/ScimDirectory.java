package org.qualigate.sandbox;

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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SCIM server's users and groups, their indexes (user name, a user's groups) and the side effects each change
 * records. Every read and change happens inside {@link #locked}, so a request sees one consistent directory.
 */
final class ScimDirectory {

    private static final String TARGET = "scim";

    private final Clock clock;
    private final SideEffects sideEffects;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ScimUser> users = new LinkedHashMap<>();
    private final Map<String, String> userIdsByName = new HashMap<>();
    private final Map<String, ScimGroup> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> groupIdsByUser = new HashMap<>();
    /** User names whose addition to a group the MES refuses (400), as some MES refuse accounts of some types. */
    private final Set<String> refusedMembers = ConcurrentHashMap.newKeySet();

    ScimDirectory(Clock clock, SideEffects sideEffects, RandomGenerator random) {
        this.clock = clock;
        this.sideEffects = sideEffects;
        this.random = random;
    }

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    // ---- reading

    @Nullable
    String userIdOf(String userName) {
        return userIdsByName.get(userName.toLowerCase(Locale.ROOT));
    }

    @Nullable
    ScimUser userOrNull(String id) {
        return users.get(id);
    }

    boolean hasUser(String id) {
        return users.containsKey(id);
    }

    ScimUser user(String id) {
        ScimUser user = users.get(id);
        if (user == null) {
            throw ScimException.notFound("User " + id + " not found");
        }
        return user;
    }

    ScimGroup group(String id) {
        ScimGroup group = groups.get(id);
        if (group == null) {
            throw ScimException.notFound("Group " + id + " not found");
        }
        return group;
    }

    Collection<ScimGroup> groups() {
        return groups.values();
    }

    Optional<ScimGroup> groupNamed(String displayName) {
        return groups.values().stream()
                .filter(g -> g.displayName.equalsIgnoreCase(displayName))
                .findFirst();
    }

    /** The groups the user is a member of, in the order they were joined. */
    List<ScimGroup> groupsOf(String userId) {
        List<ScimGroup> of = new ArrayList<>();
        for (String groupId : groupIdsByUser.getOrDefault(userId, Set.of())) {
            of.add(groups.get(groupId));
        }
        return of;
    }

    int userCount() {
        return users.size();
    }

    int groupCount() {
        return groups.size();
    }

    /** The users a filter can match; a lookup by user name is served from the index. */
    Collection<ScimUser> candidates(@Nullable ScimFilter filter) {
        if (filter instanceof ScimFilter.Compare c && isUserNameEquals(c)) {
            String id = userIdOf(c.value().stringValue());
            return id == null ? List.of() : List.of(users.get(id));
        }
        // A search for several people by user name ("userName eq a or userName eq b …") is served from the
        // index too; every candidate is still tested against the whole filter.
        List<String> names = new ArrayList<>();
        if (userNames(filter, names)) {
            List<ScimUser> found = new ArrayList<>();
            for (String name : names) {
                String id = userIdOf(name);
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
        if (filter instanceof ScimFilter.Compare c && isUserNameEquals(c)) {
            names.add(c.value().stringValue());
            return true;
        }
        return false;
    }

    private static boolean isUserNameEquals(ScimFilter.Compare c) {
        return c.operator() == ScimFilter.Operator.EQ
                && c.path().urn() == null
                && c.path().names().size() == 1
                && c.path().first().equals("username")
                && c.value().isString();
    }

    // ---- members refused by the MES

    void refuseMembership(String userName) {
        refusedMembers.add(userName.toLowerCase(Locale.ROOT));
    }

    void acceptMembership(String userName) {
        refusedMembers.remove(userName.toLowerCase(Locale.ROOT));
    }

    /** Refuses (400) a new member of the group whose user name the MES does not take into groups. */
    void requireAcceptedNewMembers(ScimGroup group, Set<String> members) {
        for (String member : members) {
            if (!group.members.contains(member)
                    && refusedMembers.contains(users.get(member).userName().toLowerCase(Locale.ROOT))) {
                throw ScimException.invalidValue(
                        "user " + users.get(member).userName() + " cannot be a member of a group");
            }
        }
    }

    // ---- users

    ScimUser insertUser(ObjectNode attributes, boolean record) {
        ScimResources.requireUserName(attributes);
        String userName = attributes.get("userName").stringValue();
        if (userIdsByName.containsKey(userName.toLowerCase(Locale.ROOT))) {
            throw ScimException.uniqueness("userName " + userName + " is already taken");
        }
        Instant now = now();
        ScimUser user = new ScimUser(newId(), attributes, now);
        users.put(user.id, user);
        userIdsByName.put(userName.toLowerCase(Locale.ROOT), user.id);
        if (record) {
            sideEffects.record(TARGET, "user.create", userName, "id=" + user.id);
        }
        return user;
    }

    void commitUser(ScimUser user, ObjectNode attributes, String operation) {
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

    /** Takes the user out of every group it is in, then out of the directory. */
    void deleteUser(ScimUser user) {
        String id = user.id;
        for (String groupId : List.copyOf(groupIdsByUser.getOrDefault(id, Set.of()))) {
            ScimGroup group = groups.get(groupId);
            Set<String> members = new LinkedHashSet<>(group.members);
            members.remove(id);
            commitGroup(group, group.displayName, group.externalId, members, true);
        }
        users.remove(id);
        userIdsByName.remove(user.userName().toLowerCase(Locale.ROOT));
        groupIdsByUser.remove(id);
        sideEffects.record(TARGET, "user.delete", user.userName(), "id=" + id);
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

    // ---- groups

    ScimGroup insertGroup(String displayName, @Nullable String externalId, List<String> memberIds, boolean record) {
        for (ScimGroup existing : groups.values()) {
            if (existing.displayName.equalsIgnoreCase(displayName)) {
                throw ScimException.uniqueness("displayName " + displayName + " is already taken");
            }
        }
        ScimGroup group = new ScimGroup(newId(), displayName, externalId, now());
        groups.put(group.id, group);
        if (record) {
            sideEffects.record(TARGET, "group.create", displayName, "id=" + group.id);
        }
        for (String member : memberIds) {
            if (group.members.add(member)) {
                joined(group, member, displayName, record);
            }
        }
        return group;
    }

    /** Applies a group's new state; records and versions only what actually changed. */
    void commitGroup(
            ScimGroup group, String displayName, @Nullable String externalId, Set<String> members, boolean record) {
        if (!group.displayName.equalsIgnoreCase(displayName)) {
            for (ScimGroup other : groups.values()) {
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
        boolean externalChanged = !Objects.equals(group.externalId, externalId);
        if (added.isEmpty() && removed.isEmpty() && !renamed && !externalChanged) {
            return;
        }
        if (record) {
            recordRename(group, displayName, externalId, renamed, externalChanged);
        }
        group.displayName = displayName;
        group.externalId = externalId;
        for (String member : added) {
            group.members.add(member);
            joined(group, member, displayName, record);
        }
        for (String member : removed) {
            group.members.remove(member);
            Set<String> of = groupIdsByUser.get(member);
            if (of != null) {
                of.remove(group.id);
            }
            if (record) {
                ScimUser user = users.get(member);
                sideEffects.record(TARGET, "group.member.remove", displayName, user == null ? member : user.userName());
            }
        }
        group.touch(now());
    }

    /** Indexes a member just added to the group, and records the addition as a side effect. */
    private void joined(ScimGroup group, String member, String displayName, boolean record) {
        groupIdsByUser.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(group.id);
        if (record) {
            sideEffects.record(
                    TARGET, "group.member.add", displayName, users.get(member).userName());
        }
    }

    private void recordRename(
            ScimGroup group,
            String displayName,
            @Nullable String externalId,
            boolean renamed,
            boolean externalChanged) {
        if (renamed) {
            sideEffects.record(
                    TARGET, "group.update", displayName, "displayName: " + group.displayName + " -> " + displayName);
        }
        if (externalChanged) {
            sideEffects.record(
                    TARGET,
                    "group.update",
                    displayName,
                    "externalId: " + (group.externalId == null ? "(none)" : group.externalId) + " -> "
                            + (externalId == null ? "(none)" : externalId));
        }
    }

    void deleteGroup(ScimGroup group) {
        for (String member : group.members) {
            Set<String> of = groupIdsByUser.get(member);
            if (of != null) {
                of.remove(group.id);
            }
        }
        groups.remove(group.id);
        sideEffects.record(TARGET, "group.delete", group.displayName, "id=" + group.id);
    }

    /** Empties the store: no users, no groups. The side-effect log is kept. */
    void clear() {
        users.clear();
        userIdsByName.clear();
        groups.clear();
        groupIdsByUser.clear();
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
}
