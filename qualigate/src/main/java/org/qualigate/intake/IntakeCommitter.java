package org.qualigate.intake;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for intake: request threads hand each received item to the committer and wait; a few committer
 * threads each take what is waiting (up to a batch) and store, apply, plan and audit all of it in one
 * transaction, then answer every item of the batch. Nothing is answered before its batch is durable. A batch
 * that fails is split: each item is tried again alone, and an item that still fails is set aside for review
 * with the failure as its reason, so a poison event never fails the others.
 */
@Component
class IntakeCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IntakeCommitter.class);

    /** Stores and applies a batch in the current transaction; one result per item, in the items' order. */
    interface Batch {
        List<IntakeResult> process(List<Inbound> items);

        /** Keeps an item that could not be processed, with the failure as its reason, in the current transaction. */
        IntakeResult setAside(Inbound item, RuntimeException failure);
    }

    private final TransactionTemplate tx;
    private final int threads;
    private final int batchSize;
    private final int maxConcurrent;
    private final Duration maxWait;
    private final Duration answerTimeout;
    private final Semaphore admission;
    // Items handed over together (one call) travel as one parcel and are committed in the same transaction.
    private final BlockingQueue<List<Waiting>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile @Nullable Batch batch;
    private volatile boolean running;

    private final Timer commits;
    private final DistributionSummary sizes;

    IntakeCommitter(
            PlatformTransactionManager transactions,
            MeterRegistry metrics,
            @Value("${qualigate.intake.committers:2}") int threads,
            @Value("${qualigate.intake.batch-size:200}") int batchSize,
            @Value("${qualigate.intake.max-concurrent:512}") int maxConcurrent,
            @Value("${qualigate.intake.max-wait:PT2S}") Duration maxWait,
            @Value("${qualigate.intake.answer-timeout:PT30S}") Duration answerTimeout) {
        this.tx = new TransactionTemplate(transactions);
        this.threads = Math.max(1, threads);
        this.batchSize = Math.max(1, batchSize);
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.admission = new Semaphore(this.maxConcurrent, true);
        this.maxWait = maxWait;
        this.answerTimeout = answerTimeout;
        this.commits = Timer.builder("qualigate.intake.commit")
                .description("time to store, apply and commit one group of inbound events")
                .register(metrics);
        this.sizes = DistributionSummary.builder("qualigate.intake.group.size")
                .description("inbound events committed together in one transaction")
                .register(metrics);
        Gauge.builder("qualigate.intake.waiting", admission, s -> this.maxConcurrent - s.availablePermits())
                .description("inbound events received and not yet answered")
                .register(metrics);
    }

    void processWith(Batch batch) {
        this.batch = batch;
    }

    /**
     * Commits one item and returns what became of it, once it is durable. A caller inside a transaction has
     * the item processed in that transaction instead (its commit is then the caller's).
     *
     * @throws NotAcknowledged when too many items are waiting (nothing stored) or the commit did not complete
     */
    IntakeResult commit(Inbound item) {
        return commitAll(List.of(item)).getFirst();
    }

    /** Commits the items (in as many batches as the committers make of them) and returns their results in order. */
    List<IntakeResult> commitAll(List<Inbound> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Batch b = requireBatch();
        if (TransactionSynchronizationManager.isActualTransactionActive() || !running) {
            // In a caller's transaction, or before start / after stop: the caller's thread does the work.
            return TransactionSynchronizationManager.isActualTransactionActive() ? b.process(items) : alone(items);
        }
        List<IntakeResult> results = new ArrayList<>(items.size());
        // A long list (a pull page, a file) goes a batch at a time, so that it cannot crowd out webhooks.
        int step = Math.min(batchSize, maxConcurrent);
        for (int from = 0; from < items.size(); from += step) {
            List<Inbound> part = items.subList(from, Math.min(items.size(), from + step));
            results.addAll(await(enqueue(part)));
        }
        return results;
    }

    private List<Waiting> enqueue(List<Inbound> items) {
        try {
            if (!admission.tryAcquire(items.size(), maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new NotAcknowledged(
                        "too many events are being processed; nothing was stored, send it again later", true, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledged("interrupted while waiting to be processed; nothing was stored", true, e);
        }
        List<Waiting> waiting = new ArrayList<>(items.size());
        for (Inbound item : items) {
            Waiting w = new Waiting(item, new CompletableFuture<>());
            w.result().whenComplete((r, t) -> admission.release());
            waiting.add(w);
        }
        queue.add(waiting);
        return waiting;
    }

    private List<IntakeResult> await(List<Waiting> waiting) {
        List<IntakeResult> results = new ArrayList<>(waiting.size());
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        for (Waiting w : waiting) {
            try {
                results.add(w.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAcknowledged("interrupted while its batch was committed", false, e);
            } catch (TimeoutException e) {
                throw new NotAcknowledged(
                        "not committed within " + answerTimeout + " (the database may be slow)", false, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NotAcknowledged refused) {
                    throw refused;
                }
                throw new NotAcknowledged("could not be stored: " + e.getCause(), false, e.getCause());
            }
        }
        return results;
    }

    private Batch requireBatch() {
        Batch b = batch;
        if (b == null) {
            throw new IllegalStateException("no batch processor registered");
        }
        return b;
    }

    /** Each item in its own transaction; an item that fails alone is set aside. */
    private List<IntakeResult> alone(List<Inbound> items) {
        List<IntakeResult> results = new ArrayList<>(items.size());
        for (Inbound item : items) {
            results.add(commitAlone(item));
        }
        return results;
    }

    private IntakeResult commitAlone(Inbound item) {
        Batch b = requireBatch();
        try {
            return tx.execute(s -> b.process(List.of(item))).getFirst();
        } catch (RuntimeException failure) {
            refuseWhenTheDatabaseIsUnavailable(failure);
            log.warn(
                    "{} delivery {} could not be processed; setting it aside for review: {}",
                    item.source(),
                    item.deliveryId(),
                    failure.toString());
            return tx.execute(s -> b.setAside(item, failure));
        }
    }

    private void loop() {
        List<Waiting> taken = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                List<Waiting> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.addAll(first);
                // Whatever else is waiting joins this transaction, up to a batch.
                List<Waiting> next;
                while (taken.size() < batchSize && (next = queue.poll()) != null) {
                    taken.addAll(next);
                }
                commitBatch(taken);
            } catch (InterruptedException e) {
                if (!running) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("intake committer failed; answering the items of its batch with the failure", e);
                taken.forEach(w -> w.result().completeExceptionally(e));
            } finally {
                taken.clear();
            }
        }
    }

    private void commitBatch(List<Waiting> taken) {
        Batch b = requireBatch();
        List<Inbound> items = taken.stream().map(Waiting::item).toList();
        List<IntakeResult> results;
        long started = System.nanoTime();
        try {
            results = tx.execute(s -> b.process(items));
            commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            sizes.record(items.size());
        } catch (RuntimeException failure) {
            if (databaseUnavailable(failure)) {
                // Not the events' fault: none of them is set aside; each sender is told to send it again.
                NotAcknowledged refused = notAcknowledged(failure);
                taken.forEach(w -> w.result().completeExceptionally(refused));
                return;
            }
            if (taken.size() == 1) {
                complete(taken.getFirst(), () -> tx.execute(s -> b.setAside(items.getFirst(), failure)));
                log.warn(
                        "{} delivery {} could not be processed; set aside for review: {}",
                        items.getFirst().source(),
                        items.getFirst().deliveryId(),
                        failure.toString());
                return;
            }
            log.info(
                    "a batch of {} inbound items failed ({}); committing each alone", taken.size(), failure.toString());
            for (Waiting w : taken) {
                complete(w, () -> commitAlone(w.item()));
            }
            return;
        }
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).result().complete(results.get(i));
        }
    }

    /**
     * Whether the failure says the database could not be reached or could not finish the transaction (a
     * connection lost, refused or shut down, a rollback that could not be sent), rather than anything about the
     * events: such a failure sets nothing aside, since the same events go through once the database is back.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.springframework.dao.TransientDataAccessResourceException
                    || c instanceof org.springframework.dao.DataAccessResourceFailureException
                    || c instanceof org.springframework.dao.RecoverableDataAccessException
                    || c instanceof org.springframework.transaction.CannotCreateTransactionException
                    || c instanceof org.springframework.transaction.TransactionSystemException
                    || c instanceof java.sql.SQLTransientConnectionException
                    || c instanceof java.sql.SQLNonTransientConnectionException
                    || c instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P: operator intervention (shutdown, crash shutdown, cannot connect now)
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void refuseWhenTheDatabaseIsUnavailable(RuntimeException failure) {
        if (databaseUnavailable(failure)) {
            throw notAcknowledged(failure);
        }
    }

    private static NotAcknowledged notAcknowledged(RuntimeException failure) {
        return new NotAcknowledged(
                "the database could not be reached (" + failure.getClass().getSimpleName()
                        + "); nothing was acknowledged, send it again",
                false,
                failure);
    }

    private static void complete(Waiting w, java.util.function.Supplier<IntakeResult> work) {
        try {
            w.result().complete(work.get());
        } catch (RuntimeException e) {
            w.result().completeExceptionally(e);
        }
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < threads; i++) {
            committers.add(
                    Thread.ofPlatform().name("intake-committer-" + i).daemon().start(this::loop));
        }
    }

    @Override
    public void stop() {
        // Items already waiting are committed and answered; new ones are processed by their callers' threads.
        running = false;
        for (Thread t : committers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        committers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stopped after the web server (no new requests), before the audit sealer.
        return Integer.MAX_VALUE - 4096;
    }

    private record Waiting(Inbound item, CompletableFuture<IntakeResult> result) {}
}
