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
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.qms.QmsSimulator;
import org.qualigate.sandbox.qms.TrainingRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QMS benchmarks: reconciliation of one site of N people × Q qualifications (HRIS events, ledger and the
 * QMS simulator holding the same records, with a few deliberate discrepancies) and the compliance report of
 * the same site at a past instant, each beside a plain SQL count over the same tables in the same run. The
 * service runs as a child process with the heap under test; the data is seeded directly in PostgreSQL and the
 * simulator, since intake speed is {@code bench/run-intake}'s subject. Not a timed test.
 */
public final class QmsBenchmark {

    private static final Logger log = LoggerFactory.getLogger(QmsBenchmark.class);
    private static final String APP_ROLE = "qualigate_app";
    private static final String USER = "bench";
    private static final String SITE = "BSL";
    private static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
    // the demo plant's HRIS-owned codes with their Workday id and QMS course
    private static final String[][] CODES = {
        {"GMP-BASIC", "WD-CERT-1001", "TW-CRS-0001"},
        {"GDP-DOC", "WD-CERT-1002", "TW-CRS-0002"},
        {"CLEANROOM", "WD-CERT-2101", "TW-CRS-0101"},
        {"ASEPTIC-GOWN", "WD-CERT-2102", "TW-CRS-0102"},
        {"ISOLATOR-OP", "WD-CERT-2110", "TW-CRS-0110"},
        {"FILLER-OP", "WD-CERT-2120", "TW-CRS-0120"},
        {"LYO-OP", "WD-CERT-2130", "TW-CRS-0130"},
        {"LINE-CLEARANCE", "WD-CERT-3001", "TW-CRS-0201"},
        {"PACK-SERIAL", "WD-CERT-3010", "TW-CRS-0210"},
        {"GRAN-OP", "WD-CERT-4001", "TW-CRS-0301"},
        {"PRESS-OP", "WD-CERT-4002", "TW-CRS-0302"},
        {"REACTOR-OP", "WD-CERT-5001", "TW-CRS-0401"},
        {"SOLVENT-HAZ", "WD-CERT-5002", "TW-CRS-0402"},
        {"BATCH-REVIEW", "WD-CERT-6001", "TW-CRS-0501"}
    };
    private static final Instant BASE = Instant.parse("2025-01-06T08:00:00Z");
    private static final String ROLE = "BSL.PACK-3.OPERATOR";

    /** The projection's figures: its rebuild, the role view, the verification, and the load of the machine. */
    private record Projection(
            Timed<String> rebuild,
            Timed<String> plainReport,
            Timed<String> plainRole,
            Timed<Long> roleView,
            Timed<Long> roleViewAgain,
            Timed<String> verify,
            LoadAverage load) {}

    /** The first page of each answer ({@code limit=PAGE}), twice: what an inspector's screen asks for. */
    private record Pages(
            Timed<String> compliance, Timed<String> complianceAgain, Timed<String> role, Timed<String> roleAgain) {}

    // the size of the first page asked for beside the whole answers
    private static final int PAGE = 500;

    /** The machine's load average while the benchmark ran (other builds share it). */
    private record LoadAverage(String text) {

