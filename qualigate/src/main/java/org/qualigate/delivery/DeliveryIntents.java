package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a delivery said, under its lease, it was about to change in a target and the audit entry it would record it
 * with, written before the change: a delivery interrupted after the change is recorded later with its own cause.
 */
@Component
class DeliveryIntents {

    /** A change a delivery said it was about to make, and why, before it made it. */
    record Intent(RoleName role, boolean grant, Instant intendedAt, long leaseToken, AssignmentEntries.Entry entry) {}

    private final JdbcClient jdbc;

    DeliveryIntents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Forgets what was intended for the person in the lease's target (done with, or replaced). */
    void clear(WorkQueue.Lease lease) {
        jdbc.sql("DELETE FROM delivery_intent WHERE employee_id = ? AND target = ?")
                .params(lease.employeeId().value(), lease.target())
                .update();
    }

    /** Records one change about to be made and the entry it will be recorded with. */
    void add(WorkQueue.Lease lease, RoleName role, boolean grant, Instant now, AssignmentEntries.Entry entry) {
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

    /** What was intended for the person in the lease's target, by role. */
    Map<RoleName, Intent> of(WorkQueue.Lease lease) {
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
                                    AssignmentEntries.Entry.parse(rs.getString("entry"))));
                });
        return intents;
    }
}
