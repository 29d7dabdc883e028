package org.qualigate.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.qualigate.bench.faults.HrEvent;
import org.qualigate.bench.faults.SystemUnderTest;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.SideEffect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sustained load: an open-loop stream of certification events at a fixed rate (500 per second for five
 * minutes by default) through the running service, each turning one person's batch-reviewer role on or
 * off; the latency from sending the webhook to the change in the simulated MES (both instants from this
 * JVM's clock), and the delivery backlog every five seconds. Then the same with the SCIM target failing a
 * fifth of its calls. Not a test: {@code bench/run-load [--quick]}.
 */
public final class LoadBenchmark {

    private static final Logger log = LoggerFactory.getLogger(LoadBenchmark.class);

    /** The rate, the length of each run and how many people share the events. */
    record Settings(int rate, Duration duration, int people, Duration sampleEvery, int maxInFlight) {}

    /** One measured run. */
    record Run(
            String name,
            long sent,
            long acknowledged,
            long refused,
            long applied,
            long superseded,
            long neverApplied,
            Histogram latencyMicros,
            List<long[]> backlog,
            Duration drain,
            double achievedRate) {}

    private final Settings settings;
    private final SystemUnderTest sut;
    private final List<String> people;
    private final long[] versions;

    private LoadBenchmark(Settings settings, SystemUnderTest sut, List<String> people) {
        this.settings = settings;
        this.sut = sut;
        this.people = people;
        this.versions = new long[people.size()];
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick") || Boolean.getBoolean("load.quick");
        int rate = Integer.getInteger("load.rate", 500);
        Duration duration = Duration.ofSeconds(Long.getLong("load.seconds", quick ? 30 : 300));
        int peopleCount = Integer.getInteger("load.people", 5000);
        Path jar = Path.of(System.getProperty("load.jar", "qualigate/target/qualigate-0.1.0-SNAPSHOT.jar"));
        Path work = Path.of(System.getProperty("load.work", "bench/target/load"));
        String report = System.getProperty("load.report", "docs/benchmarks.md");
        String command = System.getProperty("load.command", "bench/run-load" + (quick ? " --quick" : ""));
        Settings settings = new Settings(
                rate, duration, peopleCount, Duration.ofSeconds(5), Integer.getInteger("load.maxInFlight", 256));

        List<String> people = new ArrayList<>();
        for (int i = 1; i <= peopleCount; i++) {
            people.add(String.format("L%05d", i));
        }
        Instant started = Instant.now();
        List<Run> runs = new ArrayList<>();
        try (SystemUnderTest sut = SystemUnderTest.prepare(
                work,
                jar,
                people,
                List.of("--qualigate.embedded-postgres.data-directory=", "--logging.level.org.qualigate=WARN"),
                "1g",
                List.of())) {
            sut.startService(Map.of());
            LoadBenchmark bench = new LoadBenchmark(settings, sut, people);
            bench.prepareQualifications();
            runs.add(bench.run("healthy MES"));
            sut.sandbox().faults().inject(Fault.error("scim", "*", 503, -1).withProbability(0.2));
            runs.add(bench.run("MES failing 20 % of calls (503)"));
            sut.sandbox().faults().clear();
            sut.stopService();
        }
        String md = markdown(settings, runs, command, started);
        System.out.println();
        System.out.println(md);
        if (!report.isBlank()) {
            writeReport(Path.of(report), md);
            System.out.println("results written to " + report);
        }
    }

    /** Gives everyone the two certifications that, with the third, justify the role; waits until applied. */
    private void prepareQualifications() throws Exception {
        log.info("giving {} people their first two certifications", people.size());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (String p : people) {
            for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002")) {
                HrEvent e = new HrEvent("msg_" + UUID.randomUUID(), p, cert, false, 1, null);
                pending.add(sut.hookAsync(e.webhookId(), Instant.now().getEpochSecond(), e.body()));
                if (pending.size() >= 200) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                            .join();
                    pending.clear();
                }
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        awaitDrained(Duration.ofMinutes(5));
    }

    private Run run(String name) throws Exception {
        log.info(
                "{}: {} events/s for {} s",
                name,
                settings.rate(),
                settings.duration().toSeconds());
        long baseline = sut.sandbox().sideEffects().latestSeq();
        // For each person, the sends in order: instant (nanos since the epoch) and the state it asks for.
        Map<String, List<long[]>> sends = new HashMap<>();
        people.forEach(p -> sends.put(p, new ArrayList<>()));
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
        List<long[]> backlog = new ArrayList<>();
        AtomicLong open = new AtomicLong();
        long intervalNanos = 1_000_000_000L / settings.rate();
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        long nextSample = start;
        long sent = 0;
        long capped = 0;
        int cursor = 0;
        while (System.nanoTime() < end) {
            long due = start + sent * intervalNanos;
            long now = System.nanoTime();
            if (now >= nextSample) {
                backlog.add(new long[] {(now - start) / 1_000_000_000L, sut.backlog(), open.get()});
                nextSample += settings.sampleEvery().toNanos();
                inFlight.removeIf(CompletableFuture::isDone);
                continue;
            }
            // Open loop until the service stops answering: past maxInFlight the generator waits, and the
            // achieved rate says how far below the offered one the service fell.
            if (open.get() >= settings.maxInFlight()) {
                capped++;
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            if (now < due) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                continue;
            }
            int i = cursor++ % people.size();
            String p = people.get(i);
            long version = ++versions[i];
            // Odd versions complete the third certification (the role appears), even ones revoke it.
            boolean revoked = version % 2 == 0;
            HrEvent e = new HrEvent("msg_" + UUID.randomUUID(), p, "WD-CERT-6001", revoked, version, null);
            byte[] body = e.body();
            Instant at = Instant.now();
            sends.get(p).add(new long[] {nanos(at), revoked ? 0 : 1});
            inFlight.add(sut.hookAsync(e.webhookId(), at.getEpochSecond(), body).whenComplete((r, t) -> {
                if (t == null && r.statusCode() / 100 == 2) {
                    acknowledged.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }));
            sent++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .exceptionally(t -> null)
                .join();
        Instant endOfSends = Instant.now();
        awaitDrained(Duration.ofMinutes(10));
        Duration drain = Duration.between(endOfSends, Instant.now());
        backlog.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, sut.backlog(), 0});

        Map<String, List<long[]>> effects = new HashMap<>();
        for (SideEffect fx : sut.sandbox().sideEffects().since(baseline)) {
            if (fx.resource().equals(SystemUnderTest.ROLE) && fx.operation().startsWith("group.member.")) {
                effects.computeIfAbsent(fx.detail(), k -> new ArrayList<>())
                        .add(new long[] {nanos(fx.at()), fx.operation().endsWith("add") ? 1 : 0});
            }
        }
        Histogram latency = new Histogram(3_600_000_000L, 3);
        long applied = 0;
        long superseded = 0;
        long never = 0;
        for (String p : people) {
            List<long[]> s = sends.get(p);
            List<long[]> fx = effects.getOrDefault(p, List.of());
            int j = 0;
            for (int k = 0; k < s.size(); k++) {
                long sentAt = s.get(k)[0];
                long state = s.get(k)[1];
                long nextSend = k + 1 < s.size() ? s.get(k + 1)[0] : Long.MAX_VALUE;
                while (j < fx.size() && fx.get(j)[0] < sentAt) {
                    j++;
                }
                if (j < fx.size() && fx.get(j)[1] == state && fx.get(j)[0] < nextSend) {
                    latency.recordValue(Math.max(0, (fx.get(j)[0] - sentAt) / 1000));
                    applied++;
                    j++;
                } else if (j < fx.size() || k + 1 < s.size()) {
                    superseded++;
                } else {
                    never++;
                }
            }
        }
        log.info(
                "{}: p50 {} ms, p99 {} ms",
                name,
                latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0);
        return new Run(
                name,
                sent,
                acknowledged.get(),
                refused.get(),
                applied,
                superseded,
                never,
                latency,
                backlog,
                drain,
                sent / seconds);
    }

    private void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (sut.backlog() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        log.warn("the backlog did not drain within {}", timeout);
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static String markdown(Settings settings, List<Run> runs, String command, Instant started) {
        StringBuilder b = new StringBuilder();
        b.append("### Run of ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE.format(started.atOffset(ZoneOffset.UTC)))
                .append("\n\n`")
                .append(command)
                .append("`: ")
                .append(settings.rate())
                .append(" events/s for ")
                .append(settings.duration().toSeconds())
                .append(" s per run, ")
                .append(settings.people())
                .append(" people, each event turning one person's `")
                .append(SystemUnderTest.ROLE)
                .append("` on or off, every event a new version (one every ")
                .append(settings.people() / Math.max(1, settings.rate()))
                .append(" s per person at the offered rate); at most ")
                .append(settings.maxInFlight())
                .append(" webhooks awaiting an answer (beyond that the generator waits). ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " cores shared by the load generator, the sandbox, PostgreSQL (fsync on) and the service; Java ")
                .append(System.getProperty("java.version"))
                .append(".\n\n");
        b.append(
                "| run | sent | achieved rate | acknowledged | applied and measured | superseded before applied | never applied | p50 | p90 | p99 | max | drain after the last send |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Run r : runs) {
            Histogram h = r.latencyMicros();
            b.append("| ")
                    .append(r.name())
                    .append(" | ")
                    .append(r.sent())
                    .append(" | ")
                    .append(String.format("%.0f/s", r.achievedRate()))
                    .append(" | ")
                    .append(r.acknowledged())
                    .append(" | ")
                    .append(r.applied())
                    .append(" | ")
                    .append(r.superseded())
                    .append(" | ")
                    .append(r.neverApplied())
                    .append(" | ")
                    .append(ms(h.getValueAtPercentile(50)))
                    .append(" | ")
                    .append(ms(h.getValueAtPercentile(90)))
                    .append(" | ")
                    .append(ms(h.getValueAtPercentile(99)))
                    .append(" | ")
                    .append(ms(h.getMaxValue()))
                    .append(" | ")
                    .append(String.format("%.1f s", r.drain().toMillis() / 1000.0))
                    .append(" |\n");
        }
        b.append("\nDelivery backlog (work items) and webhooks awaiting an answer, sampled every ")
                .append(settings.sampleEvery().toSeconds())
                .append(" s:\n\n");
        b.append("| s |");
        runs.forEach(r -> b.append(" backlog, ").append(r.name()).append(" | in flight |"));
        b.append("\n| ---: |");
        runs.forEach(r -> b.append(" ---: | ---: |"));
        b.append('\n');
        int rows = runs.stream().mapToInt(r -> r.backlog().size()).max().orElse(0);
        for (int i = 0; i < rows; i++) {
            String second = null;
            StringBuilder cells = new StringBuilder();
            for (Run r : runs) {
                if (i < r.backlog().size()) {
                    long[] s = r.backlog().get(i);
                    second = second == null ? Long.toString(s[0]) : second;
                    cells.append(' ').append(s[1]).append(" | ").append(s[2]).append(" |");
                } else {
                    cells.append("  |  |");
                }
            }
            b.append("| ").append(second).append(" |").append(cells).append('\n');
        }
        return b.toString();
    }

    private static String ms(long micros) {
        return micros >= 10_000 ? String.format("%.0f ms", micros / 1000.0) : String.format("%.1f ms", micros / 1000.0);
    }

    static void writeReport(Path file, String markdown) throws IOException {
        String heading = "## Sustained load, healthy and with a failing target (`bench/run-load`)";
        String begin = "<!-- load-benchmark -->";
        String end = "<!-- /load-benchmark -->";
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        String block = begin + "\n" + markdown + end;
        if (i >= 0 && j > i) {
            text = text.substring(0, i) + block + text.substring(j + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + heading + "\n\n" + block + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
