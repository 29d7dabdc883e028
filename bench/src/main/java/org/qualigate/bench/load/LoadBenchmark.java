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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.qualigate.bench.CpuMeter;
import org.qualigate.bench.CpuUsage;
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
 * fifth of its calls, which heals when the sending ends; that run also measures how long the MES took to
 * converge after it healed. Each run has a system of its own (PostgreSQL, simulators, service), started
 * fresh and stopped after it, so that one run cannot disturb or crash the next; a run that fails is
 * reported with its reason and the next one still runs. Not a test: {@code bench/run-load [--quick]}.
 */
public final class LoadBenchmark {

    private static final Logger log = LoggerFactory.getLogger(LoadBenchmark.class);

    /** The rate, the length of each run and how many people share the events. */
    record Settings(
            int rate,
            Duration duration,
            int people,
            Duration sampleEvery,
            int maxInFlight,
            Duration convergeTimeout,
            String heap,
            List<String> jvmOptions) {}

    /** One kind of run: its name and the share of MES calls that fail while events are sent. */
    record Phase(String name, double failing) {

        String slug() {
            return failing > 0 ? "failing" : "healthy";
        }
    }

    /** One measured run, or why it could not be measured. */
    record Run(
            Phase phase,
            long sent,
            long acknowledged,
            long refused,
            long applied,
            long superseded,
            long inPlace,
            long neverApplied,
            Histogram latencyMicros,
            List<long[]> backlog,
            @Nullable Duration converged,
            double achievedRate,
            Optional<CpuUsage> cpu,
            String loadBefore,
            String loadAfter,
            @Nullable String failure) {

        static Run failed(Phase phase, String loadBefore, String why) {
            return new Run(
                    phase,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    new Histogram(3_600_000_000L, 3),
                    List.of(),
                    null,
                    0,
                    Optional.empty(),
                    loadBefore,
                    CpuMeter.loadAverage(),
                    why);
        }
    }

    private final Settings settings;
    /**
     * {@code -Dload.order=random}: each event's person picked at random (seeded, so runs repeat), instead of the
     * people in turn. In turn, every person's role is turned on or off exactly every people/rate seconds, so how
     * much of the backlog is already in place when delivered repeats with that period.
     */
    private static final boolean RANDOM_ORDER = "random".equals(System.getProperty("load.order", "turn"));

    private static final long RANDOM_SEED = 20261207L;

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
        String jvmOptions = System.getProperty("load.serviceJvmOptions", "");
        Settings settings = new Settings(
                rate,
                duration,
                peopleCount,
                Duration.ofSeconds(5),
                Integer.getInteger("load.maxInFlight", 256),
                Duration.ofSeconds(Long.getLong("load.convergeTimeoutSeconds", 600)),
                System.getProperty("load.serviceHeap", "1g"),
                jvmOptions.isBlank() ? List.of() : List.of(jvmOptions.trim().split("\\s+")));
        List<Phase> phases = new ArrayList<>();
        String only = System.getProperty("load.phases", "healthy,failing");
        if (only.contains("healthy")) {
            phases.add(new Phase("healthy MES", 0));
        }
        if (only.contains("failing")) {
            phases.add(new Phase("MES failing 20 % of calls (503)", 0.2));
        }

