package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-conformance to lot blocked in the ERP, end to end: the service as a child process on a durable PostgreSQL,
 * the sandbox's S/4HANA in this JVM. Signed NC events (version 1) are sent at a fixed rate, each on a batch of its
 * own with stock in unrestricted use; the latency of each is from its send to the moment the simulator's stock of
 * that batch is seen blocked (read in this JVM every 5 ms, independent of the service's own figures, which the
 * report shows beside it). Prints a Markdown section and appends it to the report.
 */
public final class QualityBenchmark {

    private static final Logger log = LoggerFactory.getLogger(QualityBenchmark.class);
    private static final String APP_ROLE = "qualigate_app";
    private static final String API_USER = "bench";
    private static final String MATERIAL = "QGBENCH";
    private static final String PLANT = "CH10";

    private record Settings(double perSecond, Duration duration, ServiceRun run) {

        static Settings from(Properties p) {
            boolean quick = ServiceRun.quick(p);
            return new Settings(
                    Double.parseDouble(p.getProperty("bench.ncPerSecond", "50")),
                    Duration.ofSeconds(Long.parseLong(p.getProperty("bench.seconds", quick ? "10" : "30"))),
                    ServiceRun.from(p, 120, "run-quality", "run-quality"));
        }
    }

    private QualityBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(System.getProperties());
        settings.run().publish(run(settings, Clock.systemUTC()));
        System.exit(0);
    }

    private static String run(Settings settings, Clock clock) throws Exception {
        Instant startedAt = clock.instant();
        long began = System.nanoTime();
        // durable, as a production database: the service acknowledges an event only once it is stored
        try (EmbeddedPostgres postgres = BenchSupport.postgres(true, 300, APP_ROLE)) {
            DataSource database = postgres.getPostgresDatabase();
            MachineFacts machine = MachineFacts.read(database);
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests().withPort(0), clock)) {
                int count = (int)
                        Math.round(settings.perSecond() * settings.duration().toSeconds());
                sandbox.quality().erp().addMaterial(MATERIAL, "EA");
                for (int i = 0; i < count; i++) {
                    sandbox.quality()
                            .erp()
                            .receive(MATERIAL, PLANT, "0001", batch(i), StockType.UNRESTRICTED, new BigDecimal("100"));
                }
                String secret = BenchSupport.newSecret();
                List<String> arguments = new ArrayList<>(BenchSupport.databaseArguments(postgres.getPort(), APP_ROLE));
                arguments.addAll(List.of(
                        "--qualigate.quality.erp.base-url=" + sandbox.quality().erpBaseUri(),
                        "--qualigate.quality.erp.username=" + S4HanaSimulator.USER,
                        "--qualigate.quality.erp.password=" + S4HanaSimulator.PASSWORD,
                        "--qualigate.quality.hook.secrets=" + secret,
                        "--qualigate.security.users[0].username=" + API_USER,
                        "--qualigate.security.users[0].password={noop}" + API_USER));
                try (ServiceProcess service = settings.run().start(arguments)) {
                    log.info("service healthy; sending {} NCs at {}/s", count, settings.perSecond());
                    Result result = measure(service.baseUri(), secret, sandbox, count, settings, clock);
                    service.requireAlive();
                    String sla = serviceSla(service.baseUri());
                    return markdown(
                            settings,
                            machine,
                            startedAt,
                            Duration.ofNanos(System.nanoTime() - began),
                            count,
                            result,
                            sla);
                }
            }
        }
    }

    private record Result(LatencySummary latency, int refused, int accepted) {}

    private static Result measure(
            URI service, String secret, Sandbox sandbox, int count, Settings settings, Clock clock)
            throws InterruptedException {
        SignedHooks hooks = new SignedHooks(service, "trackwise", secret, clock);
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        Histogram micros = LatencySummary.newHistogram();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long periodNanos = (long) (1_000_000_000L / settings.perSecond());
        try (HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                ScheduledExecutorService sender = Executors.newScheduledThreadPool(4)) {
            sender.scheduleAtFixedRate(
                    () -> {
                        int i = next.getAndIncrement();
                        if (i >= count) {
                            return;
                        }
                        byte[] body = event(i, clock.instant()).getBytes(StandardCharsets.UTF_8);
                        sentAt.put(i, System.nanoTime());
                        http.sendAsync(
                                        hooks.request("msg_bench_" + i + "_" + startId, body),
                                        HttpResponse.BodyHandlers.discarding())
                                .whenComplete((r, e) -> {
                                    if (e != null || r.statusCode() != 202) {
                                        refused.incrementAndGet();
                                    } else {
                                        accepted.incrementAndGet();
                                    }
                                });
                    },
                    0,
                    periodNanos,
                    TimeUnit.NANOSECONDS);
            List<Integer> waiting = new ArrayList<>();
            int seen = 0;
            long deadline = System.nanoTime()
                    + settings.duration().plus(settings.run().timeout()).toNanos();
            while ((seen < count || !waiting.isEmpty()) && System.nanoTime() - deadline < 0) {
                for (int i = seen; i < next.get() && i < count; i++) {
                    if (!waiting.contains(i)) {
                        waiting.add(i);
                    }
                }
                seen = Math.max(seen, Math.min(next.get(), count));
                List<Integer> done = new ArrayList<>();
                for (int i : waiting) {
                    if (sandbox.quality()
                                    .erp()
                                    .stock(MATERIAL, PLANT, "0001", batch(i), StockType.BLOCKED)
                                    .signum()
                            > 0) {
                        micros.recordValue(
                                Math.min(LatencySummary.HIGHEST_MICROS, (System.nanoTime() - sentAt.get(i)) / 1000));
                        done.add(i);
                    }
                }
                waiting.removeAll(done);
                if (seen >= count && waiting.isEmpty()) {
                    break;
                }
                Thread.sleep(5);
            }
            sender.shutdownNow();
            return new Result(
                    LatencySummary.of(micros, waiting.size() + (count - seen)), refused.get(), accepted.get());
        }
    }

    private static final String startId = Long.toString(System.nanoTime(), 36);

    private static String batch(int i) {
        return String.format(Locale.ROOT, "QB%06d", i);
    }

    private static String event(int i, Instant at) {
        return NonconformanceEvents.opened("BENCH" + i, at, MATERIAL, batch(i), PLANT);
    }

    private static String serviceSla(URI service) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String auth =
                    Base64.getEncoder().encodeToString((API_USER + ":" + API_USER).getBytes(StandardCharsets.UTF_8));
            return http.send(
                            java.net.http.HttpRequest.newBuilder(
                                            URI.create(service + "/api/v1/quality/sla?window=PT1H"))
                                    .header("Authorization", "Basic " + auth)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    private static String markdown(
            Settings s, MachineFacts machine, Instant startedAt, Duration took, int count, Result r, String sla) {
        LatencySummary l = r.latency();
        StringBuilder md = s.run().section("non-conformance to lot blocked in the ERP", startedAt, took, machine);
        md.append("- Load: ")
                .append(count)
                .append(" signed NC events (version 1), ")
                .append(BenchReport.number(s.perSecond()))
                .append("/s for ")
                .append(s.duration().toSeconds())
                .append(" s, each on its own batch; the service as configured by default (ERP worker every 1 s while")
                .append(" idle, 16 batches a lease, 8 worked at once); service heap ")
                .append(s.run().serviceHeap())
                .append('\n');
        md.append("- Answers: ")
                .append(r.accepted())
                .append(" accepted (202), ")
                .append(r.refused())
                .append(" refused or failed\n\n");
        md.append(
                        "| NC sent → batch blocked in the ERP simulator | p50 | p90 | p99 | max | blocked | not blocked within ")
                .append(s.run().timeout().toSeconds())
                .append(" s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        md.append(String.format(
                Locale.ROOT,
                "| milliseconds | %.0f | %.0f | %.0f | %.0f | %d | %d |%n%n",
                l.p50(),
                l.p90(),
                l.p99(),
                l.max(),
                l.arrived(),
                l.missing()));
        md.append(
                        "The service's own measure over the same events (`GET /api/v1/quality/sla?window=PT1H`, from the NC's")
                .append(" `openedAt` to the worker seeing the batch blocked): `")
                .append(sla.replace('`', '\''))
                .append("`\n");
        return md.toString();
    }
}
