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

/**
 * What each target holds for each person, as last applied and read back. Recording a new state writes
 * one audit entry per role gained or lost, with the rules' basis and the evidence behind it.
 */
@Component
public class Assignments {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Notices notices;

    public Assignments(JdbcClient jdbc, AuditTrail audit, Notices notices) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.notices = notices;
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

    @Transactional(propagation = Propagation.MANDATORY)
    void record(
            WorkQueue.Lease lease,
            @Nullable TargetAccount account,
            SortedSet<RoleName> roles,
            DesiredAccess desired,
            Instant now) {
        PersonAccess access = desired.access();
        String employeeId = lease.employeeId().value();
        Map<RoleName, Assignment> stored = new HashMap<>();
        for (Assignment a : of(employeeId)) {
            if (a.target().equals(lease.target())) {
                stored.put(a.role(), a);
            }
        }
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
            Optional<RoleDecision> decision = access == null || override != null
                    ? Optional.empty()
                    : access.entitlements().decision(role);
            String basis = override != null
                    ? overrideBasis(override)
                    : decision.map(RoleDecision::summary).orElse("held in target");
            Instant validUntil = override != null
                    ? override.effectiveEnd()
                    : decision.map(RoleDecision::justifiedUntil).orElse(null);
            if (before == null) {
                jdbc.sql(
                                "INSERT INTO assignment (employee_id, target, role, target_account, since, valid_until, basis) "
                                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .params(
                                employeeId,
                                lease.target(),
                                role.value(),
                                accountId,
                                Timestamp.from(now),
                                ts(validUntil),
                                basis)
                        .update();
                String story = override != null
                        ? employeeId + " gained " + role + " in " + lease.target() + " through " + basis
                        : story(employeeId, "gained", role, lease.target(), decision.orElse(null));
                audit.append(new AuditRecord(
                        "system",
                        "role.granted",
                        "assignment",
                        employeeId + "/" + lease.target() + "/" + role,
                        employeeId,
                        null,
                        withOverride(
                                grantView(lease.target(), accountId, role, validUntil, decision.orElse(null), access),
                                override),
                        story,
                        null));
                notices.queueConfirmation(lease.employeeId(), true, role, lease.target(), story, now);
            } else if (!before.basis().equals(basis) || !java.util.Objects.equals(before.validUntil(), validUntil)) {
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
            jdbc.sql("DELETE FROM assignment WHERE employee_id = ? AND target = ? AND role = ?")
                    .params(employeeId, lease.target(), gone.role().value())
                    .update();
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
                                    : decision.map(RoleDecision::summary)
                                            .orElse("no rule justifies the role any longer");
            suspension.ifPresent(s -> value.put("suspension", s.view()));
            if (deferral.isPresent()) {
                value.put("deferral", deferral.get().view());
                why = why + "; revocation had been deferred since "
                        + deferral.get().since() + " (" + deferral.get().reason() + "), "
                        + deferral.get().endReason();
            }
            String story = employeeId + " lost " + gone.role() + " in " + lease.target() + ": " + why;
            audit.append(new AuditRecord(
                    "system",
                    "role.revoked",
                    "assignment",
                    employeeId + "/" + lease.target() + "/" + gone.role(),
                    employeeId,
                    Map.of("role", gone.role().value(), "since", gone.since().toString(), "basis", gone.basis()),
                    value,
                    story,
                    null));
            notices.queueConfirmation(lease.employeeId(), false, gone.role(), lease.target(), story, now);
        }
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
     * Records what the target holds when it differs from what was last recorded — a change an earlier attempt
     * made without recording it (a crash after the send, an answer lost after the target committed) or a
     * change made by hand in the target — so that every change the target goes through is in the audit
     * trail, including one that this delivery is about to undo.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void recordDrift(WorkQueue.Lease lease, TargetAccount account, java.util.Set<RoleName> held, Instant now) {
        String employeeId = lease.employeeId().value();
        Map<RoleName, Assignment> stored = new HashMap<>();
        for (Assignment a : of(employeeId)) {
            if (a.target().equals(lease.target())) {
                stored.put(a.role(), a);
            }
        }
        for (RoleName role : held) {
            if (stored.containsKey(role)) {
                continue;
            }
            jdbc.sql("INSERT INTO assignment (employee_id, target, role, target_account, since, valid_until, basis) "
                            + "VALUES (?, ?, ?, ?, ?, NULL, ?)")
                    .params(employeeId, lease.target(), role.value(), account.targetId(), Timestamp.from(now), DRIFT)
                    .update();
            audit.append(new AuditRecord(
                    "system",
                    "role.found-in-target",
                    "assignment",
                    employeeId + "/" + lease.target() + "/" + role,
                    employeeId,
                    null,
                    Map.of("target", lease.target(), "role", role.value(), "observedAt", now.toString()),
                    lease.target() + " holds " + role + " for " + employeeId
                            + " though no delivery recorded it: an earlier attempt whose outcome was not recorded,"
                            + " or a change made in the target",
                    null));
        }
        for (Assignment gone : stored.values()) {
            if (held.contains(gone.role())) {
                continue;
            }
            jdbc.sql("DELETE FROM assignment WHERE employee_id = ? AND target = ? AND role = ?")
                    .params(employeeId, lease.target(), gone.role().value())
                    .update();
            audit.append(new AuditRecord(
                    "system",
                    "role.missing-in-target",
                    "assignment",
                    employeeId + "/" + lease.target() + "/" + gone.role(),
                    employeeId,
                    Map.of("role", gone.role().value(), "since", gone.since().toString(), "basis", gone.basis()),
                    Map.of("target", lease.target(), "role", gone.role().value(), "observedAt", now.toString()),
                    lease.target() + " no longer holds " + gone.role() + " for " + employeeId
                            + " though it was recorded: an earlier attempt whose outcome was not recorded,"
                            + " or a change made in the target",
                    null));
        }
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
