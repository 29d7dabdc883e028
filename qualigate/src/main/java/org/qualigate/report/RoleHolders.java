package org.qualigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.RoleHolderIndex;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who held a role at an instant, and why — the inspector's question. Every holder at that instant as Qualigate
 * knew it then (or at another instant): the requirement set and evidence (record, approver) that justified it,
 * from the entitlement projection; overrides and deferred revocations in force, from their own records; and what
 * each target actually held, from the assignment history — so a person the MES held the role for without a basis
 * shows as such. Range queries only; the policy is not evaluated per person.
 */
@Component
public class RoleHolders {

    /**
     * The answer: the role, its rule, the instants and when the records begin (decision 0095), each holder (all of
     * them, or one page), the counts over all holders, and the cursor of the next page (absent on the last).
     */
    public record Answer(
            RoleName role,
            String site,
            @Nullable String line,
            Instant at,
            Instant knownAt,
            RecordsBegin.Known records,
            String rulesVersion,
            List<Holder> holders,
            Counts counts,
            @Nullable String next) {

        public long count(Why why) {
            return counts.byWhy().getOrDefault(why, 0L);
        }
    }

    /** How many held the role then, by why, and how many of them a target held it for: over all holders. */
    public record Counts(long holders, Map<Why, Long> byWhy, long heldInTargets) {}

    /** Why a holder held the role then. */
    public enum Why {
        RULES("justified by the rules"),
        OVERRIDE("emergency override"),
        DEFERRAL("revocation deferred"),
        NONE("held without a basis");

        private final String label;

