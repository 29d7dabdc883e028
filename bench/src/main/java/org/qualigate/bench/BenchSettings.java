package org.qualigate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * What one benchmark run does, read from {@code bench.*} system properties; {@code bench.quick=true} changes
 * the defaults to a short run (5 s phases, 500 people, 50 latency samples).
 *
 * @param phase how long each measured throughput phase lasts ({@code bench.phaseSeconds})
 * @param warmup how long the load runs, unmeasured, before each measured phase ({@code bench.warmupSeconds})
 * @param people bench people who receive the intake webhooks ({@code bench.people})
 * @param latencySamples people whose role grant is timed ({@code bench.latencySamples})
 * @param latencyRatePerSecond how fast the role-completing webhooks are sent ({@code bench.latencyRate})
 * @param latencyTimeout how long a grant may take before it counts as not arrived ({@code bench.latencyTimeoutSeconds})
 * @param quietPeriod no new side effects for this long means the backlog has drained ({@code bench.quietSeconds})
 * @param drainTimeout the longest wait for the service's delivery backlog between phases ({@code bench.drainTimeoutSeconds})
 * @param clients the concurrency levels measured ({@code bench.clients}, comma separated)
 * @param durable PostgreSQL's own durable defaults ({@code fsync}, {@code synchronous_commit},
 *     {@code full_page_writes} on) rather than the embedded test settings, which turn them off ({@code bench.durable})
 * @param serviceJar the Qualigate fat jar ({@code bench.serviceJar})
 * @param serviceHeap the service's heap, both {@code -Xms} and {@code -Xmx} ({@code bench.serviceHeap})
 * @param serviceJvmOptions further JVM options for the service, e.g. a flight recording ({@code bench.serviceJvmOptions},
 *     space separated)
 * @param workDirectory where the service log goes ({@code bench.workDirectory})
 * @param report the Markdown file a dated section is appended to; none when {@code bench.report} is empty
 * @param command the command line that started the run, quoted in the report ({@code bench.command})
 */
public record BenchSettings(
        Duration phase,
        Duration warmup,
        int people,
        int latencySamples,
        double latencyRatePerSecond,
        Duration latencyTimeout,
        Duration quietPeriod,
        Duration drainTimeout,
        List<Integer> clients,
        boolean durable,
        Path serviceJar,
        String serviceHeap,
        List<String> serviceJvmOptions,
        Path workDirectory,
        Path report,
        String command) {

    public BenchSettings {
        requirePositive(phase, "phase");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative");
        }
        if (people < 1) {
            throw new IllegalArgumentException("people must be >= 1: " + people);
        }
        if (latencySamples < 1) {
            throw new IllegalArgumentException("latencySamples must be >= 1: " + latencySamples);
        }
        if (!(latencyRatePerSecond > 0) || Double.isInfinite(latencyRatePerSecond)) {
            throw new IllegalArgumentException("latencyRate must be > 0: " + latencyRatePerSecond);
        }
        requirePositive(latencyTimeout, "latencyTimeout");
        requirePositive(quietPeriod, "quietPeriod");
        requirePositive(drainTimeout, "drainTimeout");
        clients = List.copyOf(clients);
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("clients must be a non-empty list of positive counts: " + clients);
        }
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /** Reads the settings; unknown {@code bench.*} keys are ignored, malformed numbers fail. */
    public static BenchSettings from(Properties p) {
        boolean quick = Boolean.parseBoolean(p.getProperty("bench.quick", "false"));
        return new BenchSettings(
                Duration.ofSeconds(longOf(p, "bench.phaseSeconds", quick ? 5 : 20)),
                Duration.ofSeconds(longOf(p, "bench.warmupSeconds", 5)),
                (int) longOf(p, "bench.people", quick ? 500 : 2000),
                (int) longOf(p, "bench.latencySamples", quick ? 50 : 200),
                Double.parseDouble(p.getProperty("bench.latencyRate", "20")),
                Duration.ofSeconds(longOf(p, "bench.latencyTimeoutSeconds", 30)),
                Duration.ofSeconds(longOf(p, "bench.quietSeconds", 3)),
                Duration.ofSeconds(longOf(p, "bench.drainTimeoutSeconds", 180)),
                parseClients(p.getProperty("bench.clients", "1,8")),
                Boolean.parseBoolean(p.getProperty("bench.durable", "true")),
                Path.of(p.getProperty("bench.serviceJar", "qualigate/target/qualigate-0.1.0-SNAPSHOT.jar")),
                p.getProperty("bench.serviceHeap", "1g"),
                words(p.getProperty("bench.serviceJvmOptions", "")),
                Path.of(p.getProperty("bench.workDirectory", "bench/target/run")),
                Path.of(p.getProperty("bench.report", "docs/benchmarks.md")),
                p.getProperty("bench.command", "bench/run-intake" + (quick ? " --quick" : "")));
    }

    /** Whether the run appends its section to {@link #report()}. */
    /** Prints a run's Markdown section and, when a report file is set, appends it there. */
    public void publish(String markdown) throws java.io.IOException {
        System.out.println();
        System.out.println(markdown);
        if (writesReport()) {
            java.nio.file.Files.writeString(
                    report(),
                    "\n" + markdown,
                    java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            org.slf4j.LoggerFactory.getLogger(BenchSettings.class).info("appended to {}", report().toAbsolutePath());
        }
    }

    public boolean writesReport() {
        return !report.toString().isBlank();
    }

    private static List<Integer> parseClients(String text) {
        return java.util.Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Integer::valueOf)
                .toList();
    }

    private static List<String> words(String text) {
        return java.util.Arrays.stream(text.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static long longOf(Properties p, String key, long fallback) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
