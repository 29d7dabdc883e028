package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How delivery stands, for health checks and alerts: per target its breaker, backlog, due items, the age of
 * the oldest change still waiting and its dead letters; and this instance's recent error rate and latency.
 */
@Component
public class DeliveryOverview {

    private final JdbcClient jdbc;
    private final AccessTargets targets;
    private final TargetGuards guards;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    DeliveryOverview(
            JdbcClient jdbc, AccessTargets targets, TargetGuards guards, DeliveryMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.targets = targets;
        this.guards = guards;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Snapshot snapshot() {
        Instant now = clock.instant();
        record Queue(long backlog, long due, Optional<Instant> oldest) {}
        Map<String, Queue> queues = new HashMap<>();
        jdbc.sql("""
                        SELECT target, count(*) AS backlog, count(*) FILTER (WHERE due_at <= ?) AS due,
                            min(first_requested_at) FILTER (WHERE first_requested_at <= ?) AS oldest
                        FROM work_item GROUP BY target""").params(Timestamp.from(now), Timestamp.from(now)).query(rs -> {
            queues.put(
                    rs.getString("target"),
                    new Queue(
                            rs.getLong("backlog"),
                            rs.getLong("due"),
                            Optional.ofNullable(rs.getTimestamp("oldest")).map(Timestamp::toInstant)));
        });
        Map<String, Long> dead = new HashMap<>();
        jdbc.sql("SELECT target, count(*) FROM dead_letter WHERE replayed_at IS NULL GROUP BY target")
                .query(rs -> {
                    dead.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, TargetGuards.BreakerView> breakers = new HashMap<>();
        guards.breakers().forEach(b -> breakers.put(b.target(), b));

        List<TargetState> states = new ArrayList<>();
        for (var target : targets.all()) {
            Queue q = queues.getOrDefault(target.name(), new Queue(0, 0, Optional.empty()));
            TargetGuards.BreakerView b = breakers.get(target.name());
            states.add(new TargetState(
                    target.name(),
                    b == null ? "NONE" : b.state(),
                    b == null ? -1 : b.failureRate(),
                    q.backlog(),
                    q.due(),
                    q.oldest().map(o -> Duration.between(o, now)),
                    dead.getOrDefault(target.name(), 0L)));
        }
        RecentOutcomes.Counts recent = metrics.recent();
        return new Snapshot(states, metrics.latencyP99(), recent.attempts(), recent.failures(), recent.failureRate());
    }

    /**
     * The people whose delivery to the target is failing now: their work item's last attempt failed or was held back
     * (breaker open, rate limit), up to {@code limit}, by employee id — what an alert of the target's outage counts. An
     * item postponed after a concurrent change (412) is not failing.
     */
    public List<String> failing(String target, int limit) {
        return jdbc.sql("SELECT employee_id FROM work_item WHERE target = ? AND last_error IS NOT NULL "
                        + "AND left(last_error, ?) <> ? ORDER BY employee_id LIMIT ?")
                .params(target, WorkQueue.CONFLICT.length(), WorkQueue.CONFLICT, limit)
                .query(String.class)
                .list();
    }

    /**
     * Delivery as it stands: per target, and this instance's attempts, failures, error rate and 99th
     * percentile latency over the monitoring window.
     */
    public record Snapshot(
            List<TargetState> targets,
            Duration latencyP99,
            long recentAttempts,
            long recentFailures,
            double errorRate) {

        public long backlog() {
            return targets.stream().mapToLong(TargetState::backlog).sum();
        }

        public long deadLetters() {
            return targets.stream().mapToLong(TargetState::deadLetters).sum();
        }

        /** The age of the oldest change still waiting for any target. */
        public Optional<Duration> oldestWaiting() {
            return targets.stream()
                    .map(TargetState::oldestWaiting)
                    .flatMap(Optional::stream)
                    .max(Duration::compareTo);
        }
    }

    /**
     * One target: its circuit breaker state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}) and failure
     * rate (percent, -1 before enough calls), its work items, those due now, how long the oldest change has
     * waited, and its open dead letters.
     */
    public record TargetState(
            String name,
            String breaker,
            float failureRate,
            long backlog,
            long due,
            Optional<Duration> oldestWaiting,
            long deadLetters) {}
}
