package org.qualigate.training;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.Verdict;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.text.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciles one site: the HRIS (the latest authentic event of each record), the ledger and the QMS, person by
 * person in chunks so memory stays bounded. Every record of each side is counted in exactly one category —
 * matched, different, missing or extra (or, for HRIS records of a course the QMS does not hold, not for the
 * QMS) — and every discrepancy is stored with its checksums and the reason. In enforce mode the people with a
 * discrepancy are queued for the sync again. Runs on demand and on a schedule (once cluster-wide per slot).
 */
@Component
public class TrainingReconciliation {

    private static final Logger log = LoggerFactory.getLogger(TrainingReconciliation.class);
    static final int CHUNK = 1000;

    /** What started a run. */
    public enum Trigger {
        SCHEDULED,
        ON_DEMAND
    }

    /** The category of a discrepancy. */
    public enum Kind {
        MISSING_IN_LEDGER,
        DIFFERENT_IN_LEDGER,
        EXTRA_IN_LEDGER,
        MISSING_IN_QMS,
        DIFFERENT_IN_QMS,
        EXTRA_IN_QMS,
        QMS_OWNED_MISSING_IN_LEDGER,
        QMS_OWNED_DIFFERENT_IN_LEDGER
    }

    /** One discrepancy: which record, the checksum each side holds (null where it holds none) and why. */
    public record Item(
            Kind kind,
            String employeeId,
            String recordKey,
            @Nullable String courseCode,
            @Nullable String hrisSha256,
            @Nullable String ledgerSha256,
            @Nullable String qmsSha256,
            String reason) {}

    /**
     * A run with its counts (null until finished) and, when it failed, why; as its answer shows it, a null left out.
     * The counts stay the map stored and audited with the run.
     */
    public record Run(
            UUID id,
            String site,
            Trigger trigger,
            String requestedBy,
            Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Map<String, Object> counts,
            @Nullable String error) {}

    private final ObjectProvider<TrainingTarget> qms;
    private final Persons persons;
    private final ReconciliationFacts facts;
    private final ReconciliationRuns runs;
    private final PlantDefinition plant;
    private final TrainingModes modes;
    private final TrainingQueue queue;
    private final TransactionTemplate tx;
    private final Clock clock;
    // time spent waiting for the QMS, summed over the read-ahead threads (for the log line)
    private final AtomicLong qmsNanos = new AtomicLong();

    TrainingReconciliation(
            ObjectProvider<TrainingTarget> qms,
            Persons persons,
            ReconciliationFacts facts,
            ReconciliationRuns runs,
            PlantDefinition plant,
            TrainingModes modes,
            TrainingQueue queue,
            TransactionTemplate tx,
            Clock clock) {
        this.qms = qms;
        this.persons = persons;
        this.facts = facts;
        this.runs = runs;
        this.plant = plant;
        this.modes = modes;
        this.queue = queue;
        this.tx = tx;
        this.clock = clock;
    }

    /** Reconciles the site now and stores the result; a refusal when the site or the QMS is unknown. */
    public Verdict<Run> run(String site, Trigger trigger, String requestedBy) {
        return run(site, trigger, requestedBy, null, (done, total) -> {});
    }

    /**
     * Reconciles the site now, telling {@code progress} how many of the site's people are compared, of how many
     * (for a run in the background with a progress bar).
     */
    public Verdict<Run> runWithProgress(
            String site, Trigger trigger, String requestedBy, BiConsumer<Integer, Integer> progress) {
        return run(site, trigger, requestedBy, null, progress);
    }

    /**
     * The scheduled form: {@code slot} (e.g. the day) makes the run once cluster-wide — an instance that finds
     * the slot taken does nothing and answers empty.
     */
    public Optional<Run> runScheduled(String site, String slot) {
        Verdict<Run> v = run(site, Trigger.SCHEDULED, "system:reconciliation", slot, (done, total) -> {});
        return v.accepted();
    }

