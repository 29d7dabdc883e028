package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out on one PostgreSQL: the same intake load (signed webhooks, each a new HRIS record, back to back
 * from a fixed number of clients) against one service instance, then split across two instances sharing the
 * database. Reports throughput, request latency and where sessions waited, to show whether a second instance
 * raises intake or whether the database (the audit chain's lock) sets the ceiling. Run by
 * {@code bench/run-scale-out}; settings are the {@code bench.*} properties of {@link BenchSettings} (phase,
 * warm-up, people, clients — the first count is used — durability, heap, report).
 */
public final class ScaleOutBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ScaleOutBenchmark.class);
    private static final String SOURCE = "hris";
    private static final String APP_ROLE = "qualigate_app";

    private final BenchSettings settings;
    private final Clock clock;

    ScaleOutBenchmark(BenchSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** One measured configuration. */
    record Row(
            int instances,
            int clients,
            Throughput throughput,
            LatencySummary latency,
            Optional<LockWaits.Means> sessions) {}

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.from(System.getProperties());
        ScaleOutBenchmark bench = new ScaleOutBenchmark(settings, Clock.systemUTC());
        Instant started = Instant.now();
        long began = System.nanoTime();
        List<Row> rows = bench.run();
        String md = markdown(settings, started, Duration.ofNanos(System.nanoTime() - began), rows);
        settings.publish(md);
        System.exit(0);
    }

    List<Row> run() throws Exception {
        int clients = settings.clients().getFirst();
        try (EmbeddedPostgres postgres = BenchSupport.postgres(settings.durable(), 300, APP_ROLE)) {
            DataSource database = postgres.getPostgresDatabase();
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests().withPort(0), clock)) {
                List<String> people = enrol(sandbox, settings.people());
                IntakeBenchmark.BSL_ROLE_GROUPS.forEach(sandbox.scim()::createGroup);
                String secret = BenchSupport.newSecret();
                List<String> arguments = BenchSupport.serviceArguments(postgres.getPort(), secret, sandbox, "bench");
                List<Row> rows = new ArrayList<>();
                try (ServiceProcess a = start("a", arguments)) {
                    IntakeBenchmark.awaitPersons(database, people.size(), Duration.ofMinutes(2));
                    List<SignedHooks> one = List.of(new SignedHooks(a.baseUri(), SOURCE, secret, clock));
                    rows.add(measure(1, clients, one, people, database));
                    try (ServiceProcess b = start("b", arguments)) {
                        List<SignedHooks> two =
                                List.of(one.getFirst(), new SignedHooks(b.baseUri(), SOURCE, secret, clock));
                        rows.add(measure(2, clients, two, people, database));
                        // Same clients per instance as the single instance had: is the database the limit?
                        rows.add(measure(2, clients * 2, two, people, database));
                        a.requireAlive();
                        b.requireAlive();
                    }
                }
                return rows;
            }
        }
    }

    private ServiceProcess start(String name, List<String> arguments) throws IOException, InterruptedException {
        log.info("starting service instance {}", name);
        // Each instance in its own folder: ServiceProcess runs a private copy of the jar from there.
        return ServiceProcess.startHealthy(
                settings.serviceJar(),
                settings.serviceHeap(),
                settings.serviceJvmOptions(),
                arguments,
                settings.workDirectory().resolve("instance-" + name).resolve("qualigate-service.log"));
    }

    private Row measure(int instances, int clients, List<SignedHooks> hooks, List<String> people, DataSource database)
            throws InterruptedException {
        Recorder recorder = new Recorder(LatencySummary.HIGHEST_MICROS, 3);
        String run = UUID.randomUUID().toString().substring(0, 8);
        log.info(
                "{} instance(s), {} clients: warm-up {} s",
                instances,
                clients,
                settings.warmup().toSeconds());
        if (!settings.warmup().isZero()) {
            ClosedLoad.run(
                    clients, settings.warmup(), i -> client(run + "w" + i, hooks.get(i % hooks.size()), people, null));
        }
        recorder.reset();
        LockWaits sessions = new LockWaits(database, ClosedLoad.Window.NONE);
        Throughput t = ClosedLoad.run(
                clients,
                settings.phase(),
                i -> client(run + "m" + i, hooks.get(i % hooks.size()), people, recorder),
                sessions);
        Histogram h = recorder.getIntervalHistogram();
        LatencySummary latency = LatencySummary.of(h, 0);
        log.info(
                "{} instance(s), {} clients: {}/s, failures {}, latency {}, sessions {}",
                instances,
                clients,
                BenchReport.number(t.perSecond()),
                t.failed() == 0 ? "none" : t.failureSummary(),
                latency,
                sessions.means().map(LockWaits.Means::describe).orElse("unknown"));
        Thread.sleep(2_000);
        return new Row(instances, clients, t, latency, sessions.means());
    }

    private ClosedLoad.Client client(String prefix, SignedHooks hooks, List<String> people, Recorder recorder) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        SplittableRandom random = new SplittableRandom(prefix.hashCode());
        return new ClosedLoad.Client() {
            private long seq;

            @Override
            public Optional<String> call() throws Exception {
                long n = seq++;
                String person = people.get(random.nextInt(people.size()));
                String code = random.nextBoolean() ? CertificationEvent.GMP_BASIC : CertificationEvent.GDP_DOC;
                CertificationEvent event =
                        CertificationEvent.completed(person, code, "TR-" + prefix + "-" + n, clock.instant());
                long start = System.nanoTime();
                HttpResponse<Void> response = http.send(
                        hooks.request("msg_" + prefix + "_" + n, event.body()), HttpResponse.BodyHandlers.discarding());
                if (recorder != null && response.statusCode() == 202) {
                    recorder.recordValue(Math.min((System.nanoTime() - start) / 1000, LatencySummary.HIGHEST_MICROS));
                }
                return response.statusCode() == 202 ? Optional.empty() : Optional.of("HTTP " + response.statusCode());
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    static String markdown(BenchSettings settings, Instant started, Duration took, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("## ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                        .format(started.atZone(ZoneOffset.UTC)))
                .append(" — scale-out: one and two instances on one PostgreSQL\n\n");
        md.append("- Command: `")
                .append(settings.command())
                .append("` (took ")
                .append(String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0))
                .append(" s)\n");
        md.append("- Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" processors; Java ")
                .append(System.getProperty("java.version"))
                .append("; PostgreSQL durable = ")
                .append(settings.durable())
                .append("\n");
        md.append("- Phases: ")
                .append(settings.phase().toSeconds())
                .append(" s measured after ")
                .append(settings.warmup().toSeconds())
                .append(" s warm-up; ")
                .append(settings.people())
                .append(" bench people; service heap ")
                .append(settings.serviceHeap())
                .append(" per instance; clients split evenly across the instances\n\n");
        md.append("| instances | clients | webhooks accepted/s | vs one instance | request p50 ms | p90 | p99 | max |"
                + " errors | sessions active | waiting on advisory lock |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n");
        Throughput base = rows.getFirst().throughput();
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %s | %.2f× | %.1f | %.1f | %.1f | %.1f | %s | %s | %s |%n",
                    r.instances(),
                    r.clients(),
                    BenchReport.number(r.throughput().perSecond()),
                    r.throughput().ratioTo(base),
                    r.latency().p50(),
                    r.latency().p90(),
                    r.latency().p99(),
                    r.latency().max(),
                    r.throughput().failed() == 0 ? "0" : r.throughput().failureSummary(),
                    r.sessions()
                            .map(s -> String.format(Locale.ROOT, "%.2f", s.active()))
                            .orElse("?"),
                    r.sessions()
                            .map(s -> String.format(Locale.ROOT, "%.2f", s.advisoryLockWait()))
                            .orElse("?")));
        }
        return md.toString();
    }

    private List<String> enrol(Sandbox sandbox, int count) {
        LocalDate hired = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusYears(2);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = "E4" + String.format("%05d", i);
            ids.add(id);
            sandbox.hris()
                    .put(new Worker(
                            id,
                            "Bench",
                            "Operator " + id,
                            id.toLowerCase(Locale.ROOT) + "@bench.example",
                            "BSL",
                            null,
                            Worker.ACTIVE,
                            hired,
                            "QA specialist"));
            sandbox.scim().createUser(id, id, "Bench Operator " + id);
        }
        return ids;
    }
}
