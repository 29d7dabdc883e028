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
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.DesiredAccess;
import org.qualigate.access.Notices;
import org.qualigate.access.PersonAccess;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TargetAccount;
import org.qualigate.ledger.Person;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each target holds for each person, as last applied and read back, and its history. Before a delivery
 * changes a target it records its intent (what and why); recording the new state writes one audit entry per role
 * gained or lost, with the rules' basis and the evidence behind it.
 */
@Component
public class Assignments {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Notices notices;
    private final AssignmentHistory history;
    private final DeliveryIntents intents;
    private final AssignmentDrift drift;

    public Assignments(
            JdbcClient jdbc,
            AuditTrail audit,
            Notices notices,
            AssignmentHistory history,
            DeliveryIntents intents,
            AssignmentDrift drift) {
        this.intents = intents;
        this.drift = drift;
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

    /**
     * What is recorded for the lease's person in its target, by role: read once per delivery, after the lease was
     * claimed. Only a delivery under this lease writes these rows, so they stay as read until it writes them.
     */
    Map<RoleName, Assignment> recorded(WorkQueue.Lease lease) {
        Map<RoleName, Assignment> recorded = new TreeMap<>();
        jdbc.sql("SELECT * FROM assignment WHERE employee_id = ? AND target = ?")
                .params(lease.employeeId().value(), lease.target())
                .query(Assignments::assignment)
                .list()
                .forEach(a -> recorded.put(a.role(), a));
        return recorded;
    }

    /**
     * Before changing the target: records, under the lease, each change about to be made and the audit entry it
     * will be recorded with (the basis), replacing what an earlier attempt intended; {@code recorded} is what is
     * recorded now. Answers what it recorded, by role, for {@link #record} to use.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Map<RoleName, DeliveryIntents.Intent> intend(
            WorkQueue.Lease lease,
            TargetAccount account,
            Map<RoleName, Assignment> recorded,
            Set<RoleName> grants,
            Set<RoleName> revokes,
            DesiredAccess desired,
            Instant now) {
        Map<RoleName, DeliveryIntents.Intent> intended = new TreeMap<>();
        for (RoleName role : grants) {
            intended.put(
                    role,
                    new DeliveryIntents.Intent(
                            role,
                            true,
                            now,
                            lease.token(),
                            AssignmentEntries.grant(lease, account.targetId(), role, desired)));
        }
        for (RoleName role : revokes) {
            Assignment before = recorded.getOrDefault(
                    role, new Assignment(lease.target(), role, account.targetId(), now, null, AssignmentDrift.BASIS));
            intended.put(
                    role,
                    new DeliveryIntents.Intent(
                            role, false, now, lease.token(), AssignmentEntries.revoke(lease, before, desired, now)));
        }
        intents.replace(lease, intended.values());
        return intended;
    }

    /**
     * Records what the target holds after this delivery applied its changes at {@code appliedAt}: one audit entry
     * per role gained or lost (the entry its intent named, so its cause), the history of what the target held, and
     * a confirmation to the person. {@code recorded} is what was recorded before, {@code intended} what this
     * delivery's {@link #intend} recorded (empty when it changed nothing): what an earlier, interrupted delivery
     * intended was recorded with its own cause by {@link #recordDrift} before this one changed anything. Intents
     * are done with once recorded.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(
            WorkQueue.Lease lease,
            @Nullable TargetAccount account,
            Map<RoleName, Assignment> recorded,
            Map<RoleName, DeliveryIntents.Intent> intended,
            SortedSet<RoleName> roles,
            DesiredAccess desired,
            Instant appliedAt) {
        PersonAccess access = desired.access();
        @Nullable Person person = access == null ? null : access.person();
        Map<RoleName, Assignment> stored = new TreeMap<>(recorded);
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
                DeliveryIntents.Intent intent = intended.get(role);
                AssignmentEntries.Entry entry = intent != null && intent.grant()
                        ? intent.entry()
                        : AssignmentEntries.grant(lease, accountId, role, desired);
                granted(lease, person, accountId, role, entry, appliedAt, appliedAt, false);
                continue;
            }
            rebase(lease, accountId, role, before, override, access);
        }
        for (Assignment gone : stored.values()) {
            DeliveryIntents.Intent intent = intended.get(gone.role());
            AssignmentEntries.Entry entry = intent != null && !intent.grant()
                    ? intent.entry()
                    : AssignmentEntries.revoke(lease, gone, desired, appliedAt);
            revoked(lease, person, gone, entry, appliedAt, appliedAt, false);
        }
        intents.clear(lease);
    }

    /** The role is still held: its basis and end are brought up to date, audited when they changed. */
    private void rebase(
            WorkQueue.Lease lease,
            String accountId,
            RoleName role,
            Assignment before,
            @Nullable AccessOverride override,
            @Nullable PersonAccess access) {
        String employeeId = lease.employeeId().value();
        Optional<RoleDecision> decision = access == null || override != null
                ? Optional.empty()
                : access.entitlements().decision(role);
        String basis = override != null
                ? AssignmentEntries.overrideBasis(override)
                : decision.map(RoleDecision::summary).orElse("held in target");
        Instant validUntil = override != null
                ? override.effectiveEnd()
                : decision.map(RoleDecision::justifiedUntil).orElse(null);
        if (before.basis().equals(basis) && java.util.Objects.equals(before.validUntil(), validUntil)) {
            return;
        }
        jdbc.sql("UPDATE assignment SET basis = ?, valid_until = ? WHERE employee_id = ? AND target = ? AND role = ?")
                .params(basis, ts(validUntil), employeeId, lease.target(), role.value())
                .update();
        audit.append(new AuditRecord(
                "system",
                "role.basis-changed",
                "assignment",
                employeeId + "/" + lease.target() + "/" + role,
                employeeId,
                Map.of("basis", before.basis()),
                AssignmentEntries.withOverride(
                        AssignmentEntries.grantView(
                                lease.target(), accountId, role, validUntil, decision.orElse(null), access),
                        override),
                basis,
                null));
    }

    private void granted(
            WorkQueue.Lease lease,
            @Nullable Person person,
            String accountId,
            RoleName role,
            AssignmentEntries.Entry entry,
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
        String reason = recovered ? AssignmentEntries.recovered(value, entry.reason(), heldFrom, now) : entry.reason();
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
        confirm(person, true, role, lease.target(), entry.reason(), now);
    }

    private void revoked(
            WorkQueue.Lease lease,
            @Nullable Person person,
            Assignment gone,
            AssignmentEntries.Entry entry,
            Instant heldTo,
            Instant now,
            boolean recovered) {
        String employeeId = lease.employeeId().value();
        jdbc.sql("DELETE FROM assignment WHERE employee_id = ? AND target = ? AND role = ?")
                .params(employeeId, lease.target(), gone.role().value())
                .update();
        history.closed(lease.employeeId(), lease.target(), gone.role(), heldTo, now, "revoked");
        Map<String, Object> value = new LinkedHashMap<>(entry.newValue());
        String reason = recovered ? AssignmentEntries.recovered(value, entry.reason(), heldTo, now) : entry.reason();
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
        confirm(person, false, gone.role(), lease.target(), entry.reason(), now);
    }

    /** The person as the delivery read them (null: unknown to the ledger, so no one to confirm to). */
    private void confirm(
            @Nullable Person person, boolean granted, RoleName role, String target, String story, Instant changedAt) {
        if (person != null) {
            notices.queueConfirmation(person, granted, role, target, story, changedAt);
        }
    }

    /**
     * Records what the target holds when it differs from what was last recorded, so that every change the target
     * goes through is in the audit trail, including one that this delivery is about to undo. A change that an
     * earlier, interrupted delivery made is recorded with the cause that delivery wrote down before making it
     * (role granted or revoked, with its basis); anything else is drift — a change made in the target — and is
     * recorded as found with what the target held. {@code recorded} is what was recorded before, {@code desired}
     * what the delivery read (its person is the one confirmed to).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void recordDrift(
            WorkQueue.Lease lease,
            @Nullable TargetAccount account,
            Map<RoleName, Assignment> recorded,
            java.util.Set<RoleName> held,
            DesiredAccess desired,
            Instant now) {
        @Nullable
        Person person = desired.access() == null ? null : desired.access().person();
        Map<RoleName, Assignment> stored = new TreeMap<>(recorded);
        Map<RoleName, DeliveryIntents.Intent> intended = intents.of(lease);
        String accountId = account == null ? "" : account.targetId();
        List<String> found = held.stream().map(RoleName::value).sorted().toList();
        List<String> recordedNames =
                stored.keySet().stream().map(RoleName::value).sorted().toList();
        for (RoleName role : held) {
            if (stored.containsKey(role)) {
                continue;
            }
            DeliveryIntents.Intent intent = intended.get(role);
            if (intent != null && intent.grant()) {
                granted(lease, person, accountId, role, intent.entry(), intent.intendedAt(), now, true);
                continue;
            }
            drift.found(lease, accountId, role, found, recordedNames, now);
        }
        for (Assignment gone : stored.values()) {
            if (held.contains(gone.role())) {
                continue;
            }
            DeliveryIntents.Intent intent = intended.get(gone.role());
            if (intent != null && !intent.grant()) {
                revoked(lease, person, gone, intent.entry(), intent.intendedAt(), now, true);
                continue;
            }
            drift.missing(lease, account, gone, found, recordedNames, now);
        }
        // what an interrupted delivery intended is now accounted for
        intents.clear(lease);
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