        static LoadAverage read() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return new LoadAverage(f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)");
            } catch (IOException e) {
                return new LoadAverage("unknown");
            }
        }
    }

    private final int people;
    private final int qualifications;
    private final String heap;
    private final Path report;
    private final String command;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QmsBenchmark(int people, int qualifications, String heap, Path report, String command) {
        this.people = people;
        this.qualifications = qualifications;
        this.heap = heap;
        this.report = report;
        this.command = command;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("bench.quick");
        QmsBenchmark bench = new QmsBenchmark(
                Integer.getInteger("bench.people", quick ? 2_000 : 100_000),
                Integer.getInteger("bench.qualifications", 20),
                System.getProperty("bench.serviceHeap", "1g"),
                Path.of(System.getProperty("bench.report", "docs/benchmarks.md")),
                System.getProperty("bench.command", "bench/run-qms"));
        String md = bench.run();
        System.out.println();
        System.out.println(md);
        if (!bench.report.toString().isBlank()) {
            Files.writeString(bench.report, "\n" + md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            log.info("appended to {}", bench.report.toAbsolutePath());
        }
        System.exit(0);
    }

    private String run() throws Exception {
        Instant startedAt = Instant.now();
        String kept = System.getProperty("bench.keptDatabase", "");
        try (EmbeddedPostgres postgres =
                BenchSupport.postgres(false, 100, APP_ROLE, kept.isBlank() ? null : Path.of(kept))) {
            DataSource database = postgres.getPostgresDatabase();
            MachineFacts machine = MachineFacts.read(database);
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests().withPort(0), Clock.systemUTC())) {
                // Salesforce's default batch size; the simulator's smaller default exercises paging in tests
                sandbox.qms().pageSize(2000);
                List<String> arguments =
                        new java.util.ArrayList<>(BenchSupport.databaseArguments(postgres.getPort(), APP_ROLE));
                arguments.addAll(List.of(
                        "--qualigate.qms.base-url=" + sandbox.qmsBaseUri(),
                        "--qualigate.qms.client-id=" + QmsSimulator.CLIENT_ID,
                        "--qualigate.qms.client-secret=" + QmsSimulator.CLIENT_SECRET,
                        // nothing is written to the QMS while the benchmark reads it, and no nightly run interferes
                        "--qualigate.training.default-mode=observe",
                        "--qualigate.training.reconciliation-cron=-",
                        "--qualigate.security.users[0].username=" + USER,
                        "--qualigate.security.users[0].password={noop}" + USER,
                        "--qualigate.security.users[0].roles[0]=QA_APPROVER",
                        "--qualigate.security.users[0].roles[1]=ADMINISTRATOR",
                        // no reconciliation of the (empty) MES while the benchmark measures
                        "--qualigate.reconciliation.scheduled=false"));
                Path work = Path.of("bench/target/qms");
                try (ServiceProcess service = ServiceProcess.startHealthy(
                        Path.of(System.getProperty(
                                "bench.serviceJar", "qualigate/target/qualigate-0.1.0-SNAPSHOT.jar")),
                        heap,
                        jvmOptions(work),
                        arguments,
                        work.resolve("qualigate-service.log"))) {
                    long seedStart = System.nanoTime();
                    boolean reportOnly = "report".equals(System.getProperty("bench.only", ""));
                    // a kept database seeded by an earlier report-only run is used as it is
                    boolean seededBefore = reportOnly && !kept.isBlank() && count(database, "person") > 0;
                    Seeded seeded = seededBefore
                            ? new Seeded(count(database, "person"), count(database, "qualification"), 0)
                            : seed(database, reportOnly ? null : sandbox.qms());
                    Duration seedTook = Duration.ofNanos(System.nanoTime() - seedStart);
                    log.info("seeded {} in {} s", seeded, seedTook.toSeconds());
                    if (reportOnly) {
                        return reportPart(startedAt, machine, seeded, seedTook, database, service, arguments);
                    }

                    // plain SQL beside the reconciliation: the same three sides counted and summed in the database
                    Timed<String> plainRecon = time(() -> query(database, """
                            SELECT (SELECT count(*) FROM (SELECT DISTINCT ON (e.source, e.source_record_id) 1
                                      FROM inbound_event e JOIN person p ON p.employee_id = e.employee_id
                                      WHERE p.site = 'BSL' ORDER BY e.source, e.source_record_id, e.source_version DESC) x)
                                   || ' events, ' ||
                                   (SELECT count(*) FROM qualification q JOIN person p ON p.employee_id = q.employee_id
                                      WHERE p.site = 'BSL') || ' qualifications'"""));
                    long gcLinesBefore = gcLines(work.resolve("gc.log")).size();
                    Timed<String> recon = time(() -> request(
                            service.baseUri(), "POST", "/api/v1/qms/reconciliations?site=" + SITE, "application/json"));
                    service.requireAlive();
                    long peak = peakHeap(gcLines(work.resolve("gc.log")).stream()
                            .skip(gcLinesBefore)
                            .toList());
                    String counts = field(recon.value(), "counts");

                    Instant past = BASE.plus(Duration.ofDays(200));
                    // The seeded ledger bypassed the planner: the entitlement projection is worked out from it once,
                    // as after an upgrade, then checked against a second recomputation.
                    Timed<String> rebuild = time(() ->
                            request(service.baseUri(), "POST", "/api/v1/entitlements/rebuild", "application/json"));
                    // what autovacuum does soon after the rebuild's inserts, done at once so that the range queries
                    // below (the plain ones and the service's) meet the table as a running service would
                    BenchSupport.execute(database, "VACUUM ANALYZE entitlement_interval");
                    Timed<String> plainCompliance = time(() -> query(database, """
                            SELECT count(*) || ' versions known then' FROM qualification_version v
                            JOIN qualification q ON q.id = v.qualification_id
                            JOIN person p ON p.employee_id = q.employee_id
                            WHERE p.site = 'BSL' AND v.recorded_at <= '%s'""".formatted(past)));
                    Timed<String> plainProjection = time(() -> query(database, """
                            SELECT count(*) || ' entitlement rows at the instant, as known then'
                            FROM entitlement_interval WHERE site = 'BSL'
                            AND valid_from <= '%1$s' AND (valid_to IS NULL OR valid_to > '%1$s')
                            AND known_from <= '%1$s' AND (known_to IS NULL OR known_to > '%1$s')""".formatted(past)));
                    // the whole answers are timed to their last byte, counted as they arrive (not kept)
                    Timed<Long> compliance = time(() ->
                            requestBytes(service.baseUri(), "/api/v1/reports/compliance?site=" + SITE + "&at=" + past));
                    Timed<Long> complianceAgain = time(() ->
                            requestBytes(service.baseUri(), "/api/v1/reports/compliance?site=" + SITE + "&at=" + past));
                    Timed<String> compliancePage = time(() -> request(
                            service.baseUri(),
                            "GET",
                            "/api/v1/reports/compliance?site=" + SITE + "&at=" + past + "&limit=" + PAGE,
                            "application/json"));
                    Timed<String> compliancePageAgain = time(() -> request(
                            service.baseUri(),
                            "GET",
                            "/api/v1/reports/compliance?site=" + SITE + "&at=" + past + "&limit=" + PAGE,
                            "application/json"));
                    Timed<String> plainRole = time(() -> query(database, """
                            SELECT count(*) || ' holders of %1$s at the instant, as known then'
                            FROM entitlement_interval WHERE role = '%1$s'
                            AND valid_from <= '%2$s' AND (valid_to IS NULL OR valid_to > '%2$s')
                            AND known_from <= '%2$s' AND (known_to IS NULL OR known_to > '%2$s')""".formatted(ROLE, past)));
                    Timed<Long> roleView = time(
                            () -> requestBytes(service.baseUri(), "/api/v1/roles/" + ROLE + "/holders?at=" + past));
                    Timed<Long> roleViewAgain = time(
                            () -> requestBytes(service.baseUri(), "/api/v1/roles/" + ROLE + "/holders?at=" + past));
                    Timed<String> rolePage = time(() -> request(
                            service.baseUri(),
                            "GET",
                            "/api/v1/roles/" + ROLE + "/holders?at=" + past + "&limit=" + PAGE,
                            "application/json"));
                    Timed<String> rolePageAgain = time(() -> request(
                            service.baseUri(),
                            "GET",
                            "/api/v1/roles/" + ROLE + "/holders?at=" + past + "&limit=" + PAGE,
                            "application/json"));
                    Timed<String> verify = time(
                            () -> request(service.baseUri(), "GET", "/api/v1/entitlements/verify", "application/json"));
                    service.requireAlive();
                    LoadAverage load = LoadAverage.read();
                    String compared = compared(service, arguments, past, CpuMeter.postmasterPid(database));
                    return markdown(
                                    startedAt,
                                    machine,
                                    seeded,
                                    seedTook,
                                    plainRecon,
                                    recon,
                                    counts,
                                    peak,
                                    plainCompliance,
                                    compliance,
                                    complianceAgain,
                                    new Projection(
                                            rebuild, plainProjection, plainRole, roleView, roleViewAgain, verify, load),
                                    new Pages(compliancePage, compliancePageAgain, rolePage, rolePageAgain))
                            + compared;
                }
            }
        }
    }

    /**
     * {@code -Dbench.only=report}: of the whole benchmark, only what the compliance report needs (the database seeded,
     * the projection worked out from it) and the report itself: {@code bench.reportCalls} whole answers (default 5)
     * beside the plain counts, each with the CPU it cost, then the comparison with {@code bench.compareJar} if given;
     * {@code bench.plansBeforeCalls=true} also shows the plans of one chunk's statements before the first call, and
     * {@code bench.rebuild=true} rebuilds a kept database's projection again, so the calls follow a rebuild. Before the
     * calls the client's own reading and hashing is compiled on answers of its own ({@link ClientWarmUp}, {@code
     * bench.clientWarmUp} rounds, default 4, 0 for none), so the client's CPU column is the reading, not its JIT.
     * No QMS records, no reconciliation, no role view: a few minutes instead of ten at 100,000 people.
     */
    private String reportPart(
            Instant startedAt,
            MachineFacts machine,
            Seeded seeded,
            Duration seedTook,
            DataSource database,
            ServiceProcess service,
            List<String> arguments)
            throws Exception {
        Instant past = BASE.plus(Duration.ofDays(200));
        // bench.rebuild=true: rebuilt (worked out again, nothing differing written) even when a kept database has it
        boolean projected = count(database, "entitlement_interval") > 0 && !Boolean.getBoolean("bench.rebuild");
        Timed<String> rebuild = projected
                ? new Timed<>("kept from an earlier run", Duration.ZERO)
                : time(() -> request(service.baseUri(), "POST", "/api/v1/entitlements/rebuild", "application/json"));
        BenchSupport.execute(database, "VACUUM ANALYZE entitlement_interval");
        String path = "/api/v1/reports/compliance?site=" + SITE + "&at=" + past;
        ReportComparison calls = new ReportComparison(basic(), CpuMeter.postmasterPid(database));
        // the measuring client's own JIT work done before the calls (bench.clientWarmUp rounds of the answer's size)
        int warmUps = Integer.getInteger("bench.clientWarmUp", 4);
        String warmed =
                warmUps > 0 ? ClientWarmUp.run(warmUps, 140_000_000L) : "the client not warmed before the calls";
        log.info("{}", warmed);
        StringBuilder md = new StringBuilder();
        md.append("## ")
                .append(startedAt.atOffset(ZoneOffset.UTC))
                .append(" — the compliance report's whole answer (`bench.only=report`)\n\n- Command: `")
                .append(command)
                .append("`\n- Machine: ")
                .append(machine.processors())
                .append(" processors (")
                .append(machine.cpuModel())
                .append("); ")
                .append(machine.postgres())
                .append("\n- Data: ")
                .append(seeded.persons())
                .append(" people × ")
                .append(qualifications)
                .append(" qualifications (seeded in ")
                .append(seedTook.toSeconds())
                .append(" s); projection rebuilt in ")
                .append(millis(rebuild.took()))
                .append("; service heap -Xmx")
                .append(heap)
                .append("\n- Client: ")
                .append(warmed)
                .append("\n\n| call | took | CPU ms: service + PostgreSQL + client"
                        + " | of it: service JIT / service GC / client JIT | bytes | plain count beside |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        // with bench.plansBeforeCalls, the plans also before the first call: that reads one chunk of the 50 once more
        String cold = Boolean.getBoolean("bench.plansBeforeCalls")
                ? ReportQueryPlans.of(database, SITE, past, "before the first call")
                : "";
        int n = Integer.getInteger("bench.reportCalls", 5);
        for (int i = 1; i <= n; i++) {
            Timed<String> plain = time(() -> query(database, """
                    SELECT count(*) FROM qualification_version v
                    JOIN qualification q ON q.id = v.qualification_id
                    JOIN person p ON p.employee_id = q.employee_id
                    WHERE p.site = 'BSL' AND v.recorded_at <= '%s'""".formatted(past)));
            ReportComparison.Answer a = calls.fetch(service, path, false);
            log.info(
                    "call {}: {} ms ({}; service JIT / service GC / client JIT {}), plain count {} ms",
                    i,
                    a.took().toMillis(),
                    a.cpu(),
                    a.cpu().threadParts(),
                    plain.took().toMillis());
            md.append(String.format(
                    java.util.Locale.ROOT,
                    "| %d | %d ms | %s | %s | %d | %d ms |%n",
                    i,
                    a.took().toMillis(),
                    a.cpu(),
                    a.cpu().threadParts(),
                    a.bytes(),
                    plain.took().toMillis()));
        }
        md.append("\nLoad average after the calls: ")
                .append(CpuMeter.loadAverage())
                .append(".\n");
        md.append(cold);
        md.append(ReportQueryPlans.of(database, SITE, past, "after the calls"));
        return md + compared(service, arguments, past, CpuMeter.postmasterPid(database));
    }

    /**
     * With {@code bench.compareJar}: the whole answer of the compliance report from this build and from that jar, in
     * turn ({@code bench.compareRounds} rounds, default 3), as Markdown; else nothing.
     */
    private String compared(ServiceProcess service, List<String> arguments, Instant past, long postmasterPid)
            throws Exception {
        String jar = System.getProperty("bench.compareJar", "");
        if (jar.isBlank()) {
            return "";
        }
        Path work = Path.of("bench/target/qms-compare");
        java.nio.file.Files.createDirectories(work);
        List<ReportComparison.Round> rounds = new ReportComparison(basic(), postmasterPid)
                .run(
                        service,
                        Path.of(jar),
                        heap,
                        jvmOptions(work),
                        arguments,
                        "/api/v1/reports/compliance?site=" + SITE + "&at=" + past,
                        Integer.getInteger("bench.compareRounds", 3));
        return ReportComparison.markdown(Path.of(jar), CpuMeter.loadAverage(), rounds);
    }

    /** G1 with a GC log, and {@code bench.serviceJvmOptions} (e.g. a flight recording), space-separated. */
    private static List<String> jvmOptions(Path work) {
        List<String> options =
                new java.util.ArrayList<>(List.of("-XX:+UseG1GC", "-Xlog:gc:file=" + work.resolve("gc.log")));
        String more = System.getProperty("bench.serviceJvmOptions", "");
        if (!more.isBlank()) {
            options.addAll(List.of(more.trim().split("\\s+")));
        }
        return options;
    }

    private record Seeded(long persons, long qualifications, long qmsRecords) {}

    /**
     * People B0000001… at BSL, each with Q HRIS qualifications (event, ledger row, version) and the matching QMS
     * records, except: every 101st QMS record missing, every 211th with another completion date, and one MANUAL
     * record per 1000 people that the ledger does not hold.
     */
    private Seeded seed(DataSource database, @Nullable QmsSimulator qms) throws SQLException {
        StringBuilder codes = new StringBuilder();
        StringBuilder wd = new StringBuilder();
        for (String[] c : CODES) {
            codes.append(codes.isEmpty() ? "" : ",").append('\'').append(c[0]).append('\'');
            wd.append(wd.isEmpty() ? "" : ",").append('\'').append(c[1]).append('\'');
        }
        int n = CODES.length;
        BenchSupport.execute(database, """
                INSERT INTO person (employee_id, given_name, family_name, email, site, status, source, updated_at)
                SELECT 'B' || lpad(i::text, 7, '0'), 'Given', 'Family' || i, 'b' || i || '@plant.example', 'BSL',
                       'ACTIVE', 'bench', now()
                FROM generate_series(1, %d) i""".formatted(people));
        BenchSupport.execute(database, """
                INSERT INTO inbound_event (id, source, webhook_id, received_at, body, body_sha256, outcome, event_type,
                    employee_id, source_record_id, source_version)
                SELECT gen_random_uuid(), 'hris', 'w-' || i || '-' || j, '%s'::timestamptz + ((i + j) %% 300) * interval '1 day',
                       '\\x7b7d'::bytea, 'bench', 'APPLIED', 'certification.completed',
                       'B' || lpad(i::text, 7, '0'), 'TR-' || i || '-' || j, 1
                FROM generate_series(1, %d) i, generate_series(1, %d) j""".formatted(BASE, people, qualifications));
        BenchSupport.execute(database, """
                INSERT INTO qualification (id, employee_id, source, source_record_id, source_version, code, level,
                    source_code, completed_at, completed_original, status, authority, event_id, recorded_at,
                    latest_version_at)
                SELECT gen_random_uuid(), e.employee_id, 'hris', e.source_record_id, 1,
                       (ARRAY[%s])[1 + (split_part(e.source_record_id, '-', 3)::int %% %d)], 1,
                       (ARRAY[%s])[1 + (split_part(e.source_record_id, '-', 3)::int %% %d)],
                       e.received_at - interval '1 hour', to_char(e.received_at - interval '1 hour', 'YYYY-MM-DD'),
                       'VALID', 'HRIS', e.id, e.received_at, e.received_at
                FROM inbound_event e WHERE e.source = 'hris'""".formatted(codes, n, wd, n));
        BenchSupport.execute(database, """
                INSERT INTO qualification_version (qualification_id, source_version, code, level, completed_at,
                    status, event_id, recorded_at, completed_original, source_code)
                SELECT id, source_version, code, level, completed_at, status, event_id, recorded_at,
                       completed_original, source_code FROM qualification""");
        BenchSupport.execute(database, "ANALYZE");
        if (qms == null) {
            return new Seeded(people, (long) people * qualifications, 0);
        }
        long qmsRecords = 0;
        Instant now = Instant.now();
        for (int i = 1; i <= people; i++) {
            String employee = "B" + String.format("%07d", i);
            for (int j = 1; j <= qualifications; j++) {
                long k = (long) i * qualifications + j;
                if (k % 101 == 0) {
                    continue;
                }
                Instant received = BASE.plus(Duration.ofDays((i + j) % 300));
                LocalDate completed =
                        received.minus(Duration.ofHours(1)).atZone(ZONE).toLocalDate();
                if (k % 211 == 0) {
                    completed = completed.minusDays(3);
                }
                qms.putRecord(new TrainingRecord(
                        "a0B" + k,
                        "QG-hris-TR-" + i + "-" + j,
                        employee,
                        CODES[j % n][2],
                        completed,
                        null,
                        "Complete",
                        "HRIS",
                        now));
                qmsRecords++;
            }
            if (i % 1000 == 0) {
                qms.addOwnedRecord(
                        employee, "TW-CRS-0901", LocalDate.of(2025, 3, 1), null, "MANUAL", now.minusSeconds(3600));
                qmsRecords++;
            }
        }
        return new Seeded(people, (long) people * qualifications, qmsRecords);
    }

    private String markdown(
            Instant startedAt,
            MachineFacts machine,
            Seeded seeded,
            Duration seedTook,
            Timed<String> plainRecon,
            Timed<String> recon,
            String counts,
            long peakHeap,
            Timed<String> plainCompliance,
            Timed<Long> compliance,
            Timed<Long> complianceAgain,
            Projection projection,
            Pages pages) {
        StringBuilder md = new StringBuilder();
        md.append("## ")
                .append(startedAt.atOffset(ZoneOffset.UTC).toLocalDate())
                .append(" — QMS reconciliation and compliance report benchmark\n\n");
        md.append("- Command: `").append(command).append("`\n");
        md.append("- Machine: ")
                .append(machine.processors())
                .append(" processors (")
                .append(machine.cpuModel())
                .append("), ")
                .append(machine.memory())
                .append(" memory; ")
                .append(machine.java())
                .append("; ")
                .append(machine.postgres())
                .append('\n');
        md.append("- Data: ")
                .append(seeded.persons())
                .append(" people at BSL × ")
                .append(qualifications)
                .append(" HRIS qualifications = ")
                .append(seeded.qualifications())
                .append(" events, ledger rows and versions; ")
                .append(seeded.qmsRecords())
                .append(" records in the QMS simulator (seeded in ")
                .append(seedTook.toSeconds())
                .append(" s); service heap -Xmx")
                .append(heap)
                .append("\n\n");
        md.append("| measurement | took | goal | result |\n| --- | ---: | ---: | --- |\n");
        md.append("| plain SQL: latest event per record and ledger rows of the site | ")
                .append(millis(plainRecon.took()))
                .append(" | | ")
                .append(plainRecon.value())
                .append(" |\n");
        md.append("| reconciliation `POST /api/v1/qms/reconciliations?site=BSL` | ")
                .append(millis(recon.took()))
                .append(" | ≤ 60 s, ≤ 1 GiB heap | ")
                .append(
                        recon.value().contains("\"error\"") && !recon.value().contains("\"error\":null")
                                ? "FAILED: " + recon.value()
                                : "peak heap before a collection " + (peakHeap / (1024 * 1024)) + " MiB")
                .append(" |\n");
        md.append("| plain SQL: versions of the site's qualifications known at the instant | ")
                .append(millis(plainCompliance.took()))
                .append(" | | ")
                .append(plainCompliance.value())
                .append(" |\n");
        md.append("| compliance report at ")
                .append(BASE.plus(Duration.ofDays(200)))
                .append(", whole answer, first call | ")
                .append(millis(compliance.took()))
                .append(" | ≤ 2 s | ")
                .append(compliance.value() / 1024)
                .append(" KiB of JSON, timed to its last byte |\n");
        md.append("| compliance report, whole answer, second call | ")
                .append(millis(complianceAgain.took()))
                .append(" | ≤ 2 s | ")
                .append(complianceAgain.value() / 1024)
                .append(" KiB |\n");
        md.append("| compliance report, first page (`&limit=" + PAGE + "`), first call | ")
                .append(millis(pages.compliance().took()))
                .append(" | ≤ 2 s | ")
                .append(pageFacts(pages.compliance().value()))
                .append(" |\n");
        md.append("| compliance report, first page, second call | ")
                .append(millis(pages.complianceAgain().took()))
                .append(" | ≤ 2 s | |\n");
        md.append("| entitlement projection rebuilt from the ledger (`POST /api/v1/entitlements/rebuild`) | ")
                .append(millis(projection.rebuild().took()))
                .append(" | | ")
                .append(projection.rebuild().value())
                .append(" |\n");
        md.append("| plain SQL: the site's entitlement rows at the instant, as known then | ")
                .append(millis(projection.plainReport().took()))
                .append(" | | ")
                .append(projection.plainReport().value())
                .append(" |\n");
        md.append("| plain SQL: the role's entitlement rows at the instant, as known then | ")
                .append(millis(projection.plainRole().took()))
                .append(" | | ")
                .append(projection.plainRole().value())
                .append(" |\n");
        md.append("| role view `GET /api/v1/roles/")
                .append(ROLE)
                .append("/holders?at=…`, whole answer, first call | ")
                .append(millis(projection.roleView().took()))
                .append(" | ≤ 2 s | ")
                .append(projection.roleView().value() / 1024)
                .append(" KiB of JSON, timed to its last byte |\n");
        md.append("| role view, whole answer, second call | ")
                .append(millis(projection.roleViewAgain().took()))
                .append(" | ≤ 2 s | ")
                .append(projection.roleViewAgain().value() / 1024)
                .append(" KiB |\n");
        md.append("| role view, first page (`&limit=" + PAGE + "`), first call | ")
                .append(millis(pages.role().took()))
                .append(" | ≤ 2 s | ")
                .append(pageFacts(pages.role().value()))
                .append(" |\n");
        md.append("| role view, first page, second call | ")
                .append(millis(pages.roleAgain().took()))
                .append(" | ≤ 2 s | |\n");
        md.append("| projection verified against a recomputation (`GET /api/v1/entitlements/verify`) | ")
                .append(millis(projection.verify().took()))
                .append(" | | ")
                .append(projection.verify().value())
                .append(" |\n\n");
        md.append("Load average of the machine at the end of the measurements: ")
                .append(projection.load().text())
                .append(".\n\n");
        md.append("Reconciliation counts: `").append(counts).append("`\n");
        return md.toString();
    }

    /** A page's size and what it says of the whole: the count(s) over all rows, and the cursor of the next page. */
    private static String pageFacts(String json) {
        Matcher count = Pattern.compile("\"count\":(\\d+)").matcher(json);
        Matcher counts = Pattern.compile("\"counts\":(\\{[^}]*\\})").matcher(json);
        Matcher next = Pattern.compile("\"next\":\"([^\"]*)\"").matcher(json);
        return json.length() / 1024 + " KiB of JSON; "
                + (count.find() ? "count " + count.group(1) : counts.find() ? "counts `" + counts.group(1) + "`" : "")
                + (next.find() ? ", next page after " + next.group(1) : ", no next page");
    }

    private static String millis(Duration d) {
        return d.toMillis() >= 10_000 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\{[^}]*\\{[^}]*\\}[^}]*\\}|\\{[^}]*\\})")
                .matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private record Timed<T>(T value, Duration took) {}

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> Timed<T> time(Step<T> step) throws Exception {
        long start = System.nanoTime();
        T value = step.run();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    private String request(URI base, String method, String path, String accept) throws Exception {
        // the rebuild of 100,000 people's projection took 610 s on the shared machine (load average 16)
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofMinutes(30))
                        .header("authorization", basic())
                        .header("accept", accept)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** GET a (long) JSON answer and count its bytes as they arrive, without keeping them; the bytes received. */
    private long requestBytes(URI base, String path) throws Exception {
        HttpResponse<java.io.InputStream> r =
                http.send(ReportComparison.jsonGet(base, path, basic()), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (java.io.InputStream in = r.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
        }
        return bytes;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + USER).getBytes(StandardCharsets.UTF_8));
    }

    static List<String> gcLines(Path log) throws IOException {
        return Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
    }

    /** The most heap in use before any collection during the measurement, from the unified GC log. */
    static long peakHeap(List<String> lines) {
        Pattern before = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long peak = 0;
        for (String line : lines) {
            Matcher m = before.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)) * 1024 * 1024);
            }
        }
        return peak;
    }

    private static long count(DataSource database, String table) throws SQLException {
        return Long.parseLong(query(database, "SELECT count(*) FROM " + table));
    }

    private static String query(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
