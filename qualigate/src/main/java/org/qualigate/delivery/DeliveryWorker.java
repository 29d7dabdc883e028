package org.qualigate.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.DesiredAccess;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.faults.CrashPoints;
import org.qualigate.policy.RoleName;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes due work items and brings each person up to date in each target: reads the desired roles (the
 * rules, overrides and deferred revocations, now) and the actual ones (read back from the target), applies the difference, then records
 * the new assignments and completes the item in one transaction. Because it works from state, not from
 * the events that caused it, duplicates, retries and crashes are harmless.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final WorkQueue queue;
    private final AccessTargets targets;
    private final AccessPlanner planner;
    private final Assignments assignments;
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DeliverySettings settings;
    private final DeliveryMetrics metrics;
    private final CrashPoints crash;
    // delivery.max-attempts may be changed under change control; read when an attempt fails
    private final ApprovedParameters parameters;
    private final DeliveryWaiting waiting;
    private final String owner = "worker-" + UUID.randomUUID();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService pool;
    private Thread dispatcher;

    public DeliveryWorker(
            WorkQueue queue,
            AccessTargets targets,
            AccessPlanner planner,
            Assignments assignments,
            DeadLetters deadLetters,
            TransactionTemplate tx,
            Clock clock,
            DeliverySettings settings,
            DeliveryMetrics metrics,
            CrashPoints crash,
            ApprovedParameters parameters,
            DeliveryWaiting waiting) {
        this.parameters = parameters;
        this.waiting = waiting;
        this.queue = queue;
        this.targets = targets;
        this.planner = planner;
        this.assignments = assignments;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.crash = crash;
        queue.onWork(this::wake);
    }

    /** Asks the worker to look for due work now rather than at its next poll. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /**
     * Processes due work until none is left; returns how many items were handled. The threads are kept busy: more
     * items are leased as soon as half of what is out has finished, not once every item of a batch has (one slow
     * item, waiting for its group's change or a busy target, would otherwise hold back the threads that are free).
     */
    public int drain() {
        if (pool == null) {
            int handled = 0;
            for (List<WorkQueue.Lease> leases = queue.lease(owner, settings.batchSize());
                    !leases.isEmpty();
                    leases = queue.lease(owner, settings.batchSize())) {
                leases.forEach(this::deliver);
                handled += leases.size();
                queue.vacuumWhenDue();
            }
            return handled;
        }
        return new DeliveryDispatch(queue, owner, settings.batchSize(), pool, this::deliver).run();
    }

    void deliver(WorkQueue.Lease lease) {
        // the item's work is done under the trace of the request it carries (decision 0065)
        try (var trace = Traces.open(lease.traceparent())) {
            deliverLeased(lease);
        }
    }

    private void deliverLeased(WorkQueue.Lease lease) {
        crash.reached(CrashPoints.Point.AFTER_LEASE);
        Optional<AccessTarget> configured = targets.named(lease.target());
        if (configured.isEmpty()) {
            deadLetters.bury(lease, "target '" + lease.target() + "' is not configured", "no such target");
            return;
        }
        AccessTarget target = configured.get();
        try {
            Instant now = clock.instant();
            Optional<TargetAccount> account = target.read(lease.employeeId());
            // read once per delivery and passed on: only this lease's holder writes them (decision 0102)
            Map<RoleName, Assignments.Assignment> recorded = assignments.recorded(lease);
            // Roles Qualigate granted that the target still holds: the only ones a revocation can be deferred for.
            SortedSet<RoleName> held = new TreeSet<>(recorded.keySet());
            held.retainAll(account.<Set<RoleName>>map(TargetAccount::roles).orElse(Set.of()));
            DesiredAccess access = planner.desired(lease.employeeId(), target.name(), target::manages, held, now);
            if (account.isEmpty()) {
                noAccount(lease, recorded, access, now);
            } else {
                deliver(lease, target, account.get(), recorded, access, now);
            }
        } catch (TargetException e) {
            failed(lease, target, e);
        } catch (RuntimeException e) {
            internalError(lease, target, e);
        }
    }

    /**
     * No account: nothing can be given, and whatever was recorded is no longer there. The person waits (not a dead
     * letter) until the next reconciliation or directory sync finds an account.
     */
    private void noAccount(
            WorkQueue.Lease lease, Map<RoleName, Assignments.Assignment> recorded, DesiredAccess access, Instant now) {
        SortedSet<RoleName> desired = access.roleNames();
        recorded(lease, tx.execute(s -> {
            if (!recorded.isEmpty()) {
                assignments.recordDrift(lease, null, recorded, Set.of(), access, now);
            }
            if (desired.isEmpty()) {
                waiting.clear(lease);
            } else {
                waiting.hold(lease, DeliveryWaiting.Reason.NO_ACCOUNT, desired, null, now);
            }
            return finish(lease, s);
        }));
    }

    /** Brings the account to the desired roles (what is recorded first, then the calls), then records the result. */
    private void deliver(
            WorkQueue.Lease lease,
            AccessTarget target,
            TargetAccount acc,
            Map<RoleName, Assignments.Assignment> recorded,
            DesiredAccess access,
            Instant now) {
        SortedSet<RoleName> desired = access.roleNames();
        SortedSet<RoleName> toGrant = new TreeSet<>(desired);
        toGrant.removeAll(acc.roles());
        SortedSet<RoleName> toRevoke = new TreeSet<>(acc.roles());
        toRevoke.removeAll(desired);
        // A role is never given to an inactive account; what it should get waits until it is active again.
        SortedSet<RoleName> heldBack = acc.active() ? new TreeSet<>() : new TreeSet<>(toGrant);
        toGrant.removeAll(heldBack);
        SortedSet<RoleName> inTarget = new TreeSet<>(acc.roles());
        inTarget.removeIf(r -> !target.manages(r));
        boolean drifted = !inTarget.equals(recorded.keySet());
        Intended intended = new Intended(recorded, Map.of());
        if (!toGrant.isEmpty() || !toRevoke.isEmpty() || drifted) {
            Optional<Intended> sent =
                    send(lease, target, acc, recorded, drifted ? inTarget : null, toGrant, toRevoke, access, now);
            if (sent.isEmpty()) {
                return;
            }
            intended = sent.get();
        }
        Intended before = intended;
        Instant appliedAt = clock.instant();
        SortedSet<RoleName> holdsNow = new TreeSet<>(acc.roles());
        holdsNow.removeAll(toRevoke);
        holdsNow.addAll(toGrant);
        holdsNow.removeIf(r -> !target.manages(r));
        recorded(lease, tx.execute(s -> {
            assignments.record(lease, acc, before.recorded(), before.intents(), holdsNow, access, appliedAt);
            if (heldBack.isEmpty()) {
                waiting.clear(lease);
            } else {
                waiting.hold(lease, DeliveryWaiting.Reason.INACTIVE_ACCOUNT, heldBack, acc.targetId(), now);
            }
            boolean done = finish(lease, s);
            crash.reached(CrashPoints.Point.BEFORE_COMPLETE);
            return done;
        }));
    }

    /**
     * Under the lease (row-locked): first what the target holds that was not recorded ({@code drift}, null when
     * none: an earlier attempt's change, with the cause it wrote down, or a change made in the target), then what
     * this attempt is about to change and why, before it changes anything; then the calls. Answers what is
     * recorded and what it intended; empty when the lease was lost before anything was sent.
     */
    private Optional<Intended> send(
            WorkQueue.Lease lease,
            AccessTarget target,
            TargetAccount acc,
            Map<RoleName, Assignments.Assignment> recorded,
            @org.jspecify.annotations.Nullable SortedSet<RoleName> drift,
            SortedSet<RoleName> toGrant,
            SortedSet<RoleName> toRevoke,
            DesiredAccess access,
            Instant now) {
        Intended intended = tx.execute(s -> {
            if (!queue.holdLocked(lease)) {
                return null;
            }
            Map<RoleName, Assignments.Assignment> current = recorded;
            if (drift != null) {
                // it also forgets what an earlier attempt intended; what it recorded is read again (rare: an
                // interrupted delivery or a change made in the target), so the rows are as stored
                assignments.recordDrift(lease, acc, recorded, drift, access, now);
                current = assignments.recorded(lease);
                if (toGrant.isEmpty() && toRevoke.isEmpty()) {
                    return new Intended(current, Map.of());
                }
            }
            return new Intended(current, assignments.intend(lease, acc, current, toGrant, toRevoke, access, now));
        });
        if (intended == null) {
            log.info(
                    "lease on {}/{} was lost before applying; another worker has it",
                    lease.employeeId(),
                    lease.target());
            return Optional.empty();
        }
        for (RoleName role : toRevoke) {
            target.revoke(acc, role);
        }
        for (RoleName role : toGrant) {
            target.grant(acc, role);
        }
        crash.reached(CrashPoints.Point.AFTER_SEND);
        return Optional.of(intended);
    }

    /** What is recorded for the person in the target and what this delivery intended to change, by role. */
    private record Intended(
            Map<RoleName, Assignments.Assignment> recorded, Map<RoleName, DeliveryIntents.Intent> intents) {}

    private void internalError(WorkQueue.Lease lease, AccessTarget target, RuntimeException e) {
        log.error("delivery of {} to {} failed", lease.employeeId(), lease.target(), e);
        metrics.failed(target.name(), false);
        // a bug is not cured by waiting: after a bounded number of attempts the item is a dead letter
        // with its reason, which an operator replays once it is fixed
        int attempt = lease.attempts() + 1;
        if (attempt >= settings.maxInternalErrors()) {
            deadLetters.bury(lease, "internal error in " + attempt + " attempts: " + e, String.valueOf(e));
        } else {
            queue.retryLater(lease, "internal error: " + e, null);
        }
    }

    private boolean finish(WorkQueue.Lease lease, org.springframework.transaction.TransactionStatus status) {
        if (!queue.complete(lease)) {
            // Another worker took the item over: what this one recorded must not stand.
            status.setRollbackOnly();
            return false;
        }
        return true;
    }

    private void recorded(WorkQueue.Lease lease, @org.jspecify.annotations.Nullable Boolean committed) {
        if (Boolean.TRUE.equals(committed)) {
            metrics.applied(lease.target(), java.time.Duration.between(lease.firstRequestedAt(), clock.instant()));
        }
    }

    private void failed(WorkQueue.Lease lease, AccessTarget target, TargetException e) {
        int attempt = lease.attempts() + 1;
        if (e.isHeldBack()) {
            // Not an attempt: the call was never made (open breaker, rate limit), so it does not use up retries.
            queue.postpone(lease, e.getMessage(), e.retryAfter().orElse(java.time.Duration.ofSeconds(1)));
            return;
        }
        if (e.isConflict()) {
            // A concurrent change of the same group (412): tried again soon; neither a failure of the target nor an
            // attempt that counts toward a dead letter.
            metrics.conflict(target.name());
            queue.postpone(lease, WorkQueue.CONFLICT + e.getMessage(), queue.conflictWait());
            return;
        }
        metrics.failed(target.name(), !e.isTransient());
        if (!e.isTransient()) {
            deadLetters.bury(lease, "permanent failure from " + target.name() + ": " + e.getMessage(), e.getMessage());
        } else if (attempt >= parameters.intValue("delivery.max-attempts", settings.maxAttempts())) {
            deadLetters.bury(lease, "gave up after " + attempt + " attempts", e.getMessage());
        } else {
            log.info(
                    "{} for {} failed (attempt {}), will retry: {}",
                    target.name(),
                    lease.employeeId(),
                    attempt,
                    e.getMessage());
            queue.retryLater(lease, e.getMessage(), e.retryAfter().orElse(null));
        }
    }

    @Override
    public void start() {
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(
                settings.parallelism(), Thread.ofPlatform().name("delivery-", 0).factory());
        dispatcher = Thread.ofPlatform().name("delivery-dispatcher").daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                drain();
                signal.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("delivery poll failed, will try again: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