        Why(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One holder: the person, why they held the role, the projection row that justified it (when the rules did),
     * the override or deferral in force, what each target held for them then, and the audit entries behind it.
     */
    public record Holder(
            String employeeId,
            String name,
            String status,
            Why why,
            @Nullable EntitlementInterval justification,
            @Nullable AccessOverride override,
            @Nullable Deferral deferral,
            List<AssignmentHistory.Held> inTargets,
            List<Long> auditEntries) {

        /** Whether a target held the role for the person at the instant without any basis then. */
        public boolean withoutBasis() {
            return why == Why.NONE;
        }
    }

    private final EntitlementProjection projection;
    private final AssignmentHistory history;
    private final Persons persons;
    private final PlantDefinition plant;
    private final JdbcClient jdbc;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final AuditTrail trail;
    private final RoleHolderIndex index;
    private final RecordsBegin recordsBegin;

    RoleHolders(
            EntitlementProjection projection,
            RoleHolderIndex index,
            AssignmentHistory history,
            Persons persons,
            PlantDefinition plant,
            JdbcClient jdbc,
            Overrides overrides,
            Deferrals deferrals,
            AuditTrail trail,
            RecordsBegin recordsBegin) {
        this.trail = trail;
        this.recordsBegin = recordsBegin;
        this.index = index;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.projection = projection;
        this.history = history;
        this.persons = persons;
        this.plant = plant;
        this.jdbc = jdbc;
    }

    /** The rule that gives the role (at its site), in the rules in force now; empty for a role no rule gives. */
    public Optional<Scope> scope(RoleName role) {
        Plant p = plant.current();
        for (String site : p.sites().keySet()) {
            Optional<AccessRule> rule = p.rules().ruleFor(role, site);
            if (rule.isPresent()) {
                return Optional.of(new Scope(site, rule.get().line()));
            }
        }
        return Optional.empty();
    }

    /** The site (and line) of a role. */
    public record Scope(String site, @Nullable String line) {}

    /** Who held the role at {@code at}, as Qualigate knew it at {@code knownAt}. */
    public Answer at(RoleName role, Scope scope, Instant at, Instant knownAt) {
        return page(role, scope, at, knownAt, null, Integer.MAX_VALUE);
    }

    /**
     * One page of {@link #at}: at most {@code limit} holders after the employee ID {@code after} (none: from the
     * first), in the order of the whole answer, with the counts over all holders. The people the rules justified are
     * counted and paged from the projection's index by role and employee ID (no basis read, no holder's ID sent to
     * the service but the page's); the overrides, deferrals and target assignments in force are few and read whole.
     * The basis, the people and the audit entries are read for the page's holders only.
     */
    public Answer page(RoleName role, Scope scope, Instant at, Instant knownAt, @Nullable String after, int limit) {
        Around around = around(role, at, knownAt);
        Selection s = after == null && limit == Integer.MAX_VALUE
                ? whole(role, at, knownAt, around)
                : paged(role, at, knownAt, around, after, limit);
        Map<String, List<AssignmentHistory.Held>> pageInTargets = new TreeMap<>();
        Map<String, AccessOverride> pageOverrides = new TreeMap<>();
        for (String id : s.ids()) {
            if (around.inTargets().containsKey(id)) {
                pageInTargets.put(id, around.inTargets().get(id));
            }
            if (s.inForce().containsKey(id)) {
                pageOverrides.put(id, s.inForce().get(id));
            }
        }
        Map<String, List<Long>> audit = auditEntries(role, pageInTargets, pageOverrides, at);
        List<Holder> holders = new ArrayList<>(s.ids().size());
        for (String id : s.ids()) {
            Person p = s.people().get(id);
            holders.add(new Holder(
                    id,
                    p == null ? id : p.displayName(),
                    p == null ? "UNKNOWN" : p.status().name(),
                    why(id, s.justifiedIds(), s.inForce(), around.deferred()),
                    s.justified().get(id),
                    s.inForce().get(id),
                    around.deferred().get(id),
                    around.inTargets().getOrDefault(id, List.of()),
                    audit.getOrDefault(id, List.of())));
        }
        return new Answer(
                role,
                scope.site(),
                scope.line(),
                at,
                knownAt,
                recordsBegin.known(at, knownAt),
                plant.inForceAt(jdbc, knownAt).version(),
                holders,
                s.counts(),
                s.next());
    }

    /** The overrides, deferred revocations and target assignments of the role in force at the instant. */
    private record Around(
            List<AccessOverride> overrides,
            Map<String, Deferral> deferred,
            Map<String, List<AssignmentHistory.Held>> inTargets) {}

    /**
     * The holders of the whole answer or a page, in order, and what is known of them: who the rules justified (among
     * them, at least), the overrides in force for active people, the rows and people read, the counts over all
     * holders and the cursor of the next page.
     */
    private record Selection(
            List<String> ids,
            Set<String> justifiedIds,
            Map<String, AccessOverride> inForce,
            Map<String, EntitlementInterval> justified,
            Map<String, Person> people,
            Counts counts,
            @Nullable String next) {}

    private Around around(RoleName role, Instant at, Instant knownAt) {
        Map<String, Deferral> deferred = new TreeMap<>();
        for (Deferral d : deferralsAt(role, at)) {
            deferred.putIfAbsent(d.employeeId().value(), d);
        }
        Map<String, List<AssignmentHistory.Held>> inTargets = new TreeMap<>();
        for (AssignmentHistory.Held h : history.holders(role, at, knownAt)) {
            inTargets
                    .computeIfAbsent(h.employeeId().value(), k -> new ArrayList<>())
                    .add(h);
        }
        return new Around(overrides.ofRoleInForceAt(role, at), deferred, inTargets);
    }

    /** Every holder: every row of the role with its basis read at once, and every person. */
    private Selection whole(RoleName role, Instant at, Instant knownAt, Around around) {
        List<EntitlementInterval> rows = projection.holders(role, at, knownAt);
        Set<EmployeeId> ids = new HashSet<>();
        rows.forEach(i -> ids.add(i.employeeId()));
        around.overrides().forEach(o -> ids.add(o.employeeId()));
        around.deferred().keySet().forEach(id -> ids.add(EmployeeId.of(id)));
        around.inTargets().keySet().forEach(id -> ids.add(EmployeeId.of(id)));
        Map<String, Person> people = find(ids);
        // a person who has left is entitled to nothing, whatever their qualifications
        Map<String, EntitlementInterval> justified = new TreeMap<>();
        for (EntitlementInterval i : rows) {
            if (active(people.get(i.employeeId().value()))) {
                justified.put(i.employeeId().value(), i);
            }
        }
        Map<String, AccessOverride> inForce = inForce(around, people);
        NavigableSet<String> everyone = new TreeSet<>(justified.keySet());
        everyone.addAll(inForce.keySet());
        everyone.addAll(around.deferred().keySet());
        everyone.addAll(around.inTargets().keySet());
        Map<Why, Long> byWhy = new EnumMap<>(Why.class);
        for (String id : everyone) {
            byWhy.merge(why(id, justified.keySet(), inForce, around.deferred()), 1L, Long::sum);
        }
        Counts counts = new Counts(everyone.size(), byWhy, around.inTargets().size());
        return new Selection(List.copyOf(everyone), justified.keySet(), inForce, justified, people, counts, null);
    }

    /**
     * One page: the active people the rules justified, counted and paged by keyset on the projection's index, merged
     * in employee order with the few held by an override, a deferral or a target.
     */
    private Selection paged(
            RoleName role, Instant at, Instant knownAt, Around around, @Nullable String after, int limit) {
        Set<String> left = new HashSet<>(persons.idsWithStatus(Person.Status.TERMINATED));
        Map<String, Person> people =
                find(around.overrides().stream().map(AccessOverride::employeeId).toList());
        Map<String, AccessOverride> inForce = inForce(around, people);
        NavigableSet<String> others = new TreeSet<>(inForce.keySet());
        others.addAll(around.deferred().keySet());
        others.addAll(around.inTargets().keySet());
        Set<String> justifiedIds = new HashSet<>(index.among(role, at, knownAt, others));
        justifiedIds.removeAll(left);
        long justifiedCount = index.count(role, at, knownAt)
                - index.among(role, at, knownAt, left).size();
        Map<Why, Long> byWhy = new EnumMap<>(Why.class);
        byWhy.put(Why.RULES, justifiedCount);
        long holders = justifiedCount;
        for (String id : others) {
            if (!justifiedIds.contains(id)) {
                byWhy.merge(why(id, justifiedIds, inForce, around.deferred()), 1L, Long::sum);
                holders++;
            }
        }
        List<String> first = justifiedAfter(role, at, knownAt, after, limit + 1, left);
        justifiedIds.addAll(first);
        NavigableSet<String> candidates = new TreeSet<>(first);
        candidates.addAll(after == null ? others : others.tailSet(after, false));
        List<String> pageIds = candidates.stream().limit(limit).toList();
        String next = candidates.size() > limit ? pageIds.getLast() : null;
        Map<String, EntitlementInterval> justified = new TreeMap<>();
        if (!pageIds.isEmpty()) {
            people.putAll(find(pageIds.stream().map(EmployeeId::of).toList()));
            projection.of(pageIds, at, knownAt).stream()
                    .filter(i -> i.role().equals(role)
                            && justifiedIds.contains(i.employeeId().value()))
                    .forEach(i -> justified.put(i.employeeId().value(), i));
        }
        Counts counts = new Counts(holders, byWhy, around.inTargets().size());
        return new Selection(pageIds, justifiedIds, inForce, justified, people, counts, next);
    }

    /** At most {@code wanted} active people the rules justified after the cursor, in employee order. */
    private List<String> justifiedAfter(
            RoleName role, Instant at, Instant knownAt, @Nullable String after, int wanted, Set<String> left) {
        List<String> found = new ArrayList<>(wanted);
        String cursor = after;
        while (found.size() < wanted) {
            List<String> read = index.after(role, at, knownAt, cursor, wanted);
            read.stream()
                    .filter(id -> !left.contains(id))
                    .limit(wanted - found.size())
                    .forEach(found::add);
            if (read.size() < wanted) {
                break;
            }
            cursor = read.getLast();
        }
        return found;
    }

    private static Map<String, AccessOverride> inForce(Around around, Map<String, Person> people) {
        Map<String, AccessOverride> inForce = new TreeMap<>();
        for (AccessOverride o : around.overrides()) {
            if (active(people.get(o.employeeId().value()))) {
                inForce.putIfAbsent(o.employeeId().value(), o);
            }
        }
        return inForce;
    }

    private static Why why(
            String id, Set<String> justified, Map<String, AccessOverride> inForce, Map<String, Deferral> deferred) {
        return justified.contains(id)
                ? Why.RULES
                : inForce.containsKey(id) ? Why.OVERRIDE : deferred.containsKey(id) ? Why.DEFERRAL : Why.NONE;
    }

    private static boolean active(@Nullable Person p) {
        return p != null && p.status() == Person.Status.ACTIVE;
    }

    private Map<String, Person> find(Collection<EmployeeId> ids) {
        Map<String, Person> found = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            persons.find(ids).forEach((id, p) -> found.put(id.value(), p));
        }
        return found;
    }

