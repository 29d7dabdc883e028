package org.qualigate.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Records the changes about to be made, each with the entry it will be recorded with, in place of whatever an
     * earlier attempt intended for the person in the lease's target: one statement, whose leftovers' delete and
     * new rows touch different roles.
     */
    void replace(WorkQueue.Lease lease, Collection<Intent> changes) {
        List<Intent> all = List.copyOf(changes);
        String[] roles = all.stream().map(i -> i.role().value()).toArray(String[]::new);
        String employeeId = lease.employeeId().value();
        jdbc.sql("""
                        WITH earlier AS (
                            DELETE FROM delivery_intent WHERE employee_id = ? AND target = ? AND NOT (role = ANY(?::text[])))
                        INSERT INTO delivery_intent (employee_id, target, role, change, intended_at, lease_token, basis,
                            entry, reason)
                        SELECT ?, ?, c.role, c.change, c.intended_at, ?, c.basis, c.entry, c.reason
                        FROM unnest(?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[])
                            AS c(role, change, intended_at, basis, entry, reason)
                        ON CONFLICT (employee_id, target, role) DO UPDATE SET change = EXCLUDED.change,
                            intended_at = EXCLUDED.intended_at, lease_token = EXCLUDED.lease_token,
                            basis = EXCLUDED.basis, entry = EXCLUDED.entry, reason = EXCLUDED.reason""")
                .params(
                        employeeId,
                        lease.target(),
                        roles,
                        employeeId,
                        lease.target(),
                        lease.token(),
                        roles,
                        all.stream().map(i -> i.grant() ? "grant" : "revoke").toArray(String[]::new),
                        all.stream().map(i -> i.intendedAt().toString()).toArray(String[]::new),
                        all.stream().map(i -> i.entry().basis()).toArray(String[]::new),
                        all.stream().map(i -> i.entry().json()).toArray(String[]::new),
                        all.stream().map(i -> i.entry().reason()).toArray(String[]::new))
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
