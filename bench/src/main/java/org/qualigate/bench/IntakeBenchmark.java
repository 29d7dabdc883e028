package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end intake benchmark. In one run, on one PostgreSQL: plain single-row inserts as the baseline,
 * signed webhooks through the running service at the same concurrencies, and the latency from a webhook
 * to the role appearing in the simulated MES. Prints a Markdown section and appends it to the report.
 *
 * <p>Settings are {@code bench.*} system properties ({@link BenchSettings}).
 */
public final class IntakeBenchmark {

    private static final Logger log = LoggerFactory.getLogger(IntakeBenchmark.class);

    /** The roles of site BSL in the demo plant: the service's SCIM adapter expects one group per role. */
    static final List<String> BSL_ROLE_GROUPS = List.of(
            "BSL.FILL-1.OPERATOR",
            "BSL.FILL-1.LEAD",
            "BSL.FILL-1.SETUP_TECH",
            "BSL.LYO-2.OPERATOR",
            "BSL.PACK-3.OPERATOR",
            RoleLatency.ROLE_GROUP);

    private static final String SOURCE = "hris";
    private static final String APP_ROLE = "qualigate_app";
    private static final String API_USER = "bench";

    private final BenchSettings settings;
    private final Clock clock;
    private final ServiceProfile profile;
    private final boolean countStatements = Boolean.getBoolean("bench.statements");
    /** What PostgreSQL did in each measured webhook phase, when statements are counted. */
    private final List<String> phaseWork = new ArrayList<>();

    IntakeBenchmark(BenchSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.profile = ServiceProfile.from(System.getProperties(), settings.workDirectory());
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.from(System.getProperties());
        IntakeBenchmark benchmark = new IntakeBenchmark(settings, Clock.systemUTC());
        BenchReport report = benchmark.run();
        String md = report.markdown()
                + benchmark.profile.markdown().map(p -> "\n" + p).orElse("");
        System.out.println();
        System.out.println(md);
        if (settings.writesReport()) {
            report.appendTo(settings.report());
            log.info("appended to {}", settings.report().toAbsolutePath());
        }
        // The JDK HTTP clients and the sandbox leave no non-daemon threads, but an early exit is clearer.
        System.exit(0);
    }

