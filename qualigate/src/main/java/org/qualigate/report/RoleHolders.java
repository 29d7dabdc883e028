package org.qualigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
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
     * The answer: the role, its rule, the instants, each holder (all of them, or one page), the counts over all
     * holders, and the cursor of the next page (absent for the whole answer and for the last page).
     */
    public record Answer(
            RoleName role,
            String site,
            @Nullable String line,
            Instant at,
            Instant knownAt,
            String rulesVersion,
            List<Holder> holders,
            Counts counts,
            @Nullable String next) {

        public long count(Why why) {
            return counts.byWhy().getOrDefault(why, 0L);
        }

        public long heldInTargets() {
            return counts.heldInTargets();
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

    RoleHolders(
            EntitlementProjection projection,
            AssignmentHistory history,
            Persons persons,
            PlantDefinition plant,
            JdbcClient jdbc,
            Overrides overrides,
            Deferrals deferrals,
            AuditTrail trail) {
        this.trail = trail;
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
     * first), in the order of the whole answer, with the counts over all holders. Which people held the role and why
     * is worked out for all of them from their IDs (the projection's rows by role, with no basis read); the basis,
     * the people and the audit entries are read for the page's holders only.
     */
    public Answer page(RoleName role, Scope scope, Instant at, Instant knownAt, @Nullable String after, int limit) {
        boolean whole = after == null && limit == Integer.MAX_VALUE;
        // the whole answer reads every row with its basis at once; a page only the IDs, and the basis of its own
        List<EntitlementInterval> rows = whole ? projection.holders(role, at, knownAt) : List.of();
        List<AccessOverride> overrideRows = overridesAt(role, at);
        List<Deferral> deferralRows = deferralsAt(role, at);
        List<AssignmentHistory.Held> heldRows = history.holders(role, at, knownAt);
        // a person who has left is entitled to nothing, whatever their qualifications
        java.util.Set<String> justifiedIds = new java.util.HashSet<>();
        Map<String, Person> people = new java.util.HashMap<>();
        if (whole) {
            java.util.Set<EmployeeId> ids = new java.util.HashSet<>();
            rows.forEach(i -> ids.add(i.employeeId()));
            overrideRows.forEach(o -> ids.add(o.employeeId()));
            deferralRows.forEach(d -> ids.add(d.employeeId()));
            heldRows.forEach(h -> ids.add(h.employeeId()));
            people.putAll(find(ids));
            for (EntitlementInterval i : rows) {
                if (active(people.get(i.employeeId().value()))) {
                    justifiedIds.add(i.employeeId().value());
                }
            }
        } else {
            justifiedIds.addAll(projection.activeHolderIds(role, at, knownAt));
            people.putAll(
                    find(overrideRows.stream().map(AccessOverride::employeeId).toList()));
        }
        Map<String, AccessOverride> inForce = new TreeMap<>();
        for (AccessOverride o : overrideRows) {
            if (active(people.get(o.employeeId().value()))) {
                inForce.putIfAbsent(o.employeeId().value(), o);
            }
        }
        Map<String, Deferral> deferred = new TreeMap<>();
        for (Deferral d : deferralRows) {
            deferred.putIfAbsent(d.employeeId().value(), d);
        }
        Map<String, List<AssignmentHistory.Held>> inTargets = new TreeMap<>();
        for (AssignmentHistory.Held h : heldRows) {
            inTargets
                    .computeIfAbsent(h.employeeId().value(), k -> new ArrayList<>())
                    .add(h);
        }
        java.util.NavigableSet<String> everyone = new java.util.TreeSet<>();
        everyone.addAll(justifiedIds);
        everyone.addAll(inForce.keySet());
        everyone.addAll(deferred.keySet());
        everyone.addAll(inTargets.keySet());
        Map<Why, Long> byWhy = new java.util.EnumMap<>(Why.class);
        for (String id : everyone) {
            byWhy.merge(why(id, justifiedIds, inForce, deferred), 1L, Long::sum);
        }
        Counts counts = new Counts(everyone.size(), byWhy, inTargets.size());

        List<String> pageIds = new ArrayList<>(Math.min(limit, everyone.size()));
        for (String id : after == null ? everyone : everyone.tailSet(after, false)) {
            if (pageIds.size() == limit) {
                break;
            }
            pageIds.add(id);
        }
        String next = !pageIds.isEmpty() && everyone.higher(pageIds.getLast()) != null ? pageIds.getLast() : null;
        Map<String, EntitlementInterval> justified = new TreeMap<>();
        if (whole) {
            rows.stream()
                    .filter(i -> justifiedIds.contains(i.employeeId().value()))
                    .forEach(i -> justified.put(i.employeeId().value(), i));
        } else if (!pageIds.isEmpty()) {
            people.putAll(find(pageIds.stream().map(EmployeeId::of).toList()));
            projection.of(pageIds, at, knownAt).stream()
                    .filter(i -> i.role().equals(role)
                            && justifiedIds.contains(i.employeeId().value()))
                    .forEach(i -> justified.put(i.employeeId().value(), i));
        }
        Map<String, List<AssignmentHistory.Held>> pageInTargets = new TreeMap<>();
        Map<String, AccessOverride> pageOverrides = new TreeMap<>();
        for (String id : pageIds) {
            if (inTargets.containsKey(id)) {
                pageInTargets.put(id, inTargets.get(id));
            }
            if (inForce.containsKey(id)) {
                pageOverrides.put(id, inForce.get(id));
            }
        }
        Map<String, List<Long>> audit = auditEntries(role, pageInTargets, pageOverrides, at);
        List<Holder> holders = new ArrayList<>(pageIds.size());
        for (String id : pageIds) {
            Person p = people.get(id);
            holders.add(new Holder(
                    id,
                    p == null ? id : p.displayName(),
                    p == null ? "UNKNOWN" : p.status().name(),
                    why(id, justifiedIds, inForce, deferred),
                    justified.get(id),
                    inForce.get(id),
                    deferred.get(id),
                    inTargets.getOrDefault(id, List.of()),
                    audit.getOrDefault(id, List.of())));
        }
        return new Answer(
                role,
                scope.site(),
                scope.line(),
                at,
                knownAt,
                plant.inForceAt(jdbc, knownAt).version(),
                holders,
                counts,
                next);
    }

    private static Why why(
            String id,
            java.util.Set<String> justified,
            Map<String, AccessOverride> inForce,
            Map<String, Deferral> deferred) {
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

    private List<AccessOverride> overridesAt(RoleName role, Instant at) {
        return overrides.ofRoleInForceAt(role, at);
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
