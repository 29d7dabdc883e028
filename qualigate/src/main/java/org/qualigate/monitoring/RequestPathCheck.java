package org.qualigate.monitoring;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code requestPath} component of {@code /actuator/health} and of readiness: whether this instance can
 * still serve a request. On its own thread, every {@code interval}, it
 * <ol>
 *   <li>reads a few class files through the application's class loader (the service's own and two inside
 *       library jars) and compares them with what it read at start, so a class loader that can no longer
 *       read its jar is noticed before a request needs a class from it;
 *   <li>sends a real HTTP request to its own connector, {@code GET /actuator/health/roundtrip} (a health group
 *       of the database alone: Tomcat, the security filters, the dispatcher, a connection from the pool, a
 *       query to PostgreSQL, JSON back), and needs {@code 200 UP} within {@code timeout}.
 * </ol>
 * The component reports the last result, so asking costs nothing and never waits for the check (see
 * {@link #assess}).
 */
@Component("requestPathHealthIndicator")
class RequestPathCheck implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(RequestPathCheck.class);

    /** Class files read through the class loader: the service's own, and ones inside library jars. */
    static final List<String> CLASS_FILES = List.of(
            "org/qualigate/QualigateApplication.class",
            "org/springframework/boot/SpringApplication.class",
            "ch/qos/logback/classic/spi/ThrowableProxy.class");

    static final Status DEGRADED = new Status("DEGRADED", "one request through the stack was slower than the timeout");

    private final Environment environment;
    private final Clock clock;
    private final Duration interval;
    private final Duration timeout;
    private final String configuredUrl;
    private final Map<String, String> classFilesAtStart;
    private final AtomicReference<@Nullable Outcome> last = new AtomicReference<>();
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable HttpClient http;
    private volatile boolean closing;

    RequestPathCheck(
            Environment environment,
            Clock clock,
            @Value("${qualigate.monitoring.request-path.interval:PT10S}") Duration interval,
            @Value("${qualigate.monitoring.request-path.timeout:PT5S}") Duration timeout,
            @Value("${qualigate.monitoring.request-path.url:}") String configuredUrl) {
        this.environment = environment;
        this.clock = clock;
        this.interval = interval;
        this.timeout = timeout;
        this.configuredUrl = configuredUrl;
        this.classFilesAtStart = readClassFiles();
    }

    /**
     * One check: when it ran, whether the request path worked, how many checks in a row (this one included)
     * got no answer within the timeout, what was seen, and when it finished (monotonic time).
     */
    public record Outcome(Instant at, boolean served, int slowInARow, String detail, long finishedNanos) {

        static Outcome served(Instant at, String detail) {
            return new Outcome(at, true, 0, detail, System.nanoTime());
        }

        static Outcome failed(Instant at, String detail) {
            return new Outcome(at, false, 0, detail, System.nanoTime());
        }

        static Outcome slow(Instant at, String detail) {
            return new Outcome(at, false, 1, detail, System.nanoTime());
        }
    }

    /** Starts checking once the service is ready: the connector listens and every start-up task is done. */
    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (scheduler != null || environment.getProperty("local.server.port") == null) {
            return; // no web server (a test without one): nothing to check
        }
        http = HttpClient.newBuilder().connectTimeout(timeout).build();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "request-path-check");
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(this::warmUp);
        scheduler.scheduleWithFixedDelay(this::runGuarded, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the health pages once, so that every class their answers need is loaded while the jar is known to
     * be intact: a health page must still answer after the jar under the process is replaced.
     */
    private void warmUp() {
        HttpClient client = http;
        if (client == null) {
            return;
        }
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            try {
                client.send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException | RuntimeException e) {
                log.debug("warm-up request to {} failed: {}", path, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The service is shutting down: checking stops before the web server does (the event comes before any bean
     * stops), so that the server's own stop is not reported as an instance that cannot serve requests.
     */
    @EventListener(ContextClosedEvent.class)
    void closing(ContextClosedEvent event) {
        if (event.getApplicationContext().getEnvironment() != environment) {
            return; // another context's (a child's) close
        }
        closing = true;
        stop();
    }

    /** Whether checks are scheduled. */
    synchronized boolean checking() {
        return scheduler != null;
    }

    @PreDestroy
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
    }

    private void runGuarded() {
        try {
            run();
        } catch (Throwable t) {
            // A failure of the check itself must not end the schedule, and is itself a finding.
            record(Outcome.failed(clock.instant(), "the check failed: " + t));
        }
    }

    /** Runs one check now and returns its outcome (also kept for the health component). */
    public Outcome run() {
        HttpClient client = http;
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        Instant at = clock.instant();
        String classes = classFilesChanged();
        if (classes != null) {
            return record(Outcome.failed(at, classes));
        }
        URI url = url();
        long start = System.nanoTime();
        Outcome outcome;
        try {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(url).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean up = answer.statusCode() == 200 && answer.body().contains("\"UP\"");
            outcome = up
                    ? Outcome.served(at, "GET " + url.getPath() + " answered 200 UP in " + millis + " ms")
                    : Outcome.failed(
                            at,
                            "GET " + url.getPath() + " answered " + answer.statusCode() + " "
                                    + abbreviate(answer.body()) + " in " + millis + " ms");
        } catch (HttpTimeoutException e) {
            outcome = Outcome.slow(at, "GET " + url.getPath() + " got no answer within " + timeout);
        } catch (IOException e) {
            outcome = Outcome.failed(at, "GET " + url + " could not be sent: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.failed(at, "interrupted");
        }
        return record(outcome);
    }

    private synchronized Outcome record(Outcome checked) {
        Outcome before = last.get();
        Outcome outcome = checked.slowInARow() > 0 && before != null && before.slowInARow() > 0
                ? new Outcome(checked.at(), false, before.slowInARow() + 1, checked.detail(), checked.finishedNanos())
                : checked;
        last.set(outcome);
        if (closing) {
            return outcome; // a check still running as the service stops: what it saw is the stop, not a finding
        }
        if (down(outcome) && (before == null || !down(before))) {
            log.error("this instance cannot serve requests: {}", outcome.detail());
        } else if (outcome.slowInARow() == 1) {
            log.warn("a request through this instance's own stack was slow: {}", outcome.detail());
        } else if (outcome.served() && before != null && !before.served()) {
            log.info("this instance serves requests again: {}", outcome.detail());
        }
        return outcome;
    }

    private static boolean down(Outcome o) {
        return !o.served() && o.slowInARow() != 1;
    }

    @Override
    public Health health() {
        return assess(last.get(), System.nanoTime(), interval, timeout);
    }

    /**
     * The component's health from the last outcome: UNKNOWN before the first check; DOWN when it failed, when
     * two checks in a row got no answer within the timeout, or when no check has finished for three intervals
     * plus the timeout; DEGRADED (still in service) after a single check without an answer in time — one slow
     * moment under load must not take an instance out of rotation; UP otherwise.
     */
    static Health assess(@Nullable Outcome last, long nowNanos, Duration interval, Duration timeout) {
        if (last == null) {
            return Health.status(Status.UNKNOWN)
                    .withDetail("reason", "not checked yet")
                    .build();
        }
        Duration staleAfter = interval.multipliedBy(3).plus(timeout);
        Duration age = Duration.ofNanos(nowNanos - last.finishedNanos());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checkedAt", last.at().toString());
        details.put("detail", last.detail());
        if (age.compareTo(staleAfter) > 0) {
            details.put(
                    "reason",
                    "no check has finished for " + age.toSeconds() + " s (expected every " + interval
                            + "): the checker cannot run");
            return Health.down().withDetails(details).build();
        }
        if (last.served()) {
            return Health.up().withDetails(details).build();
        }
        if (last.slowInARow() == 1) {
            details.put(
                    "reason", "one request got no answer within " + timeout + "; DOWN if the next one does not either");
            return Health.status(DEGRADED).withDetails(details).build();
        }
        return Health.down().withDetails(details).build();
    }

    private URI url() {
        return URI.create(configuredUrl.isBlank() ? base() + "/actuator/health/roundtrip" : configuredUrl);
    }

    /** This instance's own connector, as seen from inside the host. */
    private String base() {
        // The actuator answers on the management port when one is set apart, on the server's port otherwise.
        String port =
                environment.getProperty("local.management.port", environment.getProperty("local.server.port", "8080"));
        String address = environment.getProperty("server.address", "");
        String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        return "http://" + host + ":" + port + contextPath;
    }

    private @Nullable String classFilesChanged() {
        Map<String, String> now = readClassFiles();
        for (Map.Entry<String, String> start : classFilesAtStart.entrySet()) {
            String seen = now.get(start.getKey());
            if (!start.getValue().equals(seen)) {
                return "the class loader no longer reads " + start.getKey() + " as at start (now: " + seen + ")";
            }
        }
        return null;
    }

    private static Map<String, String> readClassFiles() {
        Map<String, String> read = new LinkedHashMap<>();
        ClassLoader loader = RequestPathCheck.class.getClassLoader();
        for (String name : CLASS_FILES) {
            try (InputStream in = loader.getResourceAsStream(name)) {
                read.put(name, in == null ? "absent" : digest(in.readAllBytes()));
            } catch (IOException | RuntimeException e) {
                read.put(name, "unreadable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return read;
    }

    private static String digest(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(Sha256.of(bytes), 8));
    }

    private static String abbreviate(String body) {
        String line = body.strip().replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