    BenchReport run() throws Exception {
        Instant startedAt = clock.instant();
        long began = System.nanoTime();
        // The service acknowledges a webhook only once it is durably stored, so by default the database is
        // as durable as a production one; the embedded test defaults turn fsync and synchronous commit off.
        String durability = settings.durable() ? "on" : "off";
        log.info("starting PostgreSQL (fsync, synchronous_commit, full_page_writes {})", durability);
        try (EmbeddedPostgres postgres =
                BenchSupport.postgres(settings.durable(), 300, APP_ROLE, null, countStatements)) {
            DataSource database = postgres.getPostgresDatabase();
            MachineFacts machine = MachineFacts.read(database);
            log.info("{}", machine);
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests().withPort(0), clock)) {
                List<String> benchPeople = people("E2", settings.people());
                List<String> latencyPeople = people("E3", settings.latencySamples());
                enrol(sandbox, benchPeople);
                enrol(sandbox, latencyPeople);
                BSL_ROLE_GROUPS.forEach(sandbox.scim()::createGroup);
                String secret = BenchSupport.newSecret();
                List<String> arguments = BenchSupport.serviceArguments(postgres.getPort(), secret, sandbox, API_USER);
                log.info("starting the service");
                try (ServiceProcess service = ServiceProcess.startHealthy(
                        settings.serviceJar(),
                        settings.serviceHeap(),
                        profile.jvmOptions(settings.serviceJvmOptions()),
                        arguments,
                        settings.workDirectory().resolve("qualigate-service.log"))) {
                    profile.recorded(service.pid());
                    awaitPersons(database, benchPeople.size() + latencyPeople.size(), Duration.ofMinutes(2));
                    log.info("service healthy with every bench person in its ledger");

                    DeliveryBacklog backlog = new DeliveryBacklog(database, sandbox.sideEffects());
                    SignedHooks hooks = new SignedHooks(service.baseUri(), SOURCE, secret, clock);
                    PlainInserts plain = new PlainInserts(database, payload());
                    plain.createTable();
                    WebhookIntake intake = new WebhookIntake(hooks, benchPeople, clock);

                    List<Measured> plainRuns = new ArrayList<>();
                    for (int clients : settings.clients()) {
                        plainRuns.add(phase(
                                "plain inserts",
                                clients,
                                service,
                                database,
                                (d, window) -> plain.run(clients, d, window)));
                    }
                    // Another build of the service on the same database, measured right after each phase.
                    Optional<Path> compareJar = Optional.ofNullable(System.getProperty("bench.compareJar"))
                            .filter(j -> !j.isBlank())
                            .map(Path::of);
                    ServiceProcess other = null;
                    WebhookIntake toOther = null;
                    if (compareJar.isPresent()) {
                        log.info("starting the compared build {}", compareJar.get());
                        other = ServiceProcess.startHealthy(
                                compareJar.get(),
                                settings.serviceHeap(),
                                List.of(),
                                arguments,
                                settings.workDirectory().resolve("compared-service.log"));
                        toOther = new WebhookIntake(
                                new SignedHooks(other.baseUri(), SOURCE, secret, clock), benchPeople, clock);
                    }
                    List<BenchReport.Compared> compared = new ArrayList<>();
                    List<ConcurrencyFigures> figures = new ArrayList<>();
                    for (int i = 0; i < settings.clients().size(); i++) {
                        int clients = settings.clients().get(i);
                        drain(backlog, "before intake with " + clients + " clients");
                        Measured m = phase(
                                "webhooks", clients, service, database, (d, window) -> intake.run(clients, d, window));
                        if (other != null) {
                            WebhookIntake load = toOther;
                            drain(backlog, "before the compared build with " + clients + " clients");
                            Measured o = phase(
                                    "webhooks (compared build)",
                                    clients,
                                    other,
                                    database,
                                    (d, window) -> load.run(clients, d, window));
                            compared.add(new BenchReport.Compared(
                                    clients,
                                    compareJar.get().toString(),
                                    m.throughput(),
                                    o.throughput(),
                                    m.cpu(),
                                    o.cpu()));
                        }
                        OptionalLong left = backlog.pending();
                        log.info(
                                "delivery backlog at the end of the phase: {}",
                                left.isPresent() ? left.getAsLong() : "?");
                        Measured p = plainRuns.get(i);
                        figures.add(new ConcurrencyFigures(
                                p.throughput(), m.throughput(), p.cpu(), m.cpu(), p.sessions(), m.sessions(), left));
                    }

                    List<String> shuffled = new ArrayList<>(latencyPeople);
                    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
                    RoleLatency latency = new RoleLatency(hooks, sandbox.sideEffects(), clock, shuffled);
                    String mixed = null;
                    if (other != null) {
                        // Both builds writing at once, as during a rolling upgrade, then the chain verified.
                        WebhookIntake both = toOther;
                        log.info(
                                "both builds at once: 4 clients each for {} s",
                                settings.warmup().toSeconds());
                        var first = java.util.concurrent.CompletableFuture.supplyAsync(
                                () -> intake.run(4, settings.warmup(), ClosedLoad.Window.NONE));
                        Throughput second = both.run(4, settings.warmup(), ClosedLoad.Window.NONE);
                        Throughput firstDone = first.join();
                        mixed = "both builds at once (4 clients each, "
                                + settings.warmup().toSeconds() + " s): "
                                + BenchReport.number(firstDone.perSecond()) + "/s and "
                                + BenchReport.number(second.perSecond()) + "/s accepted, "
                                + (firstDone.failed() + second.failed()) + " errors; then `POST /api/v1/audit/verify`: "
                                + verifyChain(service);
                        log.info("{}", mixed);
                        // Only this build delivers the latency phase's roles.
                        other.close();
                    }
                    List<String> profiles = new ArrayList<>(phaseWork);
                    StatementProfile statements = countStatements ? new StatementProfile(database, APP_ROLE) : null;
                    if (statements != null) {
                        int clients = settings.clients().stream()
                                .mapToInt(Integer::intValue)
                                .max()
                                .orElse(1);
                        int count = Integer.getInteger("bench.statementEvents", 1000);
                        drain(backlog, "before counting intake's statements");
                        awaitSealed(database);
                        statements.reset();
                        log.info("statements: {} webhooks from {} clients", count, clients);
                        long accepted = intake.send(clients, count);
                        drain(backlog, "after the counted webhooks");
                        awaitSealed(database);
                        profiles.add(statements
                                .read("accepted webhook", accepted)
                                .markdown(
                                        "per accepted webhook (" + count + " sent from " + clients
                                                + " clients, each a new record that completes no role; counted"
                                                + " until the delivery backlog drained and the audit trail was"
                                                + " sealed)",
                                        Integer.getInteger("bench.statementsTop", 12)));
                    }
                    drain(backlog, "before the latency prerequisites");
                    log.info("latency: sending GMP-BASIC and GDP-DOC to {} people", latencyPeople.size());
                    int prerequisitesRefused = latency.sendPrerequisites();
                    Optional<Duration> drained = backlog.awaitQuiet(settings.quietPeriod(), settings.drainTimeout());
                    long grantsBefore = sandbox.sideEffects().latestSeq();
                    if (statements != null) {
                        awaitSealed(database);
                        statements.reset();
                    }
                    log.info(
                            "latency: backlog {}; sending BATCH-REVIEW at {}/s",
                            drained.map(d -> "drained in " + d.toMillis() + " ms")
                                    .orElse("did not drain"),
                            settings.latencyRatePerSecond());
                    RoleLatency.Result result = latency.measure(
                            settings.latencyRatePerSecond(), settings.latencyTimeout(), prerequisitesRefused);
                    service.requireAlive();
                    log.info("latency: {}", result);
                    if (statements != null) {
                        drain(backlog, "after the latency phase");
                        awaitSealed(database);
                        long delivered = sandbox.sideEffects().since(grantsBefore).stream()
                                .filter(e -> e.operation().equals("group.member.add")
                                        && e.resource().equals(RoleLatency.ROLE_GROUP))
                                .count();
                        profiles.add(statements
                                .read("delivered role", delivered)
                                .markdown(
                                        "per role delivered (the latency phase: each webhook a new record that"
                                                + " completes a role, so each is received, applied, planned,"
                                                + " delivered to the MES and audited; counted until the backlog"
                                                + " drained and the trail was sealed)",
                                        Integer.getInteger("bench.statementsTop", 15)));
                    }
                    return new BenchReport(
                            startedAt,
                            Duration.ofNanos(System.nanoTime() - began),
                            settings,
                            machine,
                            figures,
                            result,
                            drained,
                            compared,
                            Optional.ofNullable(mixed),
                            profiles);
                }
            }
        }
    }

    /** The chain's verification as the service answers it, after waiting until nothing is left unsealed. */
    private static String verifyChain(ServiceProcess service) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String answer = "no answer";
        try {
            for (int i = 0; i < 60; i++) {
                var r = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(service.baseUri() + "/api/v1/audit/verify"))
                                .header(
                                        "authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString((API_USER + ":" + API_USER).getBytes()))
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                answer = r.statusCode() + " " + r.body();
                if (r.statusCode() != 200 || !r.body().contains("\"unsealed\":0")) {
                    Thread.sleep(500);
                    continue;
                }
                break;
            }
        } catch (java.io.IOException e) {
            answer = "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "`" + answer + "`";
    }

    /** One measured phase with where the CPU went during it. */
    private record Measured(Throughput throughput, Optional<CpuUsage> cpu, Optional<LockWaits.Means> sessions) {}

    /** A load that runs for a duration, telling the window when its measured part opens and closes. */
    private interface Load {
        Throughput run(Duration duration, ClosedLoad.Window window);
    }

    private Measured phase(String name, int clients, ServiceProcess service, DataSource database, Load load) {
        log.info(
                "{}, {} clients: warm-up {} s", name, clients, settings.warmup().toSeconds());
        if (!settings.warmup().isZero()) {
            load.run(settings.warmup(), ClosedLoad.Window.NONE);
        }
        CpuWindow cpu = new CpuWindow(service.pid(), CpuMeter.postmasterPid(database));
        ServiceProfile.Window profiled = profile.window(name + ", " + clients + " clients", service.pid(), cpu);
        LockWaits sessions = new LockWaits(database, name.startsWith("webhooks") ? profiled : cpu);
        PhaseWork work = countStatements && name.startsWith("webhooks")
                ? new PhaseWork(database, APP_ROLE, CpuMeter.postmasterPid(database), sessions)
                : null;
        Throughput t = load.run(settings.phase(), work != null ? work : sessions);
        if (work != null) {
            work.counts()
                    .ifPresent(c -> phaseWork.add(c.markdown(
                            name + ", " + clients + " clients",
                            "accepted webhook",
                            t.succeeded(),
                            Integer.getInteger("bench.phaseStatementsTop", 8),
                            Integer.getInteger("bench.plansTop", 4))));
        }
        profiled.accepted(t);
        service.requireAlive();
        log.info(
                "{}, {} clients: {}/s over {} s, failures: {}; CPU: {}; PostgreSQL sessions: {}",
                name,
                clients,
                BenchReport.number(t.perSecond()),
                settings.phase().toSeconds(),
                t.failed() == 0 ? "none" : t.failureSummary(),
                cpu.usage().map(CpuUsage::describe).orElse("unknown"),
                sessions.means().map(LockWaits.Means::describe).orElse("unknown"));
        return new Measured(t, cpu.usage(), sessions.means());
    }

    /** Samples the CPU counters when the measured window opens and closes. */
    private static final class CpuWindow implements ClosedLoad.Window {
        private final long servicePid;
        private final long postmasterPid;
        private Optional<CpuUsage.Snapshot> opened = Optional.empty();
        private Optional<CpuUsage.Snapshot> closed = Optional.empty();

        CpuWindow(long servicePid, long postmasterPid) {
            this.servicePid = servicePid;
            this.postmasterPid = postmasterPid;
        }

        @Override
        public void opened() {
            opened = CpuUsage.Snapshot.take(servicePid, postmasterPid);
        }

        @Override
        public void closed() {
            closed = CpuUsage.Snapshot.take(servicePid, postmasterPid);
        }

        Optional<CpuUsage> usage() {
            return opened.flatMap(b ->
                    closed.map(a -> CpuUsage.between(b, a, Runtime.getRuntime().availableProcessors())));
        }
    }

    private void drain(DeliveryBacklog backlog, String when) throws InterruptedException {
        Optional<Duration> took = backlog.awaitQuiet(Duration.ofMillis(500), settings.drainTimeout());
        log.info(
                "delivery backlog {} {}",
                took.map(d -> "drained in " + d.toMillis() + " ms")
                        .orElse("did not drain within " + settings.drainTimeout()),
                when);
    }

    static List<String> people(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(prefix + String.format("%05d", i));
        }
        return ids;
    }

    /** Puts the people into the HRIS directory and gives each an MES account, all at site BSL. */
    private void enrol(Sandbox sandbox, List<String> ids) {
        enrol(sandbox, ids, clock);
    }

    /** Puts the people into the HRIS directory and gives each an MES account, all at site BSL. */
    static void enrol(Sandbox sandbox, List<String> ids, Clock clock) {
        LocalDate hired =
                LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).minusYears(2);
        for (String id : ids) {
            sandbox.hris()
                    .put(new Worker(
                            id,
                            "Bench",
                            "Operator " + id,
                            id.toLowerCase(java.util.Locale.ROOT) + "@bench.example",
                            "BSL",
                            null,
                            Worker.ACTIVE,
                            hired,
                            "QA specialist"));
            sandbox.scim().createUser(id, id, "Bench Operator " + id);
        }
    }

    /** A webhook-sized payload for the plain inserts: the same JSON an intake stores, padded to 400 bytes. */
    private String payload() {
        String body = new String(
                CertificationEvent.completed(
                                "E200001", CertificationEvent.GMP_BASIC, "TR-00000000-0-0", clock.instant())
                        .body(),
                java.nio.charset.StandardCharsets.UTF_8);
        return body.length() >= 400 ? body : body + " ".repeat(400 - body.length());
    }

    /** Waits until every committed audit entry is sealed, so that the sealer's work falls inside a count. */
    private static void awaitSealed(DataSource database) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = database.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM public.audit_pending")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        log.warn("audit entries were still unsealed after 2 minutes");
    }

    static void awaitPersons(DataSource database, int expected, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = 0;
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = database.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM public.person")) {
                rs.next();
                seen = rs.getLong(1);
            } catch (SQLException e) {
                // the schema is still being migrated
            }
            if (seen >= expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the service read " + seen + " of " + expected + " people from the HRIS directory within " + timeout);
    }
}
