package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.DeliveryRequests;
import org.qualigate.connector.AccessTarget;
import org.qualigate.jobs.Backoff;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.trace.TraceSteps;
import org.qualigate.trace.Traces;
import org.qualigate.upkeep.TableVacuum;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The database-backed work queue. One row per (person, target): new requests coalesce into it (the
 * request sequence number moves on), a worker leases it with a fencing token, and only the holder of
 * the current token may complete or fail it.
 */
@Component
class WorkQueue implements DeliveryRequests {

    /**
     * How the last error of an item postponed after a concurrent change (412) begins: not a failure of the target, so
     * an alert of the target's outage does not count it ({@link DeliveryOverview#failing}).
     */
    static final String CONFLICT = "concurrent change, tried again: ";

    private final JdbcClient jdbc;
    private final AccessTargets targets;
    private final Clock clock;
    private final DeliverySettings settings;
    private final List<Runnable> wakeUps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final TargetGuards guards;
    private final TraceSteps steps;

    /**
     * One row per (person, target), leased to a named worker with a fencing token from {@code lease_token_seq}; a
     * release hands it back to no worker.
     */
    static final QueueTable WORK_ITEMS = QueueTable.of("work_item", "employee_id", "target")
            .leasedBy("lease_owner = :owner, lease_token = nextval('lease_token_seq'), updated_at = :now")
            .releasing("lease_owner = NULL, updated_at = :now");

    private final LeasedQueue queue;

    /**
     * The table is vacuumed after this many rows were left dead (about 700 items), at most every 5 s: a queue of
     * a few thousand live rows gathers tens of thousands of dead ones in the minute autovacuum leaves it alone.
     */
    private final TableVacuum vacuum;

    public WorkQueue(
            JdbcClient jdbc,
            JdbcTemplate plain,
            AccessTargets targets,
            Clock clock,
            DeliverySettings settings,
            TargetGuards guards,
            TraceSteps steps) {
        this.guards = guards;
        this.steps = steps;
        this.queue = new LeasedQueue(jdbc, clock, WORK_ITEMS);
        this.vacuum = new TableVacuum(plain, "work_item", 2_000, Duration.ofSeconds(5));
        this.jdbc = jdbc;
        this.targets = targets;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void request(EmployeeId employeeId, Instant dueAt) {
        request(List.of(employeeId), dueAt);
    }

    /** {@link #request(EmployeeId, Instant)} for these persons and every target, in one statement. */
    private void request(List<EmployeeId> employeeIds, Instant dueAt) {
        if (employeeIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        // A new request does not cut short the backoff of an item that is failing. The persons are taken in the
        // order given (their IDs' order when planned as a group), as the items would be one request at a time.
        jdbc.sql("""
                        INSERT INTO work_item (employee_id, target, due_at, requested_seq, created_at, updated_at,
                            first_requested_at, traceparent)
                        SELECT p.employee_id, t.target, ?, nextval('work_request_seq'), ?, ?, ?, p.traceparent
                        FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS p(employee_id, traceparent, n)
                            CROSS JOIN unnest(?::text[]) WITH ORDINALITY AS t(target, m)
                        ORDER BY p.n, t.m
                        ON CONFLICT (employee_id, target) DO UPDATE SET
                            requested_seq = EXCLUDED.requested_seq,
                            due_at = CASE WHEN work_item.attempts > 0 THEN work_item.due_at
                                          ELSE LEAST(work_item.due_at, EXCLUDED.due_at) END,
                            first_requested_at = CASE WHEN work_item.lease_token IS NULL
                                THEN LEAST(work_item.first_requested_at, EXCLUDED.first_requested_at)
                                ELSE work_item.first_requested_at END,
                            requested_while_leased_at = CASE WHEN work_item.lease_token IS NULL
                                THEN work_item.requested_while_leased_at
                                ELSE LEAST(work_item.requested_while_leased_at, EXCLUDED.first_requested_at) END,
                            traceparent = COALESCE(EXCLUDED.traceparent, work_item.traceparent),
                            updated_at = EXCLUDED.updated_at""")
                .params(
                        Timestamp.from(dueAt),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        // a change planned for later is wanted from when it is due, not from when it was planned
                        Timestamp.from(dueAt.isAfter(now) ? dueAt : now),
                        employeeIds.stream().map(EmployeeId::value).toArray(String[]::new),
                        employeeIds.stream()
                                .map(e -> Traces.headerOf(e.value()))
                                .toArray(String[]::new),
                        targets.all().stream().map(AccessTarget::name).toArray(String[]::new))
                .update();
        for (EmployeeId e : employeeIds) {
            steps.planned(e.value(), "delivery of " + e.value() + "'s access to every target");
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUps.forEach(Runnable::run);
                }
            });
        }
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestIfChanged(EmployeeId employeeId, Set<RoleName> desired) {
        boolean pending = jdbc.sql("SELECT count(*) FROM work_item WHERE employee_id = ?")
                        .param(employeeId.value())
                        .query(Long.class)
                        .single()
                > 0;
        if (!pending) {
            Map<String, Set<String>> held = new HashMap<>();
            jdbc.sql("SELECT target, role FROM assignment WHERE employee_id = ?")
                    .param(employeeId.value())
                    .query((rs, n) -> held.computeIfAbsent(rs.getString(1), t -> new HashSet<>())
                            .add(rs.getString(2)))
                    .list();
            if (unchanged(held, desired)) {
                return;
            }
        }
        request(employeeId, clock.instant());
    }

