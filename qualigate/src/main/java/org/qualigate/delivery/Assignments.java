package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.DesiredAccess;
import org.qualigate.access.Notices;
import org.qualigate.access.PersonAccess;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TargetAccount;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each target holds for each person, as last applied and read back, and its history. Before a delivery
 * changes a target it records its intent (what and why); recording the new state writes one audit entry per role
 * gained or lost, with the rules' basis and the evidence behind it.
 */
@Component
public class Assignments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Notices notices;
    private final AssignmentHistory history;

    public Assignments(JdbcClient jdbc, AuditTrail audit, Notices notices, AssignmentHistory history) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.notices = notices;
        this.history = history;
    }

    /** The roles the target holds for the person, as last recorded. */
    public List<Assignment> of(String employeeId) {
        return jdbc.sql("SELECT * FROM assignment WHERE employee_id = ? ORDER BY target, role")
                .param(employeeId)
                .query(Assignments::assignment)
                .list();
    }

    /** {@link #of} for many people in one query (site-wide reports read a chunk of people at a time). */
    public Map<String, List<Assignment>> of(Collection<String> employeeIds) {
        Map<String, List<Assignment>> byPerson = new HashMap<>();
        jdbc.sql("SELECT * FROM assignment WHERE employee_id = ANY(?) ORDER BY employee_id, target, role")
                .param(employeeIds.toArray(String[]::new))
                .query((rs, n) -> Map.entry(rs.getString("employee_id"), assignment(rs, n)))
                .list()
                .forEach(e -> byPerson.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return byPerson;
    }

    private static Assignment assignment(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Assignment(
                rs.getString("target"),
                RoleName.of(rs.getString("role")),
                rs.getString("target_account"),
                rs.getTimestamp("since").toInstant(),
                Optional.ofNullable(rs.getTimestamp("valid_until"))
                        .map(Timestamp::toInstant)
                        .orElse(null),
                rs.getString("basis"));
    }

    /** The roles recorded as granted to the person in the target. */
    public Set<RoleName> recordedRoles(EmployeeId employeeId, String target) {
        return new TreeSet<>(jdbc.sql("SELECT role FROM assignment WHERE employee_id = ? AND target = ?")
                .params(employeeId.value(), target)
                .query((rs, n) -> RoleName.of(rs.getString(1)))
                .list());
    }

    /** What one change writes: its audit entry and, for a grant, the assignment's basis and end. */
    record Entry(
            String action,
            @Nullable Map<String, Object> oldValue,
            Map<String, Object> newValue,
            String reason,
            String basis,
            @Nullable Instant validUntil) {

        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", action);
            m.put("old", oldValue);
            m.put("new", newValue);
            m.put("reason", reason);
            m.put("basis", basis);
            m.put("validUntil", validUntil == null ? null : validUntil.toString());
            return JSON.writeValueAsString(m);
        }

        @SuppressWarnings("unchecked")
        static Entry parse(String json) {
            Map<String, Object> m = JSON.readValue(json, Map.class);
            Object until = m.get("validUntil");
            return new Entry(
                    (String) m.get("action"),
                    (Map<String, Object>) m.get("old"),
                    (Map<String, Object>) m.get("new"),
                    (String) m.get("reason"),
                    (String) m.get("basis"),
                    until == null ? null : Instant.parse((String) until));
        }
    }

    /** A change a delivery said it was about to make, and why, before it made it. */
    record Intent(RoleName role, boolean grant, Instant intendedAt, long leaseToken, Entry entry) {}

    /**
     * Before changing the target: records, under the lease, each change about to be made and the audit entry it
     * will be recorded with (the basis), replacing what an earlier attempt intended.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void intend(
            WorkQueue.Lease lease,
            TargetAccount account,
            Set<RoleName> grants,
            Set<RoleName> revokes,
            DesiredAccess desired,
            Instant now) {
        String employeeId = lease.employeeId().value();
        jdbc.sql("DELETE FROM delivery_intent WHERE employee_id = ? AND target = ?")
                .params(employeeId, lease.target())
                .update();
        Map<RoleName, Assignment> stored = stored(lease);
        for (RoleName role : grants) {
            insertIntent(lease, role, true, now, grantEntry(lease, account.targetId(), role, desired));
        }
        for (RoleName role : revokes) {
            Assignment before = stored.getOrDefault(
                    role, new Assignment(lease.target(), role, account.targetId(), now, null, DRIFT));
            insertIntent(lease, role, false, now, revokeEntry(lease, before, desired, now));
        }
    }

    private void insertIntent(WorkQueue.Lease lease, RoleName role, boolean grant, Instant now, Entry entry) {
        jdbc.sql("""
                        INSERT INTO delivery_intent (employee_id, target, role, change, intended_at, lease_token, basis,
                            entry, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        lease.employeeId().value(),
                        lease.target(),
                        role.value(),
                        grant ? "grant" : "revoke",
                        Timestamp.from(now),
                        lease.token(),
                        entry.basis(),
                        entry.json(),
                        entry.reason())
                .update();
    }

    private Map<RoleName, Intent> intents(WorkQueue.Lease lease) {
        Map<RoleName, Intent> intents = new HashMap<>();
        jdbc.sql("SELECT * FROM delivery_intent WHERE employee_id = ? AND target = ?")
                .params(lease.employeeId().value(), lease.target())
                .query(rs -> {
                    RoleName role = RoleName.of(rs.getString("role"));
                    intents.put(
                            role,
                            new Intent(
                                    role,
                                    rs.getString("change").equals("grant"),
                                    rs.getTimestamp("intended_at").toInstant(),
                                    rs.getLong("lease_token"),
                                    Entry.parse(rs.getString("entry"))));
                });
        return intents;
    }

    private Map<RoleName, Assignment> stored(WorkQueue.Lease lease) {
        Map<RoleName, Assignment> stored = new HashMap<>();
        for (Assignment a : of(lease.employeeId().value())) {
            if (a.target().equals(lease.target())) {
                stored.put(a.role(), a);
            }
        }
        return stored;
    }

    /**
     * Records what the target holds after this delivery applied its changes at {@code appliedAt}: one audit entry
     * per role gained or lost (the entry its intent named, so its cause), the history of what the target held, and
     * a confirmation to the person. Intents are done with once recorded.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(
            WorkQueue.Lease lease,
            @Nullable TargetAccount account,
            SortedSet<RoleName> roles,
            DesiredAccess desired,
            Instant appliedAt) {
        PersonAccess access = desired.access();
        String employeeId = lease.employeeId().value();
        Map<RoleName, Assignment> stored = stored(lease);
        Map<RoleName, Intent> intents = intents(lease);
        String accountId = account == null ? "" : account.targetId();
        for (RoleName role : roles) {
            Optional<DesiredAccess.DesiredRole> why = desired.role(role);
            AccessOverride override =
                    why.map(DesiredAccess.DesiredRole::override).orElse(null);
            Assignment before = stored.remove(role);
            if (before != null
                    && why.map(w -> w.why() == DesiredAccess.DesiredRole.Why.DEFERRAL)
                            .orElse(false)) {
                continue; // kept only while its revocation is deferred: the deferral is audited on its own
            }
            if (before == null) {
                Intent intent = intents.get(role);
                Entry entry =
                        intent != null && intent.grant() ? intent.entry() : grantEntry(lease, accountId, role, desired);
                boolean recovered = intent != null && intent.grant() && intent.leaseToken() != lease.token();
                granted(
                        lease,
                        accountId,
                        role,
                        entry,
                        recovered ? intent.intendedAt() : appliedAt,
                        appliedAt,
                        recovered);
                continue;
            }
            Optional<RoleDecision> decision = access == null || override != null
                    ? Optional.empty()
                    : access.entitlements().decision(role);
            String basis = override != null
                    ? overrideBasis(override)
                    : decision.map(RoleDecision::summary).orElse("held in target");
            Instant validUntil = override != null
                    ? override.effectiveEnd()
                    : decision.map(RoleDecision::justifiedUntil).orElse(null);
            if (!before.basis().equals(basis) || !java.util.Objects.equals(before.validUntil(), validUntil)) {
                jdbc.sql(
                                "UPDATE assignment SET basis = ?, valid_until = ? WHERE employee_id = ? AND target = ? AND role = ?")
                        .params(basis, ts(validUntil), employeeId, lease.target(), role.value())
                        .update();
                audit.append(new AuditRecord(
                        "system",
                        "role.basis-changed",
                        "assignment",
                        employeeId + "/" + lease.target() + "/" + role,
                        employeeId,
                        Map.of("basis", before.basis()),
                        withOverride(
                                grantView(lease.target(), accountId, role, validUntil, decision.orElse(null), access),
                                override),
                        basis,
                        null));
            }
        }
        for (Assignment gone : stored.values()) {
            Intent intent = intents.get(gone.role());
            Entry entry =
                    intent != null && !intent.grant() ? intent.entry() : revokeEntry(lease, gone, desired, appliedAt);
            boolean recovered = intent != null && !intent.grant() && intent.leaseToken() != lease.token();
            revoked(lease, gone, entry, recovered ? intent.intendedAt() : appliedAt, appliedAt, recovered);
        }
        jdbc.sql("DELETE FROM delivery_intent WHERE employee_id = ? AND target = ?")
                .params(employeeId, lease.target())
                .update();
    }

    /** The audit entry of a grant, with the rules' basis (or the override) and the evidence behind it. */
    private Entry grantEntry(WorkQueue.Lease lease, String accountId, RoleName role, DesiredAccess desired) {
        PersonAccess access = desired.access();
        String employeeId = lease.employeeId().value();
        AccessOverride override =
                desired.role(role).map(DesiredAccess.DesiredRole::override).orElse(null);
        Optional<RoleDecision> decision = access == null || override != null
                ? Optional.empty()
                : access.entitlements().decision(role);
        String basis = override != null
                ? overrideBasis(override)
                : decision.map(RoleDecision::summary).orElse("held in target");
        Instant validUntil = override != null
                ? override.effectiveEnd()
                : decision.map(RoleDecision::justifiedUntil).orElse(null);
        String story = override != null
                ? employeeId + " gained " + role + " in " + lease.target() + " through " + basis
                : story(employeeId, "gained", role, lease.target(), decision.orElse(null));
        return new Entry(
                "role.granted",
                null,
                withOverride(
                        grantView(lease.target(), accountId, role, validUntil, decision.orElse(null), access),
                        override),
                story,
                basis,
                validUntil);
    }

    /** The audit entry of a revocation: why the role goes, when it took effect, and any deferral behind it. */
    private Entry revokeEntry(WorkQueue.Lease lease, Assignment gone, DesiredAccess desired, Instant now) {
        PersonAccess access = desired.access();
        String employeeId = lease.employeeId().value();
        Optional<RoleDecision> decision =
                access == null ? Optional.empty() : access.entitlements().decision(gone.role());
        Optional<Deferral> deferral =
                desired.releasedDeferral(gone.role()).filter(d -> !d.since().isBefore(gone.since()));
        var value = new LinkedHashMap<String, Object>();
        value.put("target", lease.target());
        value.put("role", gone.role().value());
        value.put(
                "effectiveAt",
                deferral.map(d -> d.until().isBefore(now) ? d.until() : now)
                        .orElseGet(() -> effectiveRevocation(gone, now))
                        .toString());
        value.put("appliedAt", now.toString());
        if (access != null) {
            value.put("rulesVersion", access.entitlements().rulesVersion());
            value.put("personStatus", access.person().status().name());
        }
        Optional<org.qualigate.access.Suspensions.Suspension> suspension = desired.suspension(gone.role());
        String why = access == null
                ? "person unknown to the ledger"
                : !access.active()
                        ? "person is " + access.person().status().name().toLowerCase()
                        : suspension.isPresent()
                                ? "suspended by " + suspension.get().suspendedBy()
                                        + (suspension.get().campaignId() == null
                                                ? ""
                                                : " in access review campaign "
                                                        + suspension.get().campaignId())
                                        + ": " + suspension.get().reason()
                                : decision.map(RoleDecision::summary).orElse("no rule justifies the role any longer");
        suspension.ifPresent(sp -> value.put("suspension", sp.view()));
        if (deferral.isPresent()) {
            value.put("deferral", deferral.get().view());
            why = why + "; revocation had been deferred since "
                    + deferral.get().since() + " (" + deferral.get().reason() + "), "
                    + deferral.get().endReason();
        }
        String story = employeeId + " lost " + gone.role() + " in " + lease.target() + ": " + why;
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("role", gone.role().value());
        old.put("since", gone.since().toString());
        old.put("basis", gone.basis());
        return new Entry("role.revoked", old, value, story, why, null);
    }

    private void granted(
            WorkQueue.Lease lease,
            String accountId,
            RoleName role,
            Entry entry,
            Instant heldFrom,
            Instant now,
            boolean recovered) {
        String employeeId = lease.employeeId().value();
        jdbc.sql("INSERT INTO assignment (employee_id, target, role, target_account, since, valid_until, basis) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        employeeId,
                        lease.target(),
                        role.value(),
                        accountId,
                        Timestamp.from(heldFrom),
                        ts(entry.validUntil()),
                        entry.basis())
                .update();
        history.opened(lease.employeeId(), lease.target(), role, accountId, heldFrom, now, "granted", entry.basis());
        Map<String, Object> value = new LinkedHashMap<>(entry.newValue());
        String reason = recovered ? recovered(value, entry.reason(), heldFrom, now) : entry.reason();
        audit.append(new AuditRecord(
                "system",
                "role.granted",
                "assignment",
                employeeId + "/" + lease.target() + "/" + role,
                employeeId,
                null,
                value,
                reason,
                null));
        notices.queueConfirmation(lease.employeeId(), true, role, lease.target(), entry.reason(), now);
    }

    private void revoked(
            WorkQueue.Lease lease, Assignment gone, Entry entry, Instant heldTo, Instant now, boolean recovered) {
        String employeeId = lease.employeeId().value();
        jdbc.sql("DELETE FROM assignment WHERE employee_id = ? AND target = ? AND role = ?")
                .params(employeeId, lease.target(), gone.role().value())
                .update();
        history.closed(lease.employeeId(), lease.target(), gone.role(), heldTo, now, "revoked");
        Map<String, Object> value = new LinkedHashMap<>(entry.newValue());
        String reason = recovered ? recovered(value, entry.reason(), heldTo, now) : entry.reason();
        audit.append(new AuditRecord(
                "system",
                "role.revoked",
                "assignment",
                employeeId + "/" + lease.target() + "/" + gone.role(),
                employeeId,
                entry.oldValue(),
                value,
                reason,
                null));
        notices.queueConfirmation(lease.employeeId(), false, gone.role(), lease.target(), entry.reason(), now);
    }

    /**
     * Marks the entry of a change an interrupted delivery made: applied between its intent and now, recorded now;
     * answers the reason to record.
     */
    private static String recovered(Map<String, Object> value, String reason, Instant intendedAt, Instant now) {
        value.put("appliedBetween", List.of(intendedAt.toString(), now.toString()));
        value.put("recordedAfterInterruption", true);
        return reason + " (applied by a delivery that was interrupted before recording it; recorded at " + now + ")";
    }

    private static String overrideBasis(AccessOverride o) {
        return "override " + o.id() + " granted by " + o.grantedBy() + " until " + o.endsAt() + ": " + o.reason();
    }

    private static Map<String, Object> withOverride(Map<String, Object> view, @Nullable AccessOverride o) {
        if (o != null) {
            Map<String, Object> ov = new LinkedHashMap<>();
            ov.put("id", o.id().toString());
            ov.put("grantedBy", o.grantedBy());
            ov.put("reason", o.reason());
            ov.put("startsAt", o.startsAt().toString());
            ov.put("endsAt", o.endsAt().toString());
            view.put("override", ov);
        }
        return view;
    }

    /**
     * Records what the target holds when it differs from what was last recorded, so that every change the target
     * goes through is in the audit trail, including one that this delivery is about to undo. A change that an
     * earlier, interrupted delivery made is recorded with the cause that delivery wrote down before making it
     * (role granted or revoked, with its basis); anything else is drift — a change made in the target — and is
     * recorded as found with what the target held.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void recordDrift(
            WorkQueue.Lease lease, @Nullable TargetAccount account, java.util.Set<RoleName> held, Instant now) {
        String employeeId = lease.employeeId().value();
        Map<RoleName, Assignment> stored = stored(lease);
        Map<RoleName, Intent> intents = intents(lease);
        String accountId = account == null ? "" : account.targetId();
        List<String> found = held.stream().map(RoleName::value).sorted().toList();
        List<String> recorded =
                stored.keySet().stream().map(RoleName::value).sorted().toList();
        for (RoleName role : held) {
            if (stored.containsKey(role)) {
                continue;
            }
            Intent intent = intents.get(role);
            if (intent != null && intent.grant()) {
                granted(lease, accountId, role, intent.entry(), intent.intendedAt(), now, true);
                continue;
            }
            jdbc.sql("INSERT INTO assignment (employee_id, target, role, target_account, since, valid_until, basis) "
                            + "VALUES (?, ?, ?, ?, ?, NULL, ?)")
                    .params(employeeId, lease.target(), role.value(), accountId, Timestamp.from(now), DRIFT)
                    .update();
            history.opened(lease.employeeId(), lease.target(), role, accountId, now, now, "found", DRIFT);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("target", lease.target());
            value.put("role", role.value());
            value.put("targetAccount", accountId);
            value.put("observedAt", now.toString());
            value.put("foundInTarget", found);
            value.put("recorded", recorded);
            audit.append(new AuditRecord(
                    "system",
                    "role.found-in-target",
                    "assignment",
                    employeeId + "/" + lease.target() + "/" + role,
                    employeeId,
                    null,
                    value,
                    lease.target() + " holds " + role + " for " + employeeId
                            + " though no delivery recorded or intended it: a change made in the target",
                    null));
        }
        for (Assignment gone : stored.values()) {
            if (held.contains(gone.role())) {
                continue;
            }
            Intent intent = intents.get(gone.role());
            if (intent != null && !intent.grant()) {
                revoked(lease, gone, intent.entry(), intent.intendedAt(), now, true);
                continue;
            }
            jdbc.sql("DELETE FROM assignment WHERE employee_id = ? AND target = ? AND role = ?")
                    .params(employeeId, lease.target(), gone.role().value())
                    .update();
            history.closed(lease.employeeId(), lease.target(), gone.role(), now, now, "missing");
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("target", lease.target());
            value.put("role", gone.role().value());
            value.put("targetAccount", accountId);
            value.put("observedAt", now.toString());
            value.put("foundInTarget", found);
            value.put("recorded", recorded);
            audit.append(new AuditRecord(
                    "system",
                    "role.missing-in-target",
                    "assignment",
                    employeeId + "/" + lease.target() + "/" + gone.role(),
                    employeeId,
                    Map.of("role", gone.role().value(), "since", gone.since().toString(), "basis", gone.basis()),
                    value,
                    account == null
                            ? lease.target() + " has no account for " + employeeId + " any longer, so it no longer"
                                    + " holds " + gone.role() + ": a change made in the target"
                            : lease.target() + " no longer holds " + gone.role() + " for " + employeeId
                                    + " though it was recorded and no delivery intended to remove it: a change made"
                                    + " in the target",
                    null));
        }
        // what an interrupted delivery intended is now accounted for
        jdbc.sql("DELETE FROM delivery_intent WHERE employee_id = ? AND target = ?")
                .params(employeeId, lease.target())
                .update();
    }

    private static final String DRIFT = "found in target without a recorded delivery";

    private static Instant effectiveRevocation(Assignment gone, Instant now) {
        return gone.validUntil() != null && gone.validUntil().isBefore(now) ? gone.validUntil() : now;
    }

    private static Map<String, Object> grantView(
            String target,
            String accountId,
            RoleName role,
            @Nullable Instant validUntil,
            @Nullable RoleDecision decision,
            @Nullable PersonAccess access) {
        var m = new LinkedHashMap<String, Object>();
        m.put("target", target);
        m.put("targetAccount", accountId);
        m.put("role", role.value());
        m.put("validUntil", validUntil == null ? null : validUntil.toString());
        m.put("inGrace", decision != null && decision.inGrace());
        if (access != null) {
            m.put("rulesVersion", access.entitlements().rulesVersion());
        }
        List<Map<String, Object>> basis = new ArrayList<>();
        if (decision != null && access != null) {
            Map<String, Qualification> byEvidence = new HashMap<>();
            access.qualifications().forEach(q -> byEvidence.put(q.evidence().evidenceId(), q));
            decision.basis()
                    .map(SetOutcome::requirements)
                    .orElse(List.of())
                    .forEach(r -> basis.add(evidence(r, byEvidence)));
            m.put("set", decision.basis().map(SetOutcome::index).orElse(null));
        }
        m.put("basis", basis);
        return m;
    }

    private static Map<String, Object> evidence(RequirementOutcome r, Map<String, Qualification> byEvidence) {
        var m = new LinkedHashMap<String, Object>();
        m.put("code", r.requirement().code().value());
        m.put("minimumLevel", r.requirement().minimumLevel());
        if (r.evidence() != null) {
            Qualification q = byEvidence.get(r.evidence().evidenceId());
            m.put("evidence", r.evidence().evidenceId());
            m.put("level", r.evidence().level());
            m.put("completedAt", r.evidence().completedAt().toString());
            m.put(
                    "expiresAt",
                    r.evidence().expiresAt() == null
                            ? null
                            : r.evidence().expiresAt().toString());
            if (q != null) {
                m.put("sourceRecordId", q.evidence().sourceRecordId());
                m.put("approvedBy", q.evidence().approvedBy());
                m.put(
                        "approvedAt",
                        q.evidence().approvedAt() == null
                                ? null
                                : q.evidence().approvedAt().toString());
                m.put("eventId", q.evidence().eventId().toString());
            }
        }
        return m;
    }

    /** "E10023 gained BSL.FILL-1.OPERATOR in mes because GMP-BASIC was completed on … (hris/TR-1, approved by …)". */
    private static String story(
            String employeeId, String verb, RoleName role, String target, @Nullable RoleDecision decision) {
        if (decision == null) {
            return employeeId + " " + verb + " " + role + " in " + target + " (found in the target)";
        }
        return employeeId + " " + verb + " " + role + " in " + target + " because " + decision.summary();
    }

    private static @Nullable Timestamp ts(@Nullable Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    /** One role a target holds for a person. */
    public record Assignment(
            String target,
            RoleName role,
            String targetAccount,
            Instant since,
            @Nullable Instant validUntil,
            String basis) {}
}