    private List<Deferral> deferralsAt(RoleName role, Instant at) {
        List<Deferral> out = new ArrayList<>();
        for (EmployeeId id : deferrals.deferredSince(role, at)) {
            out.addAll(deferrals.inForceAt(id, role, at));
        }
        return out;
    }

    /**
     * The audit entries behind each holder up to the instant: the grants and revocations of the role in each
     * target, and the override in force.
     */
    private Map<String, List<Long>> auditEntries(
            RoleName role,
            Map<String, List<AssignmentHistory.Held>> inTargets,
            Map<String, AccessOverride> overrides,
            Instant at) {
        Map<String, List<Long>> byPerson = new LinkedHashMap<>();
        Collection<String> entityIds = new ArrayList<>();
        inTargets.forEach((id, held) -> held.forEach(h -> entityIds.add(id + "/" + h.target() + "/" + role)));
        List<AuditTrail.Cited> cited = new ArrayList<>(trail.citing("assignment", entityIds, at));
        cited.addAll(trail.citing(
                "override",
                overrides.values().stream().map(o -> o.id().toString()).toList(),
                at));
        for (AuditTrail.Cited c : cited) {
            byPerson.computeIfAbsent(c.employeeId(), k -> new ArrayList<>()).add(c.seq());
        }
        byPerson.values().forEach(list -> list.sort(Long::compare));
        return byPerson;
    }
}
