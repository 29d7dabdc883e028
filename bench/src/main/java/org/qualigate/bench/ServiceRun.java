package org.qualigate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * How a benchmark that starts the service as a child process runs it and reports: how long it waits, the service's
 * jar and heap, where its log goes, the report file and the command a reader runs again. The same {@code bench.*}
 * properties and defaults for every such benchmark; each names its own work directory and script.
 */
record ServiceRun(
        Duration timeout, Path serviceJar, String serviceHeap, Path workDirectory, Path report, String command) {

    private static final DateTimeFormatter HEADING =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * The settings from {@code p}: {@code bench.timeoutSeconds} (else {@code timeoutSeconds}), {@code
     * bench.serviceJar}, {@code bench.serviceHeap}, {@code bench.workDirectory} (else {@code bench/target/<work>}),
     * {@code bench.report} and {@code bench.command} (else {@code bench/<script>}, with {@code --quick} on a quick
     * run).
     */
    static ServiceRun from(Properties p, long timeoutSeconds, String work, String script) {
        boolean quick = quick(p);
        return new ServiceRun(
                Duration.ofSeconds(
                        Long.parseLong(p.getProperty("bench.timeoutSeconds", Long.toString(timeoutSeconds)))),
                Path.of(p.getProperty("bench.serviceJar", "qualigate/target/qualigate-0.1.0-SNAPSHOT.jar")),
                p.getProperty("bench.serviceHeap", "1g"),
                Path.of(p.getProperty("bench.workDirectory", "bench/target/" + work)),
                Path.of(p.getProperty("bench.report", "docs/benchmarks.md")),
                p.getProperty("bench.command", "bench/" + script + (quick ? " --quick" : "")));
    }

    /** Whether a quick run (smaller figures, for trying the benchmark) is asked for. */
    static boolean quick(Properties p) {
        return Boolean.parseBoolean(p.getProperty("bench.quick", "false"));
    }

    /** The service on the benchmark's database and simulators ({@code arguments}), once healthy. */
    ServiceProcess start(List<String> arguments) throws IOException, InterruptedException {
        return ServiceProcess.startHealthy(
                serviceJar, serviceHeap, List.of(), arguments, workDirectory.resolve("qualigate-service.log"));
    }

    /** The section's heading and its first lines: the command run again, how long it took, and the machine. */
    StringBuilder section(String title, Instant startedAt, Duration took, MachineFacts machine) {
        StringBuilder md = new StringBuilder();
        md.append("## ")
                .append(HEADING.format(startedAt))
                .append(" — ")
                .append(title)
                .append("\n\n");
        md.append("- Command: `")
                .append(command)
                .append("` (took ")
                .append(took.toSeconds())
                .append(" s)\n");
        md.append("- Machine: ").append(machine.line()).append('\n');
        return md;
    }

    /** Prints the section and appends it to the report. */
    void publish(String md) throws IOException {
        System.out.println();
        System.out.println(md);
        BenchSupport.appendReport(report, md);
    }
}
