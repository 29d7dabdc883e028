package org.qualigate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's work per accepted webhook in counts that do not depend on the machine's load
 * ({@code -Dbench.profile=true}): the bytes every thread of the service allocated over each measured webhook
 * phase, read from the service's own {@code com.sun.management.ThreadMXBean} through the attach API, divided by
 * the webhooks accepted in it; and, from a flight recording of the service, where its allocation samples
 * ({@code jdk.ObjectAllocationSample}, by weight) and CPU samples ({@code jdk.ExecutionSample}) fall along the
 * webhook → committer → ledger / planner → work item path and in delivery, by component ({@link CpuComponents}:
 * the driver, JSON, the signature, planning's parts, ...), with the frames that take most; and the service's CPU ticks
 * in each window by thread ({@link ThreadCpu}: garbage collector, JIT, VM, recorder and the Java threads' groups),
 * which the execution samples cannot show. {@code -Dbench.profile=bytes} counts the bytes (and the threads' ticks)
 * without a recording.
 */
final class ServiceProfile {

    private static final Logger log = LoggerFactory.getLogger(ServiceProfile.class);

    private static final int TOP_FRAMES = 15;
    private static final String ALLOCATION = "jdk.ObjectAllocationSample";
    private static final String EXECUTION = "jdk.ExecutionSample";
    /** Samples per CPU time a thread used (Linux), so that a thread's share of them is its share of the CPU. */
    private static final String CPU_TIME = "jdk.CPUTimeSample";

    /**
     * Where a sample's stack belongs, tried in order: the first whose marker is on the stack names it. The committer's
     * work is split by what it was doing; audit entries are counted where they are built (ledger or planning) and
     * written (the committer's commit).
     */
    static final List<Map.Entry<String, String>> STAGES = List.of(
            // the monthly report a service makes when it starts, which a loaded machine may still be writing
            Map.entry("reports (scheduled, not caused by the webhooks)", "org.qualigate.report."),
            Map.entry(
                    "webhook request (filter: body, signature, parsing, answer)", "org.qualigate.web.StandardWebhook"),
            Map.entry("committer: planning", "org.qualigate.access.AccessPlanner."),
            Map.entry("committer: ledger apply", "org.qualigate.ledger."),
            Map.entry("committer: storing inbound rows", "org.qualigate.intake.InboundRows."),
            Map.entry("committer: other", "org.qualigate.intake.IntakeCommitter."),
            Map.entry("delivery", "org.qualigate.delivery."),
            Map.entry("audit sealer", "org.qualigate.audit.AuditSealer."));

    private final boolean enabled;
    private final @Nullable Path recording;
    private final List<Phase> phases = new ArrayList<>();
    private final Map<Long, Optional<Allocated>> counters = new HashMap<>();
    private final String loadAtStart = CpuMeter.loadAverage();
    private long recordedPid = -1;

    private ServiceProfile(boolean enabled, @Nullable Path recording) {
        this.enabled = enabled;
        this.recording = recording;
    }

    /** Off unless {@code bench.profile} is {@code true} (bytes and a recording) or {@code bytes}. */
    static ServiceProfile from(Properties p, Path workDirectory) {
        String mode = p.getProperty("bench.profile", "false").trim();
        boolean bytes = mode.equals("bytes");
        boolean on = bytes || Boolean.parseBoolean(mode);
        return new ServiceProfile(
                on, on && !bytes ? workDirectory.toAbsolutePath().resolve("service-profile.jfr") : null);
    }

    /** The measured build's JVM options: {@code options} and, when profiling with a recording, the recording. */
    List<String> jvmOptions(List<String> options) {
        if (recording == null) {
            return options;
        }
        List<String> all = new ArrayList<>(options);
        all.add("-XX:FlightRecorderOptions=stackdepth=256");
        all.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile," + ALLOCATION
                + "#throttle=1000/s," + EXECUTION + "#period=10ms," + CPU_TIME + "#enabled=true," + CPU_TIME
                + "#throttle=5ms");
        return all;
    }

    /** The process whose recording the profile reads: the measured build, not a compared one. */
    void recorded(long pid) {
        recordedPid = pid;
    }

    /** Wraps a phase's window: counts the service's allocated bytes when it opens and closes. */
    Window window(String phase, long pid, ClosedLoad.Window also) {
        return new Window(phase, pid, also);
    }

    /** One measured window of a phase; told how many webhooks it accepted once the load is done. */
    final class Window implements ClosedLoad.Window {
        private final String phase;
        private final long pid;
        private final ClosedLoad.Window also;
        private long before = -1;
        private long after = -1;
        private @Nullable Instant opened;
        private @Nullable Instant closed;
        private Optional<Map<Long, ThreadCpu.Ticks>> threadsBefore = Optional.empty();
        private Optional<Map<Long, ThreadCpu.Ticks>> threadsAfter = Optional.empty();

        private Window(String phase, long pid, ClosedLoad.Window also) {
            this.phase = phase;
            this.pid = pid;
            this.also = also;
        }

        @Override
        public void opened() {
            if (enabled) {
                opened = Instant.now();
                before = allocated(pid);
                threadsBefore = ThreadCpu.take(pid);
            }
            also.opened();
        }

        @Override
        public void closed() {
            also.closed();
            if (enabled) {
                after = allocated(pid);
                threadsAfter = ThreadCpu.take(pid);
                closed = Instant.now();
            }
        }

        /** Records the phase with the webhooks it accepted; a window that never opened is not recorded. */
        void accepted(Throughput t) {
            if (enabled && opened != null && closed != null) {
                phases.add(new Phase(
                        phase,
                        pid == recordedPid,
                        opened,
                        closed,
                        new PerEvent(before, after, t.succeeded()),
                        threadsBefore.flatMap(b -> threadsAfter.map(a -> ThreadCpu.between(b, a)))));
            }
        }
    }

    /** Bytes allocated by a process's threads between two readings, and the events accepted meanwhile. */
    record PerEvent(long before, long after, long events) {

        /** Bytes per event, empty when a reading failed, the counter went back or no event was accepted. */
        Optional<Long> bytesPerEvent() {
            if (before < 0 || after < before || events <= 0) {
                return Optional.empty();
            }
            return Optional.of(Math.round((after - before) / (double) events));
        }
    }

    /** A measured webhook phase, of the recorded build or another one. */
    record Phase(
            String name,
            boolean recorded,
            Instant opened,
            Instant closed,
            PerEvent allocation,
            Optional<Tally> threads) {

        boolean covers(Instant t) {
            return !t.isBefore(opened) && !t.isAfter(closed);
        }
    }

    /** A weight per key, ranked. */
    static final class Tally {
        private final Map<String, Long> weights = new LinkedHashMap<>();
        private long total;

        void add(String key, long weight) {
            weights.merge(key, weight, Long::sum);
            total += weight;
        }

        long total() {
            return total;
        }

        /** The key's share of the total; zero when it has none. */
        double share(String key) {
            return total == 0 ? 0.0 : weights.getOrDefault(key, 0L) / (double) total;
        }

        /** The {@code n} heaviest keys with their share of the total, heaviest first (ties by key). */
        List<Map.Entry<String, Double>> top(int n) {
            return weights.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .map(e -> Map.entry(e.getKey(), total == 0 ? 0.0 : e.getValue() / (double) total))
                    .toList();
        }
    }

    /** The stage of {@link #STAGES} whose marker is on the stack (frames as {@code class.method}), else "other". */
    static String stageOf(List<String> frames) {
        for (Map.Entry<String, String> stage : STAGES) {
            for (String frame : frames) {
                if (frame.startsWith(stage.getValue())) {
                    return stage.getKey();
                }
            }
        }
        return "other";
    }

    /** The frame nearest the top of the stack that is Qualigate's own code, else the top frame. */
    static String ownFrameOf(List<String> frames) {
        for (String frame : frames) {
            if (frame.startsWith("org.qualigate.")) {
                return frame;
            }
        }
        return frames.isEmpty() ? "(no stack)" : frames.getFirst();
    }

    /** The profile as a Markdown section; empty when profiling is off or nothing was measured. */
    Optional<String> markdown() {
        if (!enabled || phases.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder md = new StringBuilder();
        md.append("### The service's work per accepted webhook (`-Dbench.profile`)\n\n")
                .append("Load average (1 / 5 / 15 min) when the run started ")
                .append(loadAtStart)
                .append(", at the end ")
                .append(CpuMeter.loadAverage())
                .append(". Bytes allocated by every thread of the service (its `ThreadMXBean`'s total, read when the")
                .append(" measured window opened and closed), per webhook accepted in the window:\n\n")
                .append("| phase | build | webhooks accepted | bytes allocated | per accepted webhook |\n")
                .append("|---|---|---:|---:|---:|\n");
        for (Phase p : phases) {
            PerEvent a = p.allocation();
            md.append("| ")
                    .append(p.name())
                    .append(" | ")
                    .append(p.recorded() ? "measured" : "compared")
                    .append(" | ")
                    .append(a.events())
                    .append(" | ")
                    .append(a.before() < 0 ? "?" : String.format(Locale.ROOT, "%,d", a.after() - a.before()))
                    .append(" | ")
                    .append(a.bytesPerEvent()
                            .map(b -> String.format(Locale.ROOT, "%,d", b))
                            .orElse("?"))
                    .append(" |\n");
        }
        for (Phase p : phases) {
            p.threads().ifPresent(t -> {
                md.append("\nThe service's CPU in `")
                        .append(p.name())
                        .append("` (")
                        .append(p.recorded() ? "measured" : "compared")
                        .append(" build) by thread, from `/proc/<pid>/task/*/stat` (")
                        .append(t.total())
                        .append(" ticks in all); execution samples see only the Java threads:\n\n")
                        .append("| threads | share of the service's CPU |\n|---|---:|\n");
                t.top(TOP_FRAMES).forEach(e -> row(md, e));
            });
        }
        if (recording != null) {
            samples().ifPresent(md::append);
        }
        return Optional.of(md.toString());
    }

    /** The recording's samples in the measured build's webhook windows, by stage and by frame. */
    private Optional<String> samples() {
        if (recording == null || !Files.isRegularFile(recording)) {
            log.warn("no flight recording at {}", recording);
            return Optional.empty();
        }
        List<Phase> windows = phases.stream().filter(Phase::recorded).toList();
        Map<String, Tally[]> tallies = new LinkedHashMap<>();
        for (String kind : List.of(ALLOCATION, EXECUTION, CPU_TIME)) {
            tallies.put(kind, new Tally[] {new Tally(), new Tally(), new Tally(), new Tally()});
        }
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                Tally[] t = tallies.get(e.getEventType().getName());
                if (t == null || windows.stream().noneMatch(w -> w.covers(e.getStartTime()))) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                List<String> frames = stack == null
                        ? List.of()
                        : stack.getFrames().stream().map(ServiceProfile::name).toList();
                long weight = e.getEventType().getName().equals(ALLOCATION) ? e.getLong("weight") : 1;
                t[0].add(stageOf(frames), weight);
                t[1].add(ownFrameOf(frames), weight);
                t[2].add(frames.isEmpty() ? "(no stack)" : frames.getFirst(), weight);
                t[3].add(CpuComponents.of(frames), weight);
            }
        } catch (IOException e) {
            log.warn("could not read the flight recording {}: {}", recording, e.toString());
            return Optional.empty();
        }
        StringBuilder md = new StringBuilder();
        md.append("\nFrom the flight recording (`")
                .append(recording)
                .append("`), the samples taken inside the measured build's webhook windows: allocation samples weighed")
                .append(
                        " by the bytes each stands for, execution samples (every 10 ms of wall time, Java code only) and")
                .append(
                        " CPU-time samples (every 5 ms of a thread's CPU time, so in proportion to it) counted. Shares, not")
                .append(" rates.\n");
        tallies.forEach((kind, t) -> {
            String what = kind.equals(ALLOCATION) ? "allocation" : kind.equals(EXECUTION) ? "CPU" : "CPU time";
            md.append("\n| where (")
                    .append(what)
                    .append(", ")
                    .append(
                            kind.equals(ALLOCATION)
                                    ? "weight " + String.format(Locale.ROOT, "%,d", t[0].total())
                                    : t[0].total() + " samples")
                    .append(") | share |\n|---|---:|\n");
            t[0].top(STAGES.size() + 1).forEach(e -> row(md, e));
            md.append("\n| ")
                    .append(what)
                    .append(": component (`CpuComponents`) | share |\n")
                    .append("|---|---:|\n");
            t[3].top(CpuComponents.count()).forEach(e -> row(md, e));
            md.append("\n| ").append(what).append(": nearest Qualigate frame | share |\n|---|---:|\n");
            t[1].top(TOP_FRAMES).forEach(e -> row(md, e));
            md.append("\n| ").append(what).append(": top frame | share |\n|---|---:|\n");
            t[2].top(TOP_FRAMES).forEach(e -> row(md, e));
        });
        return Optional.of(md.toString());
    }

    static void row(StringBuilder md, Map.Entry<String, Double> e) {
        md.append("| `")
                .append(e.getKey())
                .append("` | ")
                .append(String.format(Locale.ROOT, "%.1f %%", 100 * e.getValue()))
                .append(" |\n");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The service's allocated bytes so far, or -1 when they cannot be read. */
    long allocated(long pid) {
        return counters.computeIfAbsent(pid, Allocated::attach)
                .map(Allocated::total)
                .orElse(-1L);
    }

    /** A connection to a service process's platform MBeans through the attach API's local management agent. */
    private record Allocated(JMXConnector connector, com.sun.management.ThreadMXBean threads) {

        static Optional<Allocated> attach(long pid) {
            try {
                var vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
                try {
                    JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
                    return Optional.of(new Allocated(
                            c,
                            ManagementFactory.newPlatformMXBeanProxy(
                                    c.getMBeanServerConnection(),
                                    ManagementFactory.THREAD_MXBEAN_NAME,
                                    com.sun.management.ThreadMXBean.class)));
                } finally {
                    vm.detach();
                }
            } catch (IOException | com.sun.tools.attach.AttachNotSupportedException | RuntimeException e) {
                log.warn("cannot read the allocated bytes of process {}: {}", pid, e.toString());
                return Optional.empty();
            }
        }

        long total() {
            try {
                return threads.getTotalThreadAllocatedBytes();
            } catch (RuntimeException e) {
                log.warn("reading the allocated bytes failed: {}", e.toString());
                return -1;
            }
        }
    }
}
