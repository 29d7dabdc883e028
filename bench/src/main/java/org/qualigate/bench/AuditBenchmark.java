package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the audit trail costs (P5), in one run on one PostgreSQL: the same intake load (signed webhooks, each a
 * new HRIS record, back to back from a fixed number of clients) against an instance that audits and one that
 * does not (the benchmark-only switch, refused outside the {@code bench} profile), each warmed until its CPU per
 * event stops falling, then measured in turn in the Thue-Morse order (ABBA BAAB: a drift of the costs through the run
 * that is linear or quadratic in time favours neither instance), each phase begun on a heap collected in full, each
 * window closed only once what it wrote is sealed,
 * with PostgreSQL's statements counted per webhook (decision 0109); then the trail grown to a million entries
 * (written unsealed, as transactions write them, and sealed by the service's sealer) and
 * {@code POST /api/v1/audit/verify} over all of them, with the verifying instance's heap limited to show that
 * verification streams. Run by {@code bench/run-audit}.
 */
public final class AuditBenchmark {

    private static final Logger log = LoggerFactory.getLogger(AuditBenchmark.class);
    private static final String SOURCE = "hris";
    private static final String APP_ROLE = "qualigate_app";
    private static final String USER = "bench";

    private final BenchSettings settings;
    private final Clock clock;
    private final int rounds;
    private final long verifyEntries;
    private final String verifyHeap;
    private final int verifyRepeats;
    private final long sealEntries;
    private final boolean verifyOnly;
    private final Duration warmSlice;
    private final Duration warmAtLeast;
    private final Duration warmAtMost;
    private final Duration sealWait;
    private final int statementsTop;
    private final List<String> statementReports = new ArrayList<>();
    private boolean fullCollections = true;
    private final VerifyProfile profile;

    AuditBenchmark(BenchSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        boolean quick = Boolean.getBoolean("bench.quick");
        this.rounds = Integer.getInteger("bench.auditRounds", quick ? 2 : 4);
        this.verifyEntries = Long.getLong("bench.verifyEntries", quick ? 100_000 : 1_000_000);
        this.verifyHeap = System.getProperty("bench.verifyHeap", "256m");
        this.verifyRepeats = Integer.getInteger("bench.verifyRepeats", 3);
        this.sealEntries = Long.getLong("bench.sealEntries", quick ? 2_000 : 20_000);
        this.verifyOnly = Boolean.getBoolean("bench.verifyOnly");
        this.warmSlice = Duration.ofSeconds(Long.getLong("bench.warmSliceSeconds", quick ? 5 : 10));
        this.warmAtLeast = Duration.ofSeconds(Long.getLong("bench.instanceWarmupSeconds", quick ? 10 : 60));
        this.warmAtMost = Duration.ofSeconds(Long.getLong("bench.instanceWarmupMaxSeconds", quick ? 20 : 150));
        this.sealWait = Duration.ofSeconds(Long.getLong("bench.sealWaitSeconds", 60));
        this.statementsTop = Integer.getInteger("bench.statementsTop", 12);
        this.profile = VerifyProfile.from(System.getProperties(), settings.workDirectory());
    }

    /**
     * What one instance did under the intake load, from the load's start until every audit entry it wrote was sealed
     * into the chain (the audited instance's sealer works on after the last answer: that work is the audited
     * intake's cost too), or until the wait for it ended with {@code unsealedLeft} entries still waiting.
     */
    record Measured(
            Throughput throughput,
            Duration window,
            Duration sealTail,
            long unsealedLeft,
            Optional<CpuUsage> cpu,
            Optional<LockWaits.Means> sessions,
            Optional<StatementProfile.Counts> statements,
            Optional<ServiceProfile.Tally> threads) {

        /** Webhooks accepted per second of the whole window, the sealing after the load included. */
        double perSecond() {
            return throughput.succeeded() / Math.max(1e-9, window.toNanos() / 1e9);
        }

        double serviceMillisPerEvent() {
            return perEvent(cpu.map(CpuUsage::service));
        }

        double postgresMillisPerEvent() {
            return perEvent(cpu.map(CpuUsage::postgres));
        }

        private double perEvent(Optional<Double> cores) {
            long n = throughput.succeeded();
            return cores.isEmpty() || n == 0 ? Double.NaN : cores.get() * window.toNanos() / 1e6 / n;
        }

        /** The sealer's transactions in the window: each removes its batch from the queue with one statement. */
        long sealTransactions() {
            return sealDeletes().mapToLong(StatementProfile.Row::calls).sum();
        }

        /** The entries the sealer moved into the chain in the window. */
        long sealedEntries() {
            return sealDeletes().mapToLong(StatementProfile.Row::rows).sum();
        }

        private java.util.stream.Stream<StatementProfile.Row> sealDeletes() {
            return statements.stream()
                    .flatMap(c -> c.rows().stream())
                    .filter(r -> r.query().startsWith("DELETE FROM audit_pending"));
        }
    }

    /**
     * Whether the audited instance is measured first in the round (counted from 1): by the Thue-Morse sequence, so
     * that the phases run ABBA BAAB ABBA … . The costs drift through a run (the ledger the load writes grows, and
     * checkpoints come at their interval), and in the last phases faster than at first: ABBA alone cancels a linear
     * drift, while four rounds of this order also cancel a quadratic one (both instances' places, and their squares,
     * sum to the same).
     */
    static boolean auditedFirst(int round) {
        return Integer.bitCount(round - 1) % 2 == 0;
    }

    /** One measured intake phase of one instance; {@code order} is its place in the round (1 or 2). */
    record IntakePhase(int round, int order, boolean audited, int clients, Measured measured) {}

    /** One slice of an instance's warm-up, measured like a phase. */
    record WarmSlice(boolean audited, int slice, Measured measured) {}

    /** One verification of the whole chain. */
    record Verification(long entries, Duration took, boolean valid, String answer, Optional<CpuUsage> cpu) {

        /** CPU of the service and of PostgreSQL per verified entry, in microseconds. */
        String cpuPerEntry() {
            if (cpu.isEmpty() || entries == 0) {
                return "";
            }
            double seconds = took.toNanos() / 1e9;
            return String.format(
                    Locale.ROOT,
                    "%.1f µs service + %.1f µs PostgreSQL (other processes %.2f cores)",
                    cpu.get().service() * seconds * 1e6 / entries,
                    cpu.get().postgres() * seconds * 1e6 / entries,
                    cpu.get().other());
        }

        double perSecond() {
            return entries / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    /** The sealing of the seeded entries and the verifications after it. */
    record Trail(
            long seeded,
            Duration seeding,
            long sealed,
            Duration sealing,
            Optional<CpuUsage> sealingCpu,
            List<Verification> verifications,
            long peakHeap) {}

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.from(System.getProperties());
        AuditBenchmark bench = new AuditBenchmark(settings, Clock.systemUTC());
        Instant started = Instant.now();
        String loadBefore = CpuMeter.loadAverage();
        long began = System.nanoTime();
        List<WarmSlice> warmUps = new ArrayList<>();
        List<IntakePhase> phases = new ArrayList<>();
        Trail trail = bench.run(warmUps, phases);
        String md = bench.markdown(
                started,
                Duration.ofNanos(System.nanoTime() - began),
                loadBefore,
                CpuMeter.loadAverage(),
                warmUps,
                phases,
                trail);
        settings.publish(md);
        System.exit(0);
    }

    Trail run(List<WarmSlice> warmUps, List<IntakePhase> phases) throws Exception {
        int clients = settings.clients().getLast();
        try (EmbeddedPostgres postgres = BenchSupport.postgresCountingStatements(settings.durable(), 300, APP_ROLE)) {
            DataSource database = postgres.getPostgresDatabase();
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests().withPort(0), clock)) {
                String secret = BenchSupport.newSecret();
                List<String> arguments = BenchSupport.serviceArguments(postgres.getPort(), secret, sandbox, USER);
                if (verifyOnly) {
                    log.info("--verify-only: no intake phases");
                    return trail(database, arguments);
                }
                List<String> people = IntakeBenchmark.people("E4", settings.people());
                IntakeBenchmark.enrol(sandbox, people, clock);
                IntakeBenchmark.BSL_ROLE_GROUPS.forEach(sandbox.scim()::createGroup);
                List<String> unaudited = new ArrayList<>(arguments);
                unaudited.add("--spring.profiles.active=bench");
                unaudited.add("--qualigate.bench.audit-off=true");
                // It writes no entries; its sealer's poll would otherwise seal some of the audited instance's,
                // with CPU that no measured window counts.
                unaudited.add("--qualigate.audit.seal-interval=PT1H");
                try (ServiceProcess audited = start("audited", settings.serviceHeap(), List.of(), arguments)) {
                    IntakeBenchmark.awaitPersons(database, people.size(), Duration.ofMinutes(2));
                    try (ServiceProcess plain = start("unaudited", settings.serviceHeap(), List.of(), unaudited)) {
                        Instance a = new Instance(
                                true,
                                audited,
                                new WebhookIntake(
                                        new SignedHooks(audited.baseUri(), SOURCE, secret, clock), people, clock));
                        Instance b = new Instance(
                                false,
                                plain,
                                new WebhookIntake(
                                        new SignedHooks(plain.baseUri(), SOURCE, secret, clock), people, clock));
                        warmUps.addAll(warm(a, clients, database));
                        warmUps.addAll(warm(b, clients, database));
                        for (int round = 1; round <= rounds; round++) {
                            List<Instance> order = auditedFirst(round) ? List.of(a, b) : List.of(b, a);
                            for (int i = 0; i < order.size(); i++) {
                                phases.add(phase(round, i + 1, clients, order.get(i), database, round == rounds));
                            }
                        }
                        audited.requireAlive();
                        plain.requireAlive();
                    }
                }
                return trail(database, arguments);
            }
        }
    }

    /** An instance under test and the load that goes to it. */
    private record Instance(boolean audited, ServiceProcess service, WebhookIntake intake) {
        String name() {
            return audited ? "audited" : "unaudited";
        }
    }

    /**
     * Warms one instance in slices, each measured like a phase, until its service CPU per event stops falling: at
     * least {@code warmAtLeast}, then until two slices in a row cost no less than 95 % of the cheapest slice before
     * them, at most {@code warmAtMost}. A few seconds of load do not finish the JIT's work, so an instance measured cold pays for
     * its compilation in its phase.
     */
    private List<WarmSlice> warm(Instance instance, int clients, DataSource database) throws Exception {
        List<WarmSlice> slices = new ArrayList<>();
        long began = System.nanoTime();
        double cheapest = Double.MAX_VALUE;
        int level = 0;
        while (true) {
            Measured m = measure(instance, clients, warmSlice, database, false);
            slices.add(new WarmSlice(instance.audited(), slices.size() + 1, m));
            double cost = m.serviceMillisPerEvent();
            log.info(
                    "warming the {} instance, slice {}: {}/s, service {} ms CPU per event",
                    instance.name(),
                    slices.size(),
                    BenchReport.number(m.perSecond()),
                    String.format(Locale.ROOT, "%.2f", cost));
            Duration warmed = Duration.ofNanos(System.nanoTime() - began);
            level = !Double.isNaN(cost) && cost >= 0.95 * cheapest ? level + 1 : 0;
            if (warmed.compareTo(warmAtMost) >= 0 || (warmed.compareTo(warmAtLeast) >= 0 && level >= 2)) {
                return slices;
            }
            if (!Double.isNaN(cost)) {
                cheapest = Math.min(cheapest, cost);
            }
        }
    }

    private IntakePhase phase(int round, int order, int clients, Instance instance, DataSource database, boolean last)
            throws Exception {
        String name = instance.name() + ", round " + round;
        log.info(
                "{}, {} clients: warm-up {} s", name, clients, settings.warmup().toSeconds());
        // every phase of either instance starts from a heap collected in full, before its unmeasured load
        if (!instance.service().collectFully()) {
            fullCollections = false;
            log.warn("could not collect the {} instance's heap in full before its phase", instance.name());
        }
        if (!settings.warmup().isZero()) {
            instance.intake().run(clients, settings.warmup(), ClosedLoad.Window.NONE);
        }
        Measured m = measure(instance, clients, settings.phase(), database, true);
        IntakePhase p = new IntakePhase(round, order, instance.audited(), clients, m);
        log.info(
                "{}: {}/s (sealing included, {} ms after the load, {} left unsealed), failures {}, service {} ms and"
                        + " PostgreSQL {} ms CPU per event; CPU: {}; sessions: {}; statements per webhook: {}",
                name,
                BenchReport.number(m.perSecond()),
                m.sealTail().toMillis(),
                m.unsealedLeft(),
                m.throughput().failed() == 0 ? "none" : m.throughput().failureSummary(),
                String.format(Locale.ROOT, "%.2f", m.serviceMillisPerEvent()),
                String.format(Locale.ROOT, "%.2f", m.postgresMillisPerEvent()),
                m.cpu().map(CpuUsage::describe).orElse("unknown"),
                m.sessions().map(LockWaits.Means::describe).orElse("unknown"),
                m.statements()
                        .map(c -> StatementProfile.format(c.perUnit(c.statements())))
                        .orElse("unknown"));
        if (last) {
            m.statements()
                    .ifPresent(c -> statementReports.add(c.markdown(
                            "in the measured window of the " + name + " (the load and the sealing after it)",
                            statementsTop)));
        }
        return p;
    }

    /**
     * Runs the load for {@code duration} and measures it until what it wrote is sealed. The window opens only when
     * nothing is left unsealed and no work item waits, so that neither instance's window holds the other's work.
     */
    private Measured measure(
            Instance instance, int clients, Duration duration, DataSource database, boolean countStatements)
            throws Exception {
        ServiceProcess service = instance.service();
        unsealed(database, service, sealWait);
        awaitNoWorkItems(database, service);
        long postmaster = CpuMeter.postmasterPid(database);
        StatementProfile statements = countStatements ? new StatementProfile(database, APP_ROLE) : null;
        CpuWindow cpu = new CpuWindow(service.pid(), postmaster, statements);
        LockWaits sessions = new LockWaits(database, cpu);
        Throughput t = instance.intake().run(clients, duration, new ClosedLoad.Window() {
            @Override
            public void opened() {
                sessions.opened();
            }

            @Override
            public void closed() {
                // closed once what the load wrote is sealed
            }
        });
        long loadEnded = System.nanoTime();
        long left = unsealed(database, service, sealWait);
        Duration tail = Duration.ofNanos(System.nanoTime() - loadEnded);
        sessions.closed();
        service.requireAlive();
        return new Measured(
                t,
                cpu.window(),
                tail,
                left,
                cpu.usage(),
                sessions.means(),
                cpu.statements(t.succeeded()),
                cpu.threads());
    }
    /** Grows the trail to {@code verifyEntries} entries, lets the sealer chain them, then verifies the chain. */
    private Trail trail(DataSource database, List<String> arguments) throws Exception {
        Path gcLog = settings.workDirectory().resolve("instance-verify").resolve("gc.log");
        Files.createDirectories(gcLog.getParent());
        Files.deleteIfExists(gcLog);
        try (ServiceProcess verifier = start(
                "verify",
                verifyHeap,
                profile.jvmOptions(List.of("-XX:+UseG1GC", "-Xlog:gc:file=" + gcLog)),
                arguments)) {
            // the intake's entries sealed first, so that the chain's head is where the seeded entries continue
            awaitSealed(database, verifier);
            long present = count(database, "SELECT count(*) FROM audit_event");
            long seed = Math.max(0, verifyEntries - sealEntries - present);
            log.info("appending {} sealed audit entries with COPY (the chain has {})", seed, present);
            long t0 = System.nanoTime();
            AuditChainSeed.append(database, seed);
            Duration seeding = Duration.ofNanos(System.nanoTime() - t0);
            log.info("appended {} entries in {} ms", seed, seeding.toMillis());
            log.info("writing {} unsealed audit entries for the service's sealer", sealEntries);
            CpuMeter sealingMeter = CpuMeter.start(verifier.pid(), database);
            long t1 = System.nanoTime();
            if (sealEntries > 0) {
                // Entries the size and shape of a qualification being recorded, as the ledger writes them.
                BenchSupport.execute(database, """
                        INSERT INTO audit_pending (occurred_at, actor, action, entity_type, entity_id, employee_id,
                            old_value, new_value, reason, correlation_id)
                        SELECT now(), 'source:hris', 'qualification.recorded', 'qualification', md5(g::text),
                            'E4' || lpad((g %% 100000)::text, 5, '0'), NULL,
                            jsonb_build_object('code', 'GMP-BASIC', 'level', 1, 'status', 'VALID',
                                'completedAt', '2026-11-02T00:00:00Z', 'expiresAt', '2027-11-02T00:00:00Z',
                                'authority', 'HRIS', 'evidence', jsonb_build_object('source', 'hris',
                                'sourceRecordId', 'TR-' || g, 'sourceVersion', 1, 'approvedBy', 'TC-0042',
                                'approvedAt', '2026-11-02T15:00:00Z', 'eventId', md5(g::text))),
                            'hris record TR-' || g || ' v1: GMP-BASIC completed, approved by TC-0042', md5(g::text)
                        FROM generate_series(1, %d) g""".formatted(sealEntries));
            }
            awaitSealed(database, verifier);
            Duration sealing = Duration.ofNanos(System.nanoTime() - t1);
            Optional<CpuUsage> sealingCpu = sealingMeter.stop();
            long chain = count(database, "SELECT count(*) FROM audit_event");
            log.info(
                    "sealed {} entries in {} ms ({} entries/s); the chain has {} entries",
                    sealEntries,
                    sealing.toMillis(),
                    (long) (sealEntries / Math.max(0.001, sealing.toNanos() / 1e9)),
                    chain);

            int gcLinesBefore = QmsBenchmark.gcLines(gcLog).size();
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            List<Verification> verifications = new ArrayList<>();
            for (int i = 0; i < verifyRepeats; i++) {
                CpuMeter meter = CpuMeter.start(verifier.pid(), database);
                VerifyProfile.Window profiled = profile.open("`verify` #" + (i + 1), verifier.pid());
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(verifier.baseUri() + "/api/v1/audit/verify"))
                                .timeout(Duration.ofMinutes(30))
                                .header("authorization", basic())
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                long entries = entriesOf(r.body());
                profiled.close(entries);
                Verification v = new Verification(
                        entries,
                        took,
                        r.statusCode() == 200 && r.body().contains("\"valid\":true"),
                        r.body(),
                        meter.stop());
                log.info(
                        "verify {}: {} entries in {} ms ({} entries/s; {}): {}",
                        i + 1,
                        entries,
                        took.toMillis(),
                        (long) v.perSecond(),
                        v.cpuPerEntry(),
                        r.body());
                verifications.add(v);
            }
            long peak = QmsBenchmark.peakHeap(QmsBenchmark.gcLines(gcLog)
                    .subList(gcLinesBefore, QmsBenchmark.gcLines(gcLog).size()));
            return new Trail(seed, seeding, sealEntries, sealing, sealingCpu, verifications, peak);
        }
    }

    /** Waits until every committed entry is sealed into the chain (at most 30 minutes). */
    private static void awaitSealed(DataSource database, ServiceProcess verifier) throws Exception {
        if (unsealed(database, verifier, Duration.ofMinutes(30)) > 0) {
            throw new IllegalStateException("the sealer did not seal the pending entries within 30 minutes");
        }
    }

    /** Waits up to {@code bound} until no committed entry waits to be sealed; returns how many still wait. */
    private static long unsealed(DataSource database, ServiceProcess service, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (count(database, "SELECT count(*) FROM (SELECT 1 FROM audit_pending LIMIT 1) p") > 0) {
            if (System.nanoTime() - deadline > 0) {
                return count(database, "SELECT count(*) FROM audit_pending");
            }
            service.requireAlive();
            Thread.sleep(20);
        }
        return 0;
    }

    /** Waits up to a minute until the work queue is empty (intake's events complete no role, so it mostly is). */
    private static void awaitNoWorkItems(DataSource database, ServiceProcess service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (count(database, "SELECT count(*) FROM (SELECT 1 FROM work_item LIMIT 1) w") > 0) {
            if (System.nanoTime() - deadline > 0) {
                log.warn("work items still waiting after a minute; measuring anyway");
                return;
            }
            service.requireAlive();
            Thread.sleep(100);
        }
    }

    private ServiceProcess start(String name, String heap, List<String> jvmOptions, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(settings.serviceJvmOptions());
        options.addAll(jvmOptions);
        log.info("starting the {} instance", name);
        return ServiceProcess.startHealthy(
                settings.serviceJar(),
                heap,
                options,
                arguments,
                settings.workDirectory().resolve("instance-" + name).resolve("qualigate-service.log"));
    }

    String markdown(
            Instant started,
            Duration took,
            String loadBefore,
            String loadAfter,
            List<WarmSlice> warmUps,
            List<IntakePhase> phases,
            Trail trail) {
        StringBuilder b = new StringBuilder();
        b.append("## ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                        .format(started.atOffset(ZoneOffset.UTC)))
                .append(" UTC — what the audit trail costs (P5)\n\n");
        b.append("- Command: `")
                .append(settings.command())
                .append("` (took ")
                .append(took.toSeconds())
                .append(" s); load average before ")
                .append(loadBefore)
                .append(", after ")
                .append(loadAfter)
                .append('\n');
        b.append("- Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" processors; PostgreSQL durable = ")
                .append(settings.durable())
                .append("; ")
                .append(verifyOnly ? "--verify-only: no intake phases" : "intake phases below")
                .append("\n\n");
        if (!phases.isEmpty()) {
            intake(b, warmUps, phases);
        }
        b.append("| verification of the whole chain | entries | took | entries/s | CPU per entry | result |\n");
        b.append("|---|---:|---:|---:|---|---|\n");
        for (int i = 0; i < trail.verifications().size(); i++) {
            Verification v = trail.verifications().get(i);
            b.append("| `POST /api/v1/audit/verify` #")
                    .append(i + 1)
                    .append(" | ")
                    .append(BenchReport.number(v.entries()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f s", v.took().toMillis() / 1000.0))
                    .append(" | ")
                    .append(BenchReport.number(v.perSecond()))
                    .append(" | ")
                    .append(v.cpuPerEntry())
                    .append(" | ")
                    .append(v.valid() ? "valid" : "NOT valid: " + v.answer().replace('|', '/'))
                    .append(" |\n");
        }
        b.append(String.format(
                Locale.ROOT,
                "%nThe chain was grown to its length by %s entries hashed and chained by the benchmark and loaded "
                        + "with COPY in %.1f s, then %s entries written unsealed (as transactions write them) and "
                        + "sealed by the service's sealer in %.1f s (%s entries/s; %s). The verifying instance ran "
                        + "with its heap fixed at %s (-Xms and -Xmx); its heap peaked at %d MiB before a collection while verifying (goal: at least "
                        + "200,000 entries/s, streamed, constant memory).%n",
                BenchReport.number(trail.seeded()),
                trail.seeding().toMillis() / 1000.0,
                BenchReport.number(trail.sealed()),
                trail.sealing().toMillis() / 1000.0,
                BenchReport.number(
                        trail.sealed() / Math.max(0.001, trail.sealing().toNanos() / 1e9)),
                trail.sealingCpu().map(CpuUsage::describe).orElse("CPU unknown"),
                verifyHeap,
                trail.peakHeap() / (1024 * 1024)));
        profile.markdown().ifPresent(b::append);
        return b.toString();
    }

    private void intake(StringBuilder b, List<WarmSlice> warmUps, List<IntakePhase> phases) {
        b.append("Intake: two instances on the one database, one auditing and one with auditing off, ")
                .append(settings.people())
                .append(" people, service heap ")
                .append(settings.serviceHeap())
                .append(". Each instance was first warmed in slices of ")
                .append(warmSlice.toSeconds())
                .append(" s until its service CPU per event stopped falling (two slices in a row at 95 % or more of the"
                        + " cheapest before them; at least ")
                .append(warmAtLeast.toSeconds())
                .append(" s, at most ")
                .append(warmAtMost.toSeconds())
                .append(" s); then each round measured both, in the Thue-Morse order (ABBA BAAB …: a drift of the"
                        + " costs through the run, linear or quadratic in time, favours neither instance), each phase ")
                .append(settings.phase().toSeconds())
                .append(" s of load after ")
                .append(settings.warmup().toSeconds())
                .append(" s of unmeasured load")
                .append(
                        fullCollections
                                ? ", that load begun on a heap just collected in full (`jcmd GC.run`)"
                                : " (a full collection before it was asked for and failed at least once)")
                .append(". A window opens when nothing is left unsealed and closes when all"
                        + " the phase wrote is sealed (waiting at most ")
                .append(sealWait.toSeconds())
                .append(" s): the audited instance's sealing is inside its own window, not in the next one's."
                        + " Rates are per second of the whole window.\n\n");
        b.append("| warm-up slice | instance | webhooks accepted/s | service ms CPU per event |"
                + " PostgreSQL ms CPU per event |\n");
        b.append("|---:|---|---:|---:|---:|\n");
        for (WarmSlice w : warmUps) {
            b.append("| ")
                    .append(w.slice())
                    .append(" | ")
                    .append(w.audited() ? "audited" : "auditing off")
                    .append(" | ")
                    .append(BenchReport.number(w.measured().perSecond()))
                    .append(" | ")
                    .append(millis(w.measured().serviceMillisPerEvent()))
                    .append(" | ")
                    .append(millis(w.measured().postgresMillisPerEvent()))
                    .append(" |\n");
        }
        b.append("\n| round | order | instance | clients | webhooks accepted/s | errors | sealing after the load |"
                + " left unsealed | service ms CPU per event | PostgreSQL ms CPU per event | service | PostgreSQL |"
                + " other | idle | sessions active | statements per webhook | WAL bytes per webhook (LSN) |"
                + " seal transactions per webhook | entries per seal transaction | seal transactions/s |\n");
        b.append(
                "|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IntakePhase p : phases) {
            Measured m = p.measured();
            b.append("| ")
                    .append(p.round())
                    .append(" | ")
                    .append(p.order())
                    .append(" | ")
                    .append(p.audited() ? "audited" : "auditing off")
                    .append(" | ")
                    .append(p.clients())
                    .append(" | ")
                    .append(BenchReport.number(m.perSecond()))
                    .append(" | ")
                    .append(m.throughput().failed() == 0 ? "0" : m.throughput().failureSummary())
                    .append(" | ")
                    .append(m.sealTail().toMillis())
                    .append(" ms | ")
                    .append(m.unsealedLeft())
                    .append(" | ")
                    .append(millis(m.serviceMillisPerEvent()))
                    .append(" | ")
                    .append(millis(m.postgresMillisPerEvent()))
                    .append(" | ");
            m.cpu()
                    .ifPresentOrElse(
                            c -> b.append(String.format(
                                    Locale.ROOT,
                                    "%.2f | %.2f | %.2f | %.2f",
                                    c.service(),
                                    c.postgres(),
                                    c.other(),
                                    c.idle())),
                            () -> b.append(" |  |  | "));
            b.append(" | ")
                    .append(m.sessions()
                            .map(s -> String.format(Locale.ROOT, "%.2f", s.active()))
                            .orElse(""))
                    .append(" | ");
            m.statements()
                    .ifPresentOrElse(
                            c -> b.append(StatementProfile.format(c.perUnit(c.statements())))
                                    .append(" | ")
                                    .append(StatementProfile.format(c.perUnit(c.walLsnBytes())))
                                    .append(" | ")
                                    .append(StatementProfile.format(c.perUnit(m.sealTransactions())))
                                    .append(" | ")
                                    .append(StatementProfile.format(
                                            m.sealTransactions() == 0
                                                    ? 0
                                                    : (double) m.sealedEntries() / m.sealTransactions()))
                                    .append(" | ")
                                    .append(StatementProfile.format(m.sealTransactions()
                                            / Math.max(1e-9, m.window().toNanos() / 1e9))),
                            () -> b.append(" |  |  |  | "));
            b.append(" |\n");
        }
        b.append('\n');
        for (int round = 1; round <= rounds; round++) {
            int r = round;
            List<IntakePhase> of = phases.stream().filter(p -> p.round() == r).toList();
            b.append("- Round ")
                    .append(round)
                    .append(" (")
                    .append(of.isEmpty() ? "" : of.getFirst().audited() ? "audited first" : "unaudited first")
                    .append("): ")
                    .append(ratios(of))
                    .append('\n');
        }
        b.append("- **Overall: ").append(ratios(phases)).append("** (goal: audited at least 80 % of unaudited)\n\n");
        threads(b, phases);
        b.append("The ratio of rates depends on what else the machine ran; the ratio of CPU per event much less"
                + " (the machine's cores are used up in both phases, so the rate is about the cores over the CPU"
                + " per event).\n\n");
        statementReports.forEach(b::append);
    }

    /**
     * The service's CPU per event split by thread group ({@code /proc}, each group's share of the service's ticks in
     * the window times its CPU per event), so that what auditing adds can be found by thread: the request threads,
     * the intake committers, the sealer, delivery, the collector, the JIT.
     */
    private static void threads(StringBuilder b, List<IntakePhase> phases) {
        java.util.Set<String> groups = new java.util.LinkedHashSet<>();
        phases.forEach(p -> p.measured().threads().ifPresent(t -> t.top(10).forEach(e -> groups.add(e.getKey()))));
        if (groups.isEmpty()) {
            return;
        }
        b.append(
                "The service's ms of CPU per event by thread group (`/proc`; the ten largest groups of each phase):\n\n");
        b.append("| thread group |");
        phases.forEach(p -> b.append(" round ")
                .append(p.round())
                .append(", ")
                .append(p.audited() ? "audited" : "auditing off")
                .append(" |"));
        b.append("\n|---|").append("---:|".repeat(phases.size())).append('\n');
        for (String g : groups) {
            b.append("| ").append(g.replace("|", "\\|")).append(" |");
            for (IntakePhase p : phases) {
                Measured m = p.measured();
                double share = m.threads().map(t -> t.share(g)).orElse(Double.NaN);
                b.append(' ').append(millis(share * m.serviceMillisPerEvent())).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    /** Audited over unaudited: the rates, and the inverse of the service's and PostgreSQL's CPU per event. */
    private static String ratios(List<IntakePhase> phases) {
        double auditedEvents = 0, auditedSeconds = 0, plainEvents = 0, plainSeconds = 0;
        double auditedCpu = 0, plainCpu = 0;
        for (IntakePhase p : phases) {
            Measured m = p.measured();
            double seconds = m.window().toNanos() / 1e9;
            double cpu =
                    m.cpu().map(c -> (c.service() + c.postgres()) * seconds).orElse(Double.NaN);
            if (p.audited()) {
                auditedEvents += m.throughput().succeeded();
                auditedSeconds += seconds;
                auditedCpu += cpu;
            } else {
                plainEvents += m.throughput().succeeded();
                plainSeconds += seconds;
                plainCpu += cpu;
            }
        }
        double rate = (auditedEvents / Math.max(1e-9, auditedSeconds))
                / Math.max(1e-9, plainEvents / Math.max(1e-9, plainSeconds));
        double cpu = (plainCpu / Math.max(1, plainEvents)) / (auditedCpu / Math.max(1, auditedEvents));
        // one decimal, and the goal judged on the unrounded ratio: 79.6 % is not "80 %", and not the goal
        return String.format(
                Locale.ROOT,
                "audited intake at %.1f %% of unaudited by rate (%s), %.1f %% by the service's and PostgreSQL's CPU"
                        + " per event (%.2f against %.2f ms)",
                100 * rate,
                rate >= 0.8 ? "at least 80 %" : "under 80 %",
                100 * cpu,
                1000 * auditedCpu / Math.max(1, auditedEvents),
                1000 * plainCpu / Math.max(1, plainEvents));
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static long entriesOf(String body) {
        Matcher m = Pattern.compile("\"entries\":(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + USER).getBytes(StandardCharsets.UTF_8));
    }

    private static long count(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** CPU counters, and optionally PostgreSQL's statement counts, when the measured window opens and closes. */
    private static final class CpuWindow implements ClosedLoad.Window {
        private final long servicePid;
        private final long postmasterPid;
        private final @Nullable StatementProfile statements;
        private Optional<CpuUsage.Snapshot> opened = Optional.empty();
        private Optional<CpuUsage.Snapshot> closed = Optional.empty();
        private Optional<Map<Long, ThreadCpu.Ticks>> threadsOpened = Optional.empty();
        private Optional<Map<Long, ThreadCpu.Ticks>> threadsClosed = Optional.empty();
        private long openedAt;
        private long closedAt;
        private boolean counting;

        CpuWindow(long servicePid, long postmasterPid, @Nullable StatementProfile statements) {
            this.servicePid = servicePid;
            this.postmasterPid = postmasterPid;
            this.statements = statements;
        }

        @Override
        public void opened() {
            if (statements != null) {
                try {
                    statements.reset();
                    counting = true;
                } catch (SQLException e) {
                    log.warn("cannot count statements: {}", e.getMessage());
                }
            }
            openedAt = System.nanoTime();
            opened = CpuUsage.Snapshot.take(servicePid, postmasterPid);
            threadsOpened = ThreadCpu.take(servicePid);
        }

        @Override
        public void closed() {
            closed = CpuUsage.Snapshot.take(servicePid, postmasterPid);
            threadsClosed = ThreadCpu.take(servicePid);
            closedAt = System.nanoTime();
        }

        /** The service's CPU ticks in the window by thread group ({@link ThreadCpu}). */
        Optional<ServiceProfile.Tally> threads() {
            return threadsOpened.flatMap(b -> threadsClosed.map(a -> ThreadCpu.between(b, a)));
        }

        Duration window() {
            return Duration.ofNanos(closedAt - openedAt);
        }

        Optional<CpuUsage> usage() {
            return opened.flatMap(b ->
                    closed.map(a -> CpuUsage.between(b, a, Runtime.getRuntime().availableProcessors())));
        }

        Optional<StatementProfile.Counts> statements(long accepted) {
            if (statements == null || !counting) {
                return Optional.empty();
            }
            try {
                return Optional.of(statements.read("accepted webhook", accepted));
            } catch (SQLException e) {
                log.warn("cannot read the statement counts: {}", e.getMessage());
                return Optional.empty();
            }
        }
    }
}
