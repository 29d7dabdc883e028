package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.qualigate.ledger.EmployeeId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires persisted timers: each due timer is taken (by one instance only, {@code SKIP LOCKED}), and the
 * person is planned again at that instant. Timers survive restarts because they live in the database.
 */
@Component
public class AccessTimers {

    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final AccessPlanner planner;
    private final Clock clock;

    private final TransactionTemplate tx;

    public AccessTimers(JdbcClient jdbc, AccessPlanner planner, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.planner = planner;
        this.clock = clock;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${qualigate.timers.poll-interval:PT0.2S}")
    public void poll() {
        while (fireDue() == BATCH) {
            // a full batch was due: there may be more
        }
    }

    /** Fires up to one batch of due timers in one transaction; returns how many fired. */
    public int fireDue() {
        Integer fired = tx.execute(status -> fireBatch());
        return fired == null ? 0 : fired;
    }

    private int fireBatch() {
        Instant now = clock.instant();
        record Due(String employeeId, Instant fireAt, String reason) {}
        List<Due> due = jdbc.sql("""
                        DELETE FROM access_timer WHERE (employee_id, fire_at) IN (
                            SELECT employee_id, fire_at FROM access_timer WHERE fire_at <= ?
                            ORDER BY fire_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING employee_id, fire_at, reason""")
                .params(Timestamp.from(now), BATCH)
                .query((rs, n) -> new Due(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .list();
        for (Due d : due) {
            planner.personChanged(EmployeeId.of(d.employeeId()), "timer at " + d.fireAt() + " (" + d.reason() + ")");
        }
        return due.size();
    }

    public long pending() {
        return jdbc.sql("SELECT count(*) FROM access_timer").query(Long.class).single();
    }
}