    private Verdict<Run> run(
            String site,
            Trigger trigger,
            String requestedBy,
            @Nullable String slot,
            BiConsumer<Integer, Integer> progress) {
        Optional<Site> s = plant.current().site(site);
        if (s.isEmpty()) {
            return Verdict.refused(
                    Verdict.Kind.NOT_FOUND,
                    Refusal.whole("no site " + site + " in the plant definition", "refusal.not-found"));
        }
        TrainingTarget target = qms.getIfAvailable();
        if (target == null) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole("no QMS is configured (qualigate.qms.base-url)", "refusal.qms.none"));
        }
        UUID id = UUID.randomUUID();
        Instant started = clock.instant();
        Boolean claimed = tx.execute(st -> runs.claim(id, site, trigger, requestedBy, slot, started));
        if (!Boolean.TRUE.equals(claimed)) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            "the " + slot + " reconciliation of " + site + " ran elsewhere",
                            "refusal.reconciliation.elsewhere"));
        }
        try {
            ReconciliationComparison.Tally outcome = reconcile(site, s.get().zone(), target, progress);
            tx.executeWithoutResult(st -> {
                runs.finish(id, site, requestedBy, outcome.summary(), outcome.items);
                if (modes.of(site) == TrainingModes.Mode.ENFORCE) {
                    outcome.requeue.forEach(e -> queue.request(EmployeeId.of(e), clock.instant()));
                }
            });
        } catch (RuntimeException e) { // the QMS unavailable (TargetException) or a bug: the run is kept as failed
            log.warn("reconciliation of {} failed: {}", site, e.getMessage());
            tx.executeWithoutResult(st -> runs.fail(id, site, requestedBy, e.getMessage()));
        }
        return Verdict.of(find(id).orElseThrow());
    }

    /**
     * Closes the runs a stopped service left unfinished (started over an hour ago, never finished): each is
     * marked failed as interrupted, audited, and gives its scheduled slot back so the slot can run again.
     */
    public int closeInterrupted() {
        return tx.execute(st -> runs.closeInterrupted());
    }

    /** The runs of a site (or all), newest first. */
    public List<Run> list(@Nullable String site) {
        return runs.list(site);
    }

    public Optional<Run> find(UUID id) {
        return runs.find(id);
    }

    /** The discrepancies of a run, in the order found. */
    public List<Item> items(UUID runId) {
        return runs.items(runId);
    }

    /** The discrepancies as CSV (RFC 4180), one line each. */
    public static String csv(Run run, List<Item> items) {
        List<List<@Nullable String>> rows = new ArrayList<>(items.size());
        for (Item i : items) {
            rows.add(Arrays.asList(
                    run.id().toString(),
                    run.site(),
                    i.kind().name(),
                    i.employeeId(),
                    i.recordKey(),
                    i.courseCode(),
                    i.hrisSha256(),
                    i.ledgerSha256(),
                    i.qmsSha256(),
                    i.reason()));
        }
        return TrainingCsv.write(
                List.of(
                        "run_id",
                        "site",
                        "kind",
                        "employee_id",
                        "record_key",
                        "course_code",
                        "hris_sha256",
                        "ledger_sha256",
                        "qms_sha256",
                        "reason"),
                rows);
    }

    /** Compares the site's active people chunk by chunk; the QMS is read one chunk ahead, overlapping the database. */
    private ReconciliationComparison.Tally reconcile(
            String site, ZoneId zone, TrainingTarget target, BiConsumer<Integer, Integer> progress) {
        ReconciliationComparison comparison = new ReconciliationComparison(
                TrainingRecords.courses(plant),
                new HashSet<>(target.ownedDataSources()),
                target.ownDataSource(),
                target.holdsExpiry(),
                zone);
        List<String> people = persons.idsAtSite(site, Person.Status.ACTIVE);
        ReconciliationComparison.Tally tally = new ReconciliationComparison.Tally();
        tally.counts.put("persons", (long) people.size());
        long databaseNanos = 0;
        try (ExecutorService ahead = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<TrainingRecord>> next = readAhead(ahead, target, people, 0);
            progress.accept(0, people.size());
            for (int from = 0; from < people.size(); from += CHUNK) {
                List<String> chunk = people.subList(from, Math.min(from + CHUNK, people.size()));
                List<TrainingRecord> inQms = await(next);
                next = readAhead(ahead, target, people, from + CHUNK);
                long began = System.nanoTime();
                ReconciliationComparison.Chunk facts = this.facts.chunk(chunk.toArray(String[]::new), inQms);
                databaseNanos += System.nanoTime() - began;
                comparison.compare(facts, tally);
                progress.accept(from + chunk.size(), people.size());
            }
        }
        log.info(
                "reconciled {}: {} people, {} discrepancies; reading the database took {} ms, the QMS {} ms (read ahead, overlapping)",
                site,
                people.size(),
                tally.items.size(),
                databaseNanos / 1_000_000,
                qmsNanos.getAndSet(0) / 1_000_000);
        return tally;
    }

    private Future<List<TrainingRecord>> readAhead(
            ExecutorService ahead, TrainingTarget target, List<String> people, int from) {
        if (from >= people.size()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<EmployeeId> chunk = people.subList(from, Math.min(from + CHUNK, people.size())).stream()
                .map(EmployeeId::of)
                .toList();
        return ahead.submit(() -> {
            long began = System.nanoTime();
            List<TrainingRecord> records = target.recordsOf(chunk);
            qmsNanos.addAndGet(System.nanoTime() - began);
            return records;
        });
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the QMS", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
