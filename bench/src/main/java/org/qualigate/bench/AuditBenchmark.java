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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the audit trail costs (P5), in one run on one PostgreSQL: the same intake load (signed webhooks, each a
 * new HRIS record, back to back from a fixed number of clients) against an instance that audits and one that
 * does not (the benchmark-only switch, refused outside the {@code bench} profile), alternating so that both see
 * the same machine; then the trail grown to a million entries (written unsealed, as transactions write them,
 * and sealed by the service's sealer) and {@code POST /api/v1/audit/verify} over all of them, with the
 * verifying instance's heap limited to show that verification streams. Run by {@code bench/run-audit}.
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
    private final VerifyProfile profile;

    AuditBenchmark(BenchSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        boolean quick = Boolean.getBoolean("bench.quick");
        this.rounds = Integer.getInteger("bench.auditRounds", 2);
        this.verifyEntries = Long.getLong("bench.verifyEntries", quick ? 100_000 : 1_000_000);
        this.verifyHeap = System.getProperty("bench.verifyHeap", "256m");
        this.verifyRepeats = Integer.getInteger("bench.verifyRepeats", 3);
        this.sealEntries = Long.getLong("bench.sealEntries", quick ? 2_000 : 20_000);
        this.verifyOnly = Boolean.getBoolean("bench.verifyOnly");
        this.profile = VerifyProfile.from(System.getProperties(), settings.workDirectory());
    }

    /** One measured intake phase of one instance. */
    record IntakePhase(
            int round,
            boolean audited,
            int clients,
            Throughput throughput,
            Optional<CpuUsage> cpu,
            Optional<LockWaits.Means> sessions) {

        double serviceMillisPerEvent() {
            double perSecond = throughput.perSecond();
            return cpu.isEmpty() || perSecond <= 0 ? Double.NaN : cpu.get().service() * 1000 / perSecond;
        }
    }

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
        List<IntakePhase> phases = new ArrayList<>();
        Trail trail = bench.run(phases);
        String md = bench.markdown(
                started,
                Duration.ofNanos(System.nanoTime() - began),
                loadBefore,
                CpuMeter.loadAverage(),
                phases,
                trail);
        settings.publish(md);
        System.exit(0);
    }

    Trail run(List<IntakePhase> phases) throws Exception {
        int clients = settings.clients().getLast();
        try (EmbeddedPostgres postgres = BenchSupport.postgres(settings.durable(), 300, APP_ROLE)) {
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
                try (ServiceProcess audited = start("audited", settings.serviceHeap(), List.of(), arguments)) {
                    IntakeBenchmark.awaitPersons(database, people.size(), Duration.ofMinutes(2));
                    try (ServiceProcess plain = start("unaudited", settings.serviceHeap(), List.of(), unaudited)) {
                        WebhookIntake toAudited = new WebhookIntake(
                                new SignedHooks(audited.baseUri(), SOURCE, secret, clock), people, clock);
                        WebhookIntake toPlain = new WebhookIntake(
                                new SignedHooks(plain.baseUri(), SOURCE, secret, clock), people, clock);
                        for (int round = 1; round <= rounds; round++) {
                            phases.add(phase(round, true, clients, audited, toAudited, database));
                            phases.add(phase(round, false, clients, plain, toPlain, database));
                        }
                        audited.requireAlive();
                        plain.requireAlive();
                    }
                }
                return trail(database, arguments);
            }
        }
    }

    private IntakePhase phase(
            int round,
            boolean audited,
            int clients,
            ServiceProcess service,
            WebhookIntake intake,
            DataSource database) {
        String name = (audited ? "audited" : "unaudited") + ", round " + round;
        log.info(
                "{}, {} clients: warm-up {} s", name, clients, settings.warmup().toSeconds());
        if (!settings.warmup().isZero()) {
            intake.run(clients, settings.warmup(), ClosedLoad.Window.NONE);
        }
        CpuWindow cpu = new CpuWindow(service.pid(), database);
        LockWaits sessions = new LockWaits(database, cpu);
        Throughput t = intake.run(clients, settings.phase(), sessions);
        service.requireAlive();
        IntakePhase p = new IntakePhase(round, audited, clients, t, cpu.usage(), sessions.means());
        log.info(
                "{}: {}/s, failures {}, service {} ms CPU per event; CPU: {}; sessions: {}",
                name,
                BenchReport.number(t.perSecond()),
                t.failed() == 0 ? "none" : t.failureSummary(),
                String.format(Locale.ROOT, "%.2f", p.serviceMillisPerEvent()),
                p.cpu().map(CpuUsage::describe).orElse("unknown"),
                p.sessions().map(LockWaits.Means::describe).orElse("unknown"));
        return p;
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
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (count(database, "SELECT count(*) FROM audit_pending") > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the sealer did not seal the pending entries within 30 minutes");
            }
            verifier.requireAlive();
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
            intake(b, phases);
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
                        + "with -Xmx%s; its heap peaked at %d MiB before a collection while verifying (goal: at least "
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

    private void intake(StringBuilder b, List<IntakePhase> phases) {
        b.append("Intake phases: ")
                .append(settings.phase().toSeconds())
                .append(" s after ")
                .append(settings.warmup().toSeconds())
                .append(" s warm-up, ")
                .append(settings.people())
                .append(" people; two instances on the one database, one auditing and one with auditing off, "
                        + "measured in turn; service heap ")
                .append(settings.serviceHeap())
                .append("\n\n");
        b.append("| round | instance | clients | webhooks accepted/s | errors | service ms CPU per event | service |"
                + " PostgreSQL | other | idle | sessions active | waiting on advisory lock |\n");
        b.append("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IntakePhase p : phases) {
            b.append("| ")
                    .append(p.round())
                    .append(" | ")
                    .append(p.audited() ? "audited" : "auditing off")
                    .append(" | ")
                    .append(p.clients())
                    .append(" | ")
                    .append(BenchReport.number(p.throughput().perSecond()))
                    .append(" | ")
                    .append(p.throughput().failed() == 0 ? "0" : p.throughput().failureSummary())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", p.serviceMillisPerEvent()))
                    .append(" | ");
            p.cpu()
                    .ifPresentOrElse(
                            c -> b.append(String.format(
                                    Locale.ROOT,
                                    "%.2f | %.2f | %.2f | %.2f",
                                    c.service(),
                                    c.postgres(),
                                    c.other(),
                                    c.idle())),
                            () -> b.append(" |  |  | "));
            b.append(" | ");
            p.sessions()
                    .ifPresentOrElse(
                            s -> b.append(String.format(Locale.ROOT, "%.2f | %.2f", s.active(), s.advisoryLockWait())),
                            () -> b.append(" | "));
            b.append(" |\n");
        }
        double audited = phases.stream()
                .filter(IntakePhase::audited)
                .mapToDouble(p -> p.throughput().perSecond())
                .sum();
        double plain = phases.stream()
                .filter(p -> !p.audited())
                .mapToDouble(p -> p.throughput().perSecond())
                .sum();
        b.append(String.format(
                Locale.ROOT,
                "%nAudited intake is %.0f %% of unaudited intake over the %d rounds (goal: at least 80 %%).%n%n",
                plain <= 0 ? 0 : 100 * audited / plain,
                rounds));
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

    /** CPU counters when the measured window opens and closes. */
    private static final class CpuWindow implements ClosedLoad.Window {
        private final long servicePid;
        private final DataSource database;
        private CpuMeter meter;
        private Optional<CpuUsage> usage = Optional.empty();

        CpuWindow(long servicePid, DataSource database) {
            this.servicePid = servicePid;
            this.database = database;
        }

        @Override
        public void opened() {
            meter = CpuMeter.start(servicePid, database);
        }

        @Override
        public void closed() {
            usage = meter == null ? Optional.empty() : meter.stop();
        }

        Optional<CpuUsage> usage() {
            return usage;
        }
    }
}
