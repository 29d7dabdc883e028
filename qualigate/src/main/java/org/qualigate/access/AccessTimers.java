package org.qualigate.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
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

    /** A timer is taken away by the transaction that fires it: a crash before it commits leaves it due. */
    static final QueueTable TIMERS =
            QueueTable.of("access_timer", "employee_id", "fire_at").dueFrom("fire_at");

    private final JdbcClient jdbc;
    private final LeasedQueue queue;
    private final AccessPlanner planner;
    private final Clock clock;

    private final TransactionTemplate tx;

    public AccessTimers(JdbcClient jdbc, AccessPlanner planner, Clock clock, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.queue = new LeasedQueue(jdbc, clock, TIMERS);
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
        record Due(String employeeId, Instant fireAt, String reason) {}
        List<Due> due = queue.take(
                BATCH,
                "employee_id, fire_at, reason",
                (rs, n) -> new Due(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
        for (Due d : due) {
            planner.personChanged(EmployeeId.of(d.employeeId()), "timer at " + d.fireAt() + " (" + d.reason() + ")");
        }
        return due.size();
    }

    public long pending() {
        return jdbc.sql("SELECT count(*) FROM access_timer").query(Long.class).single();
    }
}
