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

    /** The answer: the role, its rule, the instants, each holder, and the counts. */
    public record Answer(
            RoleName role,
            String site,
            @Nullable String line,
            Instant at,
            Instant knownAt,
            String rulesVersion,
            List<Holder> holders) {

        public long count(Why why) {
            return holders.stream().filter(h -> h.why() == why).count();
        }

        public long heldInTargets() {
            return holders.stream().filter(h -> !h.inTargets().isEmpty()).count();
        }
    }

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
        List<EntitlementInterval> rows = projection.holders(role, at, knownAt);
        List<AccessOverride> overrideRows = overridesAt(role, at);
        List<Deferral> deferralRows = deferralsAt(role, at);
        List<AssignmentHistory.Held> heldRows = history.holders(role, at, knownAt);
        java.util.Set<EmployeeId> ids = new java.util.HashSet<>();
        rows.forEach(i -> ids.add(i.employeeId()));
        overrideRows.forEach(o -> ids.add(o.employeeId()));
        deferralRows.forEach(d -> ids.add(d.employeeId()));
        heldRows.forEach(h -> ids.add(h.employeeId()));
        Map<String, Person> people = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            persons.find(ids).forEach((id, p) -> people.put(id.value(), p));
        }
        Map<String, EntitlementInterval> justified = new TreeMap<>();
        for (EntitlementInterval i : rows) {
            Person p = people.get(i.employeeId().value());
            // a person who has left is entitled to nothing, whatever their qualifications
            if (p != null && p.status() == Person.Status.ACTIVE) {
                justified.put(i.employeeId().value(), i);
            }
        }
        Map<String, AccessOverride> inForce = new TreeMap<>();
        for (AccessOverride o : overrideRows) {
            Person p = people.get(o.employeeId().value());
            if (p != null && p.status() == Person.Status.ACTIVE) {
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
        java.util.SortedSet<String> everyone = new java.util.TreeSet<>();
        everyone.addAll(justified.keySet());
        everyone.addAll(inForce.keySet());
        everyone.addAll(deferred.keySet());
        everyone.addAll(inTargets.keySet());
        Map<String, List<Long>> audit = auditEntries(role, inTargets, inForce, at);
        List<Holder> holders = new ArrayList<>(everyone.size());
        for (String id : everyone) {
            Person p = people.get(id);
            EntitlementInterval j = justified.get(id);
            AccessOverride o = inForce.get(id);
            Deferral d = deferred.get(id);
            Why why = j != null ? Why.RULES : o != null ? Why.OVERRIDE : d != null ? Why.DEFERRAL : Why.NONE;
            holders.add(new Holder(
                    id,
                    p == null ? id : p.displayName(),
                    p == null ? "UNKNOWN" : p.status().name(),
                    why,
                    j,
                    o,
                    d,
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
                holders);
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
