package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.intake.InboundEvents;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.QualificationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    /** A run with its counts (null until finished) and, when it failed, why. */
    public record Run(
            UUID id,
            String site,
            Trigger trigger,
            String requestedBy,
            Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Map<String, Object> counts,
            @Nullable String error) {

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("site", site);
            m.put("trigger", trigger);
            m.put("requestedBy", requestedBy);
            m.put("startedAt", startedAt);
            m.put("finishedAt", finishedAt);
            m.put("counts", counts);
            m.put("error", error);
            return m;
        }
    }

    private final JdbcClient jdbc;
    private final ObjectProvider<TrainingTarget> qms;
    private final Persons persons;
    private final Qualifications qualifications;
    private final InboundEvents inbound;
    private final PlantDefinition plant;
    private final TrainingModes modes;
    private final TrainingQueue queue;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    // time spent waiting for the QMS, summed over the read-ahead threads (for the log line)
    private final java.util.concurrent.atomic.AtomicLong qmsNanos = new java.util.concurrent.atomic.AtomicLong();

    TrainingReconciliation(
            JdbcClient jdbc,
            ObjectProvider<TrainingTarget> qms,
            Persons persons,
            Qualifications qualifications,
            InboundEvents inbound,
            PlantDefinition plant,
            TrainingModes modes,
            TrainingQueue queue,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.qms = qms;
        this.persons = persons;
        this.qualifications = qualifications;
        this.inbound = inbound;
        this.plant = plant;
        this.modes = modes;
        this.queue = queue;
        this.audit = audit;
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
            String site,
            Trigger trigger,
            String requestedBy,
            java.util.function.BiConsumer<Integer, Integer> progress) {
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
            java.util.function.BiConsumer<Integer, Integer> progress) {
        Optional<Site> s = plant.current().site(site);
        if (s.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, "no site " + site + " in the plant definition");
        }
        TrainingTarget target = qms.getIfAvailable();
        if (target == null) {
            return Verdict.refused(Verdict.Kind.CONFLICT, "no QMS is configured (qualigate.qms.base-url)");
        }
        UUID id = UUID.randomUUID();
        Instant started = clock.instant();
        Boolean claimed = tx.execute(st -> {
            int n = jdbc.sql("""
                            INSERT INTO reconciliation_run (id, site, trigger, requested_by, slot, started_at)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, slot) DO NOTHING""")
                    .params(id, site, trigger.name(), requestedBy, slot, Timestamp.from(started))
                    .update();
            if (n == 1) {
                audit.append(new AuditRecord(
                        requestedBy,
                        "reconciliation.started",
                        "reconciliation",
                        id.toString(),
                        null,
                        null,
                        Map.of("site", site, "trigger", trigger.name()),
                        "HRIS vs ledger vs QMS for site " + site,
                        null));
            }
            return n == 1;
        });
        if (!Boolean.TRUE.equals(claimed)) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT, "the " + slot + " reconciliation of " + site + " ran elsewhere");
        }
        try {
            Outcome outcome = reconcile(site, s.get().zone(), target, progress);
            Map<String, Object> counts = outcome.counts();
            tx.executeWithoutResult(st -> {
                store(id, outcome.items());
                jdbc.sql("UPDATE reconciliation_run SET finished_at = ?, counts = ?::jsonb WHERE id = ?")
                        .params(Timestamp.from(clock.instant()), TrainingConflicts.JSON.writeValueAsString(counts), id)
                        .update();
                audit.append(new AuditRecord(
                        requestedBy,
                        "reconciliation.completed",
                        "reconciliation",
                        id.toString(),
                        null,
                        null,
                        counts,
                        outcome.items().size() + " discrepancies at site " + site,
                        null));
                if (modes.of(site) == TrainingModes.Mode.ENFORCE) {
                    outcome.requeue().forEach(e -> queue.request(EmployeeId.of(e), clock.instant()));
                }
            });
        } catch (RuntimeException e) { // the QMS unavailable (TargetException) or a bug: the run is kept as failed
            log.warn("reconciliation of {} failed: {}", site, e.getMessage());
            tx.executeWithoutResult(st -> {
                jdbc.sql("UPDATE reconciliation_run SET finished_at = ?, error = ? WHERE id = ?")
                        .params(Timestamp.from(clock.instant()), String.valueOf(e.getMessage()), id)
                        .update();
                audit.append(new AuditRecord(
                        requestedBy,
                        "reconciliation.failed",
                        "reconciliation",
                        id.toString(),
                        null,
                        null,
                        Map.of("site", site),
                        String.valueOf(e.getMessage()),
                        null));
            });
        }
        return Verdict.of(find(id).orElseThrow());
    }

    /** How old an unfinished run must be to count as interrupted: a run of 100,000 people takes about a minute. */
    static final Duration INTERRUPTED_AFTER = Duration.ofHours(1);

    /**
     * Closes the runs a stopped service left unfinished (started over an hour ago, never finished): each is
     * marked failed as interrupted, audited, and gives its scheduled slot back so the slot can run again.
     */
    public int closeInterrupted() {
        Instant now = clock.instant();
        return tx.execute(st -> {
            record Interrupted(
                    UUID id, String site, @Nullable String slot, String requestedBy) {}
            List<Interrupted> closed = jdbc.sql("""
                            WITH stale AS (
                                SELECT id, slot FROM reconciliation_run
                                WHERE finished_at IS NULL AND started_at < ? FOR UPDATE)
                            UPDATE reconciliation_run r SET finished_at = ?, error = ?, slot = NULL
                            FROM stale WHERE r.id = stale.id
                            RETURNING r.id, r.site, stale.slot, r.requested_by""")
                    .params(
                            Timestamp.from(now.minus(INTERRUPTED_AFTER)),
                            Timestamp.from(now),
                            "interrupted: the service stopped during the run")
                    .query((rs, n) -> new Interrupted(
                            rs.getObject("id", UUID.class),
                            rs.getString("site"),
                            rs.getString("slot"),
                            rs.getString("requested_by")))
                    .list();
            for (Interrupted run : closed) {
                Map<String, Object> what = new java.util.LinkedHashMap<>();
                what.put("site", run.site());
                if (run.slot() != null) {
                    what.put("slot", run.slot());
                }
                audit.append(new AuditRecord(
                        "system",
                        "reconciliation.failed",
                        "reconciliation",
                        run.id().toString(),
                        null,
                        Map.of("state", "running"),
                        what,
                        "interrupted: the service stopped during the run (requested by " + run.requestedBy() + ")",
                        null));
            }
            return closed.size();
        });
    }

    /** The runs of a site (or all), newest first. */
    public List<Run> list(@Nullable String site) {
        return jdbc.sql("SELECT * FROM reconciliation_run WHERE (?::text IS NULL OR site = ?) "
                        + "ORDER BY started_at DESC, id LIMIT 200")
                .params(site, site)
                .query((rs, n) -> map(rs))
                .list();
    }

    public Optional<Run> find(UUID id) {
        return jdbc.sql("SELECT * FROM reconciliation_run WHERE id = ?")
                .param(id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The discrepancies of a run, in the order found. */
    public List<Item> items(UUID runId) {
        return jdbc.sql("SELECT * FROM reconciliation_item WHERE run_id = ? ORDER BY seq")
                .param(runId)
                .query((rs, n) -> new Item(
                        Kind.valueOf(rs.getString("kind")),
                        rs.getString("employee_id"),
                        rs.getString("record_key"),
                        rs.getString("course_code"),
                        rs.getString("hris_sha256"),
                        rs.getString("ledger_sha256"),
                        rs.getString("qms_sha256"),
                        rs.getString("reason")))
                .list();
    }

    /** The discrepancies as CSV (RFC 4180), one line each. */
    public static String csv(Run run, List<Item> items) {
        StringBuilder out = new StringBuilder(
                "run_id,site,kind,employee_id,record_key,course_code,hris_sha256,ledger_sha256,qms_sha256,reason\r\n");
        for (Item i : items) {
            out.append(String.join(
                            ",",
                            csvField(run.id().toString()),
                            csvField(run.site()),
                            csvField(i.kind().name()),
                            csvField(i.employeeId()),
                            csvField(i.recordKey()),
                            csvField(i.courseCode()),
                            csvField(i.hrisSha256()),
                            csvField(i.ledgerSha256()),
                            csvField(i.qmsSha256()),
                            csvField(i.reason())))
                    .append("\r\n");
        }
        return out.toString();
    }

    static String csvField(@Nullable String value) {
        if (value == null) {
            return "";
        }
        // a leading formula character is neutralised so a spreadsheet does not execute it
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Outcome(Map<String, Object> counts, List<Item> items, Set<String> requeue) {}

    /** The latest HRIS event of a record. */
    private record HrisRecord(
            String employeeId,
            String source,
            String sourceRecordId,
            long version,
            boolean revoked,
            String outcome,
            @Nullable String reason) {}

    /** A ledger qualification, as far as reconciliation needs it. */
    private record LedgerRecord(
            String employeeId,
            String source,
            String sourceRecordId,
            long version,
            String code,
            Instant completedAt,
            @Nullable Instant expiresAt,
            boolean revoked,
            String authority) {}

    /** Counters of one run, and its order-independent digest per side. */
    private static final class Tally {
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Map<String, byte[]> digests = new LinkedHashMap<>();
        long databaseNanos;

        void count(String name) {
            counts.merge(name, 1L, Long::sum);
        }

        void digest(String side, String sha256Hex) {
            byte[] d = digests.computeIfAbsent(side, k -> new byte[32]);
            byte[] h = HexFormat.of().parseHex(sha256Hex);
            for (int i = 0; i < 32; i++) {
                d[i] ^= h[i];
            }
        }
    }

    private Outcome reconcile(
            String site, ZoneId zone, TrainingTarget target, java.util.function.BiConsumer<Integer, Integer> progress) {
        Map<QualificationCode, String> courses = TrainingSync.courses(plant);
        Set<String> owners = new HashSet<>(target.ownedDataSources());
        String own = target.ownDataSource();
        List<String> people = persons.idsAtSite(site, Person.Status.ACTIVE);
        Tally tally = new Tally();
        for (String name : List.of(
                "persons",
                "hrisRecords",
                "ledgerHrisRecords",
                "ledgerQmsRecords",
                "qmsRecords",
                "qmsOwnedRecords",
                "hrisVsLedgerMatched",
                "missingInLedger",
                "differentInLedger",
                "extraInLedger",
                "notForQms",
                "ledgerVsQmsMatched",
                "missingInQms",
                "differentInQms",
                "extraInQms",
                "qmsOwnedMatched",
                "qmsOwnedMissingInLedger",
                "qmsOwnedDifferentInLedger")) {
            tally.counts.put(name, 0L);
        }
        tally.counts.put("persons", (long) people.size());
        List<Item> items = new ArrayList<>();
        Set<String> requeue = new HashSet<>();
        // The QMS is read one chunk ahead, so its answers and the database reads overlap.
        try (java.util.concurrent.ExecutorService ahead =
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.Future<List<TrainingRecord>> next = readAhead(ahead, target, people, 0);
            progress.accept(0, people.size());
            for (int from = 0; from < people.size(); from += CHUNK) {
                List<String> chunk = people.subList(from, Math.min(from + CHUNK, people.size()));
                List<TrainingRecord> inQms = await(next);
                next = readAhead(ahead, target, people, from + CHUNK);
                reconcileChunk(chunk, inQms, zone, courses, owners, own, tally, items, requeue);
                progress.accept(from + chunk.size(), people.size());
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>(tally.counts);
        Map<String, String> digests = new LinkedHashMap<>();
        tally.digests.forEach((k, v) -> digests.put(k, HexFormat.of().formatHex(v)));
        counts.put("digests", digests);
        counts.put("discrepancies", items.size());
        log.info(
                "reconciled {}: {} people, {} discrepancies; reading the database took {} ms, the QMS {} ms (read ahead, overlapping)",
                site,
                people.size(),
                items.size(),
                tally.databaseNanos / 1_000_000,
                qmsNanos.getAndSet(0) / 1_000_000);
        return new Outcome(counts, items, requeue);
    }

    private java.util.concurrent.Future<List<TrainingRecord>> readAhead(
            java.util.concurrent.ExecutorService ahead, TrainingTarget target, List<String> people, int from) {
        if (from >= people.size()) {
            return java.util.concurrent.CompletableFuture.completedFuture(List.of());
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

    private static <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the QMS", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the QMS's records carry an expiry (when not, the ledger's expiry is not compared). */
    private boolean holdsExpiry() {
        TrainingTarget target = qms.getIfAvailable();
        return target == null || target.holdsExpiry();
    }

    private void reconcileChunk(
            List<String> chunk,
            List<TrainingRecord> inQms,
            ZoneId zone,
            Map<QualificationCode, String> courses,
            Set<String> owners,
            String own,
            Tally tally,
            List<Item> items,
            Set<String> requeue) {
        String[] ids = chunk.toArray(String[]::new);
        long began = System.nanoTime();
        List<HrisRecord> hris = inbound.latestRecordsOf(ids, TrainingTarget.OWNED_RECORDS_SOURCE).stream()
                .map(e -> new HrisRecord(
                        e.employeeId(),
                        e.source(),
                        e.sourceRecordId(),
                        e.sourceVersion(),
                        "certification.revoked".equals(e.eventType()),
                        e.outcome(),
                        e.reason()))
                .toList();
        Map<String, LedgerRecord> ledgerHris = new LinkedHashMap<>();
        Map<String, LedgerRecord> ledgerQms = new HashMap<>();
        qualifications.ofInSourceOrder(ids).stream()
                .map(q -> new LedgerRecord(
                        q.employeeId().value(),
                        q.evidence().source(),
                        q.evidence().sourceRecordId(),
                        q.sourceVersion(),
                        q.code().value(),
                        q.completedAt(),
                        q.expiresAt(),
                        q.status() == Qualification.Status.REVOKED,
                        q.authority().name()))
                .forEach(l -> {
                    if (l.authority().equals("HRIS")) {
                        ledgerHris.put(l.source() + "/" + l.sourceRecordId(), l);
                    } else {
                        tally.count("ledgerQmsRecords");
                        ledgerQms.put(l.sourceRecordId(), l);
                    }
                });
        Context ctx = context(ids);
        tally.databaseNanos += System.nanoTime() - began;

        // HRIS vs ledger
        Set<String> seen = new HashSet<>();
        for (HrisRecord h : hris) {
            tally.count("hrisRecords");
            String key = h.source() + "/" + h.sourceRecordId();
            seen.add(key);
            String hSha = CanonicalJson.sha256Hex(h.employeeId() + "|" + key + "|" + h.version() + "|" + h.revoked());
            tally.digest("hris", hSha);
            LedgerRecord l = ledgerHris.get(key);
            if (l == null) {
                tally.count("missingInLedger");
                items.add(new Item(
                        Kind.MISSING_IN_LEDGER,
                        h.employeeId(),
                        key,
                        null,
                        hSha,
                        null,
                        null,
                        "the HRIS event" + (h.version() == 0 ? "" : " (version " + h.version() + ")") + " was "
                                + h.outcome().toLowerCase(Locale.ROOT)
                                + (h.reason() == null ? "" : ": " + h.reason())));
                continue;
            }
            String lSha = ledgerSha(l);
            if (l.version() == h.version() && l.revoked() == h.revoked()) {
                tally.count("hrisVsLedgerMatched");
            } else {
                tally.count("differentInLedger");
                items.add(new Item(
                        Kind.DIFFERENT_IN_LEDGER,
                        h.employeeId(),
                        key,
                        null,
                        hSha,
                        lSha,
                        null,
                        "the ledger holds version " + l.version() + (l.revoked() ? " (revoked)" : "")
                                + ", the HRIS's latest is version " + h.version() + (h.revoked() ? " (revoked)" : "")
                                + " which was " + h.outcome().toLowerCase(Locale.ROOT)
                                + (h.reason() == null ? "" : ": " + h.reason())));
            }
        }
        // ledger (HRIS authority) vs QMS, and the ledger's records without an HRIS event
        Map<String, TrainingRecord> qmsByExternalId = new HashMap<>();
        Map<String, TrainingRecord> qmsById = new HashMap<>();
        for (TrainingRecord r : inQms) {
            tally.count("qmsRecords");
            tally.digest("qms", TrainingSync.contentOf(r));
            if (r.externalId() != null) {
                qmsByExternalId.put(r.externalId(), r);
            }
            if (r.id() != null) {
                qmsById.put(r.id(), r);
            }
        }
        Set<String> expectedExternalIds = new HashSet<>();
        for (Map.Entry<String, LedgerRecord> e : ledgerHris.entrySet()) {
            LedgerRecord l = e.getValue();
            tally.count("ledgerHrisRecords");
            String lSha = ledgerSha(l);
            tally.digest("ledger", lSha);
            if (!seen.contains(e.getKey())) {
                tally.count("extraInLedger");
                items.add(new Item(
                        Kind.EXTRA_IN_LEDGER,
                        l.employeeId(),
                        e.getKey(),
                        null,
                        null,
                        lSha,
                        null,
                        "no authentic HRIS event for this record is stored at this version or later"));
            }
            String course = courses.get(QualificationCode.of(l.code()));
            if (course == null) {
                tally.count("notForQms");
                continue;
            }
            String externalId = TrainingSync.externalId(l.source(), l.sourceRecordId());
            expectedExternalIds.add(externalId);
            TrainingRecord desired = TrainingSync.desired(
                    EmployeeId.of(l.employeeId()),
                    externalId,
                    course,
                    l.completedAt(),
                    holdsExpiry() ? l.expiresAt() : null,
                    l.revoked(),
                    zone,
                    own);
            String dSha = TrainingSync.contentOf(desired);
            TrainingRecord actual = qmsByExternalId.get(externalId);
            if (actual != null && owners.contains(actual.dataSource())) {
                actual = null; // the QMS owns the record under this id: Qualigate's version is not in the QMS
            }
            if (actual != null && dSha.equals(TrainingSync.contentOf(actual))) {
                tally.count("ledgerVsQmsMatched");
                continue;
            }
            requeue.add(l.employeeId());
            if (actual == null) {
                tally.count("missingInQms");
                items.add(new Item(
                        Kind.MISSING_IN_QMS,
                        l.employeeId(),
                        externalId,
                        course,
                        null,
                        dSha,
                        null,
                        ctx.why(l.employeeId(), externalId, course)));
            } else {
                tally.count("differentInQms");
                TrainingRecord a = actual;
                items.add(new Item(
                        Kind.DIFFERENT_IN_QMS,
                        l.employeeId(),
                        externalId,
                        course,
                        null,
                        dSha,
                        TrainingSync.contentOf(a),
                        differences(desired, a) + "; " + ctx.why(l.employeeId(), externalId, course)));
            }
        }
        // the QMS's records: Qualigate's own without a ledger record, and the QMS-owned ones vs the ledger
        for (TrainingRecord r : inQms) {
            if (owners.contains(r.dataSource())) {
                tally.count("qmsOwnedRecords");
                LedgerRecord l = r.id() == null ? null : ledgerQms.get(r.id());
                String rSha = TrainingSync.contentOf(r);
                if (l == null) {
                    tally.count("qmsOwnedMissingInLedger");
                    items.add(new Item(
                            Kind.QMS_OWNED_MISSING_IN_LEDGER,
                            r.employeeId().value(),
                            String.valueOf(r.id()),
                            r.courseCode(),
                            null,
                            null,
                            rSha,
                            ctx.whyOwned(r)));
                } else if (!l.completedAt().atZone(zone).toLocalDate().equals(r.completedOn())
                        || l.revoked() != r.revoked()) {
                    tally.count("qmsOwnedDifferentInLedger");
                    items.add(new Item(
                            Kind.QMS_OWNED_DIFFERENT_IN_LEDGER,
                            r.employeeId().value(),
                            String.valueOf(r.id()),
                            r.courseCode(),
                            null,
                            ledgerSha(l),
                            rSha,
                            "the ledger holds completion "
                                    + l.completedAt().atZone(zone).toLocalDate()
                                    + (l.revoked() ? " (revoked)" : "") + ", the QMS " + r.completedOn()
                                    + (r.revoked() ? " (revoked)" : "") + ": the change is not pulled yet"));
                } else {
                    tally.count("qmsOwnedMatched");
                }
            } else if (r.externalId() == null || !expectedExternalIds.contains(r.externalId())) {
                tally.count("extraInQms");
                items.add(new Item(
                        Kind.EXTRA_IN_QMS,
                        r.employeeId().value(),
                        r.externalId() == null ? String.valueOf(r.id()) : r.externalId(),
                        r.courseCode(),
                        null,
                        null,
                        TrainingSync.contentOf(r),
                        "a record with data source " + r.dataSource()
                                + " that no HRIS record in the ledger accounts for (written by another system, "
                                + "or its ledger record's course is no longer mapped to the QMS)"));
            }
        }
        // records the QMS owns whose external id collides with Qualigate's: counted as owned above
        tally.counts.merge("qmsRecordsById", (long) qmsById.size(), Long::sum);
    }

    private static String differences(TrainingRecord desired, TrainingRecord actual) {
        List<String> d = new ArrayList<>();
        if (!desired.courseCode().equals(actual.courseCode())) {
            d.add("course " + desired.courseCode() + " (ledger) vs " + actual.courseCode() + " (QMS)");
        }
        if (!desired.completedOn().equals(actual.completedOn())) {
            d.add("completion " + desired.completedOn() + " (ledger) vs " + actual.completedOn() + " (QMS)");
        }
        if (!java.util.Objects.equals(desired.expiresOn(), actual.expiresOn())) {
            d.add("expiry " + desired.expiresOn() + " (ledger) vs " + actual.expiresOn() + " (QMS)");
        }
        if (desired.revoked() != actual.revoked()) {
            d.add("status " + (desired.revoked() ? "REVOKED" : "COMPLETE") + " (ledger) vs "
                    + (actual.revoked() ? "REVOKED" : "COMPLETE") + " (QMS)");
        }
        return d.isEmpty() ? "content differs" : String.join(", ", d);
    }

    /** What the other lists know about the chunk's people: reviews, conflicts, observations, queue, parked pulls. */
    private final class Context {
        final Map<String, String> reviewByExternalId = new HashMap<>();
        final Map<String, String> conflictByCourse = new HashMap<>();
        final Set<String> observed = new HashSet<>();
        final Map<String, String> pending = new HashMap<>();
        final Map<String, String> qmsPull = new HashMap<>();

        String why(String employeeId, String externalId, String course) {
            List<String> reasons = new ArrayList<>();
            String review = reviewByExternalId.get(externalId);
            if (review != null) {
                reasons.add(review);
            }
            String conflict = conflictByCourse.get(employeeId + "|" + course);
            if (conflict != null) {
                reasons.add(conflict);
            }
            if (observed.contains(employeeId + "|" + externalId)) {
                reasons.add("the site is in observe mode: the write is held back");
            }
            String p = pending.get(employeeId);
            if (p != null) {
                reasons.add(p);
            }
            if (reasons.isEmpty()) {
                reasons.add("not written and nothing explains it: the person is queued for the sync again");
            }
            return String.join("; ", reasons);
        }

        String whyOwned(TrainingRecord r) {
            String pulled = r.id() == null ? null : qmsPull.get(r.id());
            if (pulled != null) {
                return pulled;
            }
            return "not pulled into the ledger yet (the QMS pull takes records by last-modified time, "
                    + "this one was modified " + r.lastModified() + ")";
        }
    }

    private Context context(String[] ids) {
        Context c = new Context();
        jdbc.sql("""
                        SELECT DISTINCT ON (external_id) external_id, kind, error_code, message FROM training_review
                        WHERE employee_id = ANY(?) ORDER BY external_id, recorded_at DESC""")
                .param(ids)
                .query((rs, n) -> {
                    String code = rs.getString(3);
                    c.reviewByExternalId.put(
                            rs.getString(1),
                            "on the review list (" + rs.getString(2) + (code == null ? "" : " " + code) + "): "
                                    + rs.getString(4));
                    return 0;
                })
                .list();
        jdbc.sql("""
                        SELECT DISTINCT ON (employee_id, course_code) employee_id, course_code, id, resolution,
                            resolved_by, resolution_reason, differences
                        FROM training_conflict WHERE employee_id = ANY(?)
                        ORDER BY employee_id, course_code, detected_at DESC""")
                .param(ids)
                .query((rs, n) -> {
                    String resolution = rs.getString(4);
                    c.conflictByCourse.put(
                            rs.getString(1) + "|" + rs.getString(2),
                            resolution == null
                                    ? "conflict " + rs.getString(3) + " is open: " + rs.getString(7)
                                    : "conflict " + rs.getString(3) + " resolved " + resolution + " by "
                                            + rs.getString(5) + ": " + rs.getString(6));
                    return 0;
                })
                .list();
        jdbc.sql("SELECT employee_id, external_id FROM training_observation WHERE employee_id = ANY(?)")
                .param(ids)
                .query((rs, n) -> c.observed.add(rs.getString(1) + "|" + rs.getString(2)))
                .list();
        jdbc.sql("SELECT employee_id, due_at, attempts, last_error FROM training_sync_item WHERE employee_id = ANY(?)")
                .param(ids)
                .query((rs, n) -> {
                    String error = rs.getString(4);
                    c.pending.put(
                            rs.getString(1),
                            "the sync is pending (due " + rs.getTimestamp(2).toInstant() + ", " + rs.getInt(3)
                                    + " attempts" + (error == null ? "" : ", last error: " + error) + ")");
                    return 0;
                })
                .list();
        inbound.setAsideRecordsOf(ids, TrainingTarget.OWNED_RECORDS_SOURCE)
                .forEach(r -> c.qmsPull.put(
                        r.sourceRecordId(), "pulled but " + r.outcome().toLowerCase(Locale.ROOT) + ": " + r.reason()));
        return c;
    }

    private void store(UUID runId, List<Item> items) {
        List<Object[]> rows = new ArrayList<>(items.size());
        int seq = 0;
        for (Item i : items) {
            rows.add(new Object[] {
                runId,
                seq++,
                i.kind().name(),
                i.employeeId(),
                i.recordKey(),
                i.courseCode(),
                i.hrisSha256(),
                i.ledgerSha256(),
                i.qmsSha256(),
                i.reason()
            });
        }
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Object[]> batch = rows.subList(from, Math.min(from + 1000, rows.size()));
            jdbc.sql("INSERT INTO reconciliation_item (run_id, seq, kind, employee_id, record_key, course_code, "
                            + "hris_sha256, ledger_sha256, qms_sha256, reason) SELECT * FROM unnest(?::uuid[], "
                            + "?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                            + "?::text[])")
                    .params(
                            column(batch, 0, UUID[]::new),
                            column(batch, 1, Integer[]::new),
                            column(batch, 2, String[]::new),
                            column(batch, 3, String[]::new),
                            column(batch, 4, String[]::new),
                            column(batch, 5, String[]::new),
                            column(batch, 6, String[]::new),
                            column(batch, 7, String[]::new),
                            column(batch, 8, String[]::new),
                            column(batch, 9, String[]::new))
                    .update();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] column(List<Object[]> rows, int i, java.util.function.IntFunction<T[]> array) {
        T[] out = array.apply(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out[r] = (T) rows.get(r)[i];
        }
        return out;
    }

    private static String ledgerSha(LedgerRecord l) {
        return CanonicalJson.sha256Hex(
                l.employeeId() + "|" + l.source() + "/" + l.sourceRecordId() + "|" + l.version() + "|" + l.revoked());
    }

    private static Run map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        String counts = rs.getString("counts");
        @SuppressWarnings("unchecked")
        Map<String, Object> c = counts == null ? null : TrainingConflicts.JSON.readValue(counts, LinkedHashMap.class);
        return new Run(
                rs.getObject("id", UUID.class),
                rs.getString("site"),
                Trigger.valueOf(rs.getString("trigger")),
                rs.getString("requested_by"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                c,
                rs.getString("error"));
    }
}