        List<String> people = new ArrayList<>();
        for (int i = 1; i <= peopleCount; i++) {
            people.add(String.format("L%05d", i));
        }
        Instant started = Instant.now();
        List<Run> runs = new ArrayList<>();
        for (Phase phase : phases) {
            runs.add(isolated(settings, phase, jar, work.resolve(phase.slug()), people));
        }
        String md = markdown(settings, runs, command, started, Duration.between(started, Instant.now()));
        System.out.println();
        System.out.println(md);
        if (!report.isBlank()) {
            appendReport(Path.of(report), md);
            System.out.println("results appended to " + report);
        }
        System.exit(runs.stream().allMatch(r -> r.failure() == null) ? 0 : 1);
    }

    /**
     * One run on a system of its own, stopped whatever happens; a failure (the service dying, PostgreSQL
     * stopping, anything thrown) becomes the run's result instead of ending the benchmark.
     */
    private static Run isolated(Settings settings, Phase phase, Path jar, Path work, List<String> people) {
        String loadBefore = CpuMeter.loadAverage();
        log.info("{}: preparing a fresh system in {} (load average {})", phase.name(), work, loadBefore);
        try (SystemUnderTest sut = SystemUnderTest.prepare(
                work,
                jar,
                people,
                List.of("--qualigate.embedded-postgres.data-directory=", "--logging.level.org.qualigate=WARN"),
                settings.heap(),
                settings.jvmOptions())) {
            try {
                sut.startService(Map.of());
                LoadBenchmark bench = new LoadBenchmark(settings, sut, people);
                bench.prepareQualifications();
                Run run = bench.run(phase, loadBefore);
                sut.stopService();
                return run;
            } catch (Exception | Error e) {
                log.error("{} failed", phase.name(), e);
                String why = e + (sut.serviceAlive() ? "" : "; the service had stopped: " + sut.serviceLogTail(5));
                return Run.failed(phase, loadBefore, why);
            }
        } catch (Exception | Error e) {
            log.error("{} could not be prepared", phase.name(), e);
            return Run.failed(phase, loadBefore, "could not prepare the system: " + e);
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
        if (!awaitDrained(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the first certifications were not delivered within 5 minutes");
        }
    }

    private Run run(Phase phase, String loadBefore) throws Exception {
        log.info(
                "{}: {} events/s for {} s",
                phase.name(),
                settings.rate(),
                settings.duration().toSeconds());
        if (phase.failing() > 0) {
            sut.sandbox().faults().inject(Fault.error("scim", "*", 503, -1).withProbability(phase.failing()));
        }
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
        CpuMeter cpu = CpuMeter.start(sut.servicePid(), sut.database());
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        long nextSample = start;
        long sent = 0;
        int cursor = 0;
        java.util.Random pick = new java.util.Random(RANDOM_SEED);
        while (System.nanoTime() < end) {
            long due = start + sent * intervalNanos;
            long now = System.nanoTime();
            if (now >= nextSample) {
                if (!sut.serviceAlive()) {
                    throw new IllegalStateException("the service stopped during the run");
                }
                backlog.add(new long[] {(now - start) / 1_000_000_000L, sut.backlog(), open.get()});
                nextSample += settings.sampleEvery().toNanos();
                inFlight.removeIf(CompletableFuture::isDone);
                continue;
            }
            // Open loop until the service stops answering: past maxInFlight the generator waits, and the
            // achieved rate says how far below the offered one the service fell.
            if (open.get() >= settings.maxInFlight()) {
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            if (now < due) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                continue;
            }
            // in turn, each person once every people/rate seconds; or a person picked at random each time
            int i = RANDOM_ORDER ? pick.nextInt(people.size()) : cursor++ % people.size();
            String p = people.get(i);
            long version = ++versions[i];
            // Odd versions complete the third certification (the role appears), even ones revoke it.
            boolean revoked = version % 2 == 0;
            HrEvent e = new HrEvent("msg_" + UUID.randomUUID(), p, "WD-CERT-6001", revoked, version, null);
            byte[] body = e.body();
            Instant at = Instant.now();
            sends.get(p).add(new long[] {nanos(at), revoked ? 0 : 1});
            open.incrementAndGet();
            inFlight.add(sut.hookAsync(e.webhookId(), at.getEpochSecond(), body).whenComplete((r, t) -> {
                open.decrementAndGet();
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
        Optional<CpuUsage> usage = cpu.stop();
        // The MES heals when the sending ends: from then on, every change must land.
        sut.sandbox().faults().clear();
        long healed = System.nanoTime();
        Duration converged = awaitConverged(
                        sends, Duration.ofNanos(settings.convergeTimeout().toNanos()))
                ? Duration.ofNanos(System.nanoTime() - healed)
                : null;
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
        long inPlace = 0;
        long never = 0;
        Set<String> members = new HashSet<>(sut.sandbox().scim().members(SystemUnderTest.ROLE));
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
                } else if (members.contains(p) == (state == 1)) {
                    // The last event asked for what the MES already held (the changes between were coalesced).
                    inPlace++;
                } else {
                    never++;
                }
            }
        }
        log.info(
                "{}: p50 {} ms, p99 {} ms, converged {}",
                phase.name(),
                latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0,
                converged);
        return new Run(
                phase,
                sent,
                acknowledged.get(),
                refused.get(),
                applied,
                superseded,
                inPlace,
                never,
                latency,
                backlog,
                converged,
                sent / seconds,
                usage,
                loadBefore,
                CpuMeter.loadAverage(),
                null);
    }

    /**
     * Waits until no delivery is pending and the MES group holds exactly the people whose last event asked
     * for the role; false if that did not happen within the timeout.
     */
    private boolean awaitConverged(Map<String, List<long[]>> sends, Duration timeout) throws InterruptedException {
        Set<String> wanted = new HashSet<>();
        sends.forEach((p, s) -> {
            if (!s.isEmpty() && s.getLast()[1] == 1) {
                wanted.add(p);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!sut.serviceAlive()) {
                throw new IllegalStateException("the service stopped while the MES converged");
            }
            if (sut.backlog() == 0) {
                Set<String> members = new HashSet<>(sut.sandbox().scim().members(SystemUnderTest.ROLE));
                members.retainAll(sends.keySet());
                if (members.equals(wanted)) {
                    return true;
                }
            }
            Thread.sleep(200);
        }
        log.warn("the MES did not converge within {}", timeout);
        return false;
    }

    private boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (sut.backlog() == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        log.warn("the backlog did not drain within {}", timeout);
        return false;
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static String markdown(Settings settings, List<Run> runs, String command, Instant started, Duration took) {
        StringBuilder b = new StringBuilder();
        b.append("## ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                        .format(started.atOffset(ZoneOffset.UTC)))
                .append(" UTC — sustained load (`bench/run-load`)\n\n");
        b.append("- Command: `")
                .append(command)
                .append("` (took ")
                .append(took.toSeconds())
                .append(" s)\n");
        b.append("- Load: ")
                .append(settings.rate())
                .append(" events/s for ")
                .append(settings.duration().toSeconds())
                .append(" s per run, ")
                .append(settings.people())
                .append(" people, each event turning one person's `")
                .append(SystemUnderTest.ROLE)
                .append("` on or off, every event a new version (")
                .append(
                        RANDOM_ORDER
                                ? "the person picked at random each time, one every "
                                : "the people in turn, one every ")
                .append(settings.people() / Math.max(1, settings.rate()))
                .append(RANDOM_ORDER ? " s per person on average" : " s per person")
                .append(" at the offered rate); at most ")
                .append(settings.maxInFlight())
                .append(" webhooks awaiting an answer (beyond that the generator waits). Each run on a fresh "
                        + "system (PostgreSQL with fsync on, simulators, service with heap ")
                .append(settings.heap())
                .append("); the failing MES heals when the sending ends.\n");
        b.append("- Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores shared by the load generator, the simulators, PostgreSQL and the service");
        b.append(", and by whatever else ran (the `other` column); Java ")
                .append(System.getProperty("java.version"))
                .append("\n\n");
        b.append("| run | sent | achieved rate | acknowledged | applied and measured | superseded before applied |"
                + " last event already in place | never applied | p50 | p90 | p99 | max |"
                + " converged after the last send (MES healed) |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Run r : runs) {
            if (r.failure() != null) {
                b.append("| ")
                        .append(r.phase().name())
                        .append(" | run failed: ")
                        .append(r.failure().replace('|', '/').replace('\n', ' '))
                        .append(" |  |  |  |  |  |  |  |  |  |  |  |\n");
                continue;
            }
            Histogram h = r.latencyMicros();
            b.append("| ")
                    .append(r.phase().name())
                    .append(" | ")
                    .append(r.sent())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f/s", r.achievedRate()))
                    .append(" | ")
                    .append(r.acknowledged())
                    .append(" | ")
                    .append(r.applied())
                    .append(" | ")
                    .append(r.superseded())
                    .append(" | ")
                    .append(r.inPlace())
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
                    .append(
                            r.converged() == null
                                    ? "not within " + settings.convergeTimeout().toSeconds() + " s"
                                    : String.format(
                                            Locale.ROOT, "%.1f s", r.converged().toMillis() / 1000.0))
                    .append(" |\n");
        }
        b.append("\nCPU while the events were sent, in cores (of ")
                .append(Runtime.getRuntime().availableProcessors())
                .append("), and the load average before and after each run:\n\n");
        b.append("| run | service | load generator + simulators | PostgreSQL | other | idle | load average before |"
                + " after |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Run r : runs) {
            b.append("| ").append(r.phase().name()).append(" | ");
            if (r.cpu().isPresent()) {
                CpuUsage c = r.cpu().get();
                b.append(String.format(
                        Locale.ROOT,
                        "%.2f | %.2f | %.2f | %.2f | %.2f",
                        c.service(),
                        c.loadGenerator(),
                        c.postgres(),
                        c.other(),
                        c.idle()));
            } else {
                b.append(" |  |  |  | ");
            }
            b.append(" | ")
                    .append(r.loadBefore())
                    .append(" | ")
                    .append(r.loadAfter())
                    .append(" |\n");
        }
        b.append("\nDelivery backlog (work items) and webhooks awaiting an answer, sampled every ")
                .append(settings.sampleEvery().toSeconds())
                .append(" s (the last row: after convergence):\n\n");
        b.append("| s |");
        runs.forEach(r -> b.append(" backlog, ").append(r.phase().name()).append(" | in flight |"));
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
        return micros >= 10_000
                ? String.format(Locale.ROOT, "%.0f ms", micros / 1000.0)
                : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    /** Appends the run as a section of its own at the end of the report; earlier sections stay as they are. */
    static void appendReport(Path file, String markdown) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        Files.writeString(file, text.stripTrailing() + "\n\n" + markdown, StandardCharsets.UTF_8);
    }
}
