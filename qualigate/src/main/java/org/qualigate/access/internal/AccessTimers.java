package org.qualigate.access.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.qualigate.access.AccessPlanner;
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
        // the persons whose timers fired are planned as a group, each once (with the reasons of all their timers)
        SortedMap<EmployeeId, String> why = new TreeMap<>();
        for (Due d : due) {
            why.merge(
                    EmployeeId.of(d.employeeId()),
                    "timer at " + d.fireAt() + " (" + d.reason() + ")",
                    (a, b) -> a + "; " + b);
        }
        planner.personsChanged(why, Map.of());
        return due.size();
    }

    /**
     * Timers to register, gathered while a group of persons is planned and then written in one statement
     * (idempotent per person and instant, like {@code AccessPlanner.insertTimer}).
     */
    public static final class NewTimers {
        private final List<String> employeeIds = new ArrayList<>();
        private final List<String> fireAt = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();

        public void add(EmployeeId employeeId, Instant at, String reason) {
            employeeIds.add(employeeId.value());
            fireAt.add(at.toString());
            reasons.add(reason);
        }

        public void register(JdbcClient jdbc, Clock clock) {
            if (employeeIds.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            INSERT INTO access_timer (employee_id, fire_at, reason, created_at)
                            SELECT t.employee_id, t.fire_at, t.reason, ? FROM unnest(?::text[], ?::text[]::timestamptz[],
                                ?::text[]) AS t(employee_id, fire_at, reason)
                            ON CONFLICT (employee_id, fire_at) DO NOTHING""")
                    .params(
                            Timestamp.from(clock.instant()),
                            employeeIds.toArray(String[]::new),
                            fireAt.toArray(String[]::new),
                            reasons.toArray(String[]::new))
                    .update();
        }
    }

    public long pending() {
        return jdbc.sql("SELECT count(*) FROM access_timer").query(Long.class).single();
    }
}