    /** Whether every target holds exactly the desired roles it manages ({@code held}: roles by target). */
    private boolean unchanged(Map<String, Set<String>> held, Set<RoleName> desired) {
        return targets.all().stream()
                .allMatch(t -> held.getOrDefault(t.name(), Set.of())
                        .equals(desired.stream()
                                .filter(t::manages)
                                .map(RoleName::value)
                                .collect(Collectors.toSet())));
    }

    /**
     * For a group of persons: their work items and the roles the targets hold read in one statement each, and the
     * persons whose targets differ (or who have a delivery pending) requested in one statement.
     */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestIfChanged(Map<EmployeeId, Set<RoleName>> desired) {
        if (desired.isEmpty()) {
            return;
        }
        String[] ids = desired.keySet().stream().map(EmployeeId::value).toArray(String[]::new);
        Set<String> pending =
                new HashSet<>(jdbc.sql("SELECT DISTINCT employee_id FROM work_item WHERE employee_id = ANY(?)")
                        .param(ids)
                        .query(String.class)
                        .list());
        Map<String, Map<String, Set<String>>> held = new HashMap<>();
        jdbc.sql("SELECT employee_id, target, role FROM assignment WHERE employee_id = ANY(?)")
                .param(ids)
                .query((rs, n) -> held.computeIfAbsent(rs.getString(1), e -> new HashMap<>())
                        .computeIfAbsent(rs.getString(2), t -> new HashSet<>())
                        .add(rs.getString(3)))
                .list();
        List<EmployeeId> changed = desired.entrySet().stream()
                .filter(e -> pending.contains(e.getKey().value())
                        || !unchanged(held.getOrDefault(e.getKey().value(), Map.of()), e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        request(changed, clock.instant());
    }

    @Override
    @Transactional
    public int requestWaiting() {
        List<String> waiting = jdbc.sql("SELECT DISTINCT employee_id FROM delivery_waiting ORDER BY employee_id")
                .query(String.class)
                .list();
        Instant now = clock.instant();
        waiting.forEach(id -> request(EmployeeId.of(id), now));
        return waiting.size();
    }

    /** Called after a commit that made work due, so a worker can start at once instead of at its next poll. */
    void onWork(Runnable wakeUp) {
        wakeUps.add(wakeUp);
    }

    /** Leases up to {@code limit} due items to the owner; each lease gets a fresh fencing token. */
    @Transactional
    public List<Lease> lease(String owner, int limit) {
        List<Lease> leased = queue.claim(
                limit,
                settings.lease(),
                "employee_id, target, lease_token, requested_seq, attempts, first_requested_at, traceparent",
                (rs, n) -> new Lease(
                        EmployeeId.of(rs.getString(1)),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getInt(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7)),
                Map.of("owner", owner));
        // each item leaves dead rows behind: its request's, its lease's and its completion's
        vacuum.changed(3L * leased.size());
        return leased;
    }

    /**
     * Vacuums the queue when enough items went through it since the last time (decision 0111); outside any
     * transaction.
     */
    void vacuumWhenDue() {
        vacuum.whenDue();
    }

    /**
     * Completes the leased item in the caller's transaction. Returns false when the lease was lost to
     * another worker (the caller must roll back); when a newer request arrived meanwhile, the item stays
     * and is due again at once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean complete(Lease lease) {
        Instant now = clock.instant();
        if (queue.removeIfUnchanged(lease.key(), lease.token(), "requested_seq", lease.requestedSeq())) {
            return true;
        }
        int released = jdbc.sql("""
                        UPDATE work_item SET lease_owner = NULL, lease_token = NULL, lease_until = NULL, attempts = 0,
                            last_error = NULL, due_at = ?, updated_at = ?,
                            first_requested_at = COALESCE(requested_while_leased_at, ?), requested_while_leased_at = NULL
                        WHERE employee_id = ? AND target = ? AND lease_token = ?""")
                .params(
                        Timestamp.from(now),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        lease.employeeId().value(),
                        lease.target(),
                        lease.token())
                .update();
        return released == 1;
    }

    /**
     * Records a transient failure: the item is due again after an exponential backoff with jitter, at most
     * {@code backoff-max-healthy} while the target's breaker is closed (a target that mostly answers gets the
     * item again within seconds; one that is down opens its breaker, which holds every item back).
     */
    @Transactional
    public boolean retryLater(Lease lease, String error, @Nullable Duration retryAfter) {
        Instant now = clock.instant();
        Duration wait = backoff(
                lease.attempts() + 1,
                guards.healthy(lease.target()) ? settings.healthyBackoffCap() : settings.backoffMax());
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        return release(lease, error, now.plus(wait), true);
    }

    /**
     * Hands the item back untried, due again after {@code wait}: the call was held back on this side (an
     * open circuit breaker, an exhausted rate limit), so it does not count as an attempt.
     */
    @Transactional
    public boolean postpone(Lease lease, String reason, Duration wait) {
        Instant now = clock.instant();
        return release(lease, reason, now.plus(wait), false);
    }

    /** Gives the leased item back, due again at {@code due}; a failed attempt counts towards dead-lettering. */
    private boolean release(Lease lease, String why, Instant due, boolean countAttempt) {
        return countAttempt
                ? queue.retry(lease.key(), lease.token(), due, why)
                : queue.postpone(lease.key(), lease.token(), due, why);
    }

    /** Removes the leased item in the caller's transaction (it moves to the dead letters). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean remove(Lease lease) {
        return queue.remove(lease.key(), lease.token());
    }

    /** Whether the lease is still this worker's (checked right before changing a target). */
    public boolean stillHeld(Lease lease) {
        return queue.holds(lease.key(), lease.token(), false);
    }

    /** Like {@link #stillHeld}, and locks the item until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean holdLocked(Lease lease) {
        return queue.holds(lease.key(), lease.token(), true);
    }

    /** How long an item waits after a conflict (412) before it is tried again: short, spread out. */
    Duration conflictWait() {
        return Duration.ofMillis(200 + ThreadLocalRandom.current().nextLong(800));
    }

    Duration backoff(int attempt) {
        return backoff(attempt, settings.backoffMax());
    }

    /** The wait before the given attempt: doubling from {@code backoff-initial}, at most {@code cap}, jittered. */
    Duration backoff(int attempt, Duration cap) {
        return new Backoff(settings.backoffInitial(), settings.backoffMax())
                .atMost(cap)
                .after(attempt - 1);
    }

    public long backlog() {
        return jdbc.sql("SELECT count(*) FROM work_item").query(Long.class).single();
    }

    public long due() {
        return jdbc.sql("SELECT count(*) FROM work_item WHERE due_at <= ?")
                .param(Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
    }

    /**
     * A leased work item: the person, the target, the fencing token, the request it covers and when the
     * earliest change it carries was asked for, and the trace of the latest request (decision 0065).
     */
    public record Lease(
            EmployeeId employeeId,
            String target,
            long token,
            long requestedSeq,
            int attempts,
            Instant firstRequestedAt,
            @Nullable String traceparent) {

        /** A lease of an item requested under no trace. */
        public Lease(
                EmployeeId employeeId,
                String target,
                long token,
                long requestedSeq,
                int attempts,
                Instant firstRequestedAt) {
            this(employeeId, target, token, requestedSeq, attempts, firstRequestedAt, null);
        }

        /** The item's key in {@link #WORK_ITEMS}. */
        List<Object> key() {
            return List.of(employeeId.value(), target);
        }
    }
}
