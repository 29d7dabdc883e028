package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TargetAccount;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Drift: a change made in the target itself, not by a delivery. A role found there that no delivery recorded or
 * intended is recorded as held since it was seen; a recorded role the target no longer holds is closed. Both are
 * audited with what the target held and what was recorded, in the delivery's transaction.
 */
@Component
class AssignmentDrift {

    /** The basis of a role found in the target without a recorded delivery. */
    static final String BASIS = "found in target without a recorded delivery";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final AssignmentHistory history;

    AssignmentDrift(JdbcClient jdbc, AuditTrail audit, AssignmentHistory history) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.history = history;
    }

    /** A role the target holds that no delivery recorded or intended: drift, recorded as found. */
    void found(
            WorkQueue.Lease lease,
            String accountId,
            RoleName role,
            List<String> found,
            List<String> recorded,
            Instant now) {
        String employeeId = lease.employeeId().value();
        jdbc.sql("INSERT INTO assignment (employee_id, target, role, target_account, since, valid_until, basis) "
                        + "VALUES (?, ?, ?, ?, ?, NULL, ?)")
                .params(employeeId, lease.target(), role.value(), accountId, Timestamp.from(now), BASIS)
                .update();
        history.opened(lease.employeeId(), lease.target(), role, accountId, now, now, "found", BASIS);
        Map<String, Object> value = observed(lease, role, accountId, found, recorded, now);
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

    /** A recorded role the target no longer holds, with no delivery that meant to remove it: drift, recorded as missing. */
    void missing(
            WorkQueue.Lease lease,
            @Nullable TargetAccount account,
            Assignments.Assignment gone,
            List<String> found,
            List<String> recorded,
            Instant now) {
        String employeeId = lease.employeeId().value();
        String accountId = account == null ? "" : account.targetId();
        jdbc.sql("DELETE FROM assignment WHERE employee_id = ? AND target = ? AND role = ?")
                .params(employeeId, lease.target(), gone.role().value())
                .update();
        history.closed(lease.employeeId(), lease.target(), gone.role(), now, now, "missing");
        Map<String, Object> value = observed(lease, gone.role(), accountId, found, recorded, now);
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

    /**
     * What the delivery saw: the target, the role, what the target held and what was recorded. The audit entry's new
     * value: a map, because its bytes are hashed into the chain.
     */
    private static Map<String, Object> observed(
            WorkQueue.Lease lease,
            RoleName role,
            String accountId,
            List<String> found,
            List<String> recorded,
            Instant now) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("target", lease.target());
        value.put("role", role.value());
        value.put("targetAccount", accountId);
        value.put("observedAt", now.toString());
        value.put("foundInTarget", found);
        value.put("recorded", recorded);
        return value;
    }
}
