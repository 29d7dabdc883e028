package org.qualigate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the verifying instance's CPU goes during each {@code POST /api/v1/audit/verify} ({@code -Dbench.profile=true}
 * with {@code bench/run-audit}; {@code bytes} without a recording): the bytes the service received (its {@code rchar},
 * socket reads included: what PostgreSQL sent) and allocated per entry, the service's CPU by thread ({@link ThreadCpu})
 * and, from a flight recording ({@link ServiceProfile#jvmOptions}), its CPU-time samples by part of the verification
 * ({@link #PARTS}).
 */
final class VerifyProfile {

    private static final Logger log = LoggerFactory.getLogger(VerifyProfile.class);
    private static final String CPU_TIME = "jdk.CPUTimeSample";

    /**
     * The parts of a verification: a sample belongs to the first part one of whose markers starts the frame nearest
     * the top of its stack that any part names (so the JDK code a part calls counts for it); "other" when none does.
     */
    static final List<Map.Entry<String, List<String>>> PARTS = List.of(
            Map.entry("SHA-256", List.of("sun.security.provider.", "org.qualigate.audit.AuditHash.hashes")),
            Map.entry("reading rows: the JDBC driver (protocol, decoding, socket)", List.of("org.postgresql.")),
            Map.entry(
                    "reading rows: the columns taken apart, the chunks filled",
                    List.of(
                            "org.qualigate.audit.ChainRows",
                            "org.qualigate.audit.EntryContent$Stored.read",
                            "org.qualigate.audit.ChainCheck$Reader.row",
                            "org.qualigate.audit.ChainCheck$Reader.read",
                            "org.qualigate.audit.ChainCheck$Reader.piece",
                            "org.springframework.jdbc.")),
            Map.entry(
                    "hashed bytes: written from the columns' bytes",
                    List.of("org.qualigate.audit.ColumnsCanonicalForm")),
            Map.entry(
                    "hashed bytes: columns decoded and encoded again",
                    List.of(
                            "org.qualigate.audit.AuditHash.canonical",
                            "org.qualigate.audit.CanonicalJson",
                            "org.qualigate.audit.PlainCanonicalJson",
                            "org.qualigate.audit.EntryContent$Stored.content",
                            "org.qualigate.audit.HashedTextMatch",
                            "org.qualigate.audit.JsonbTextMatch")),
            Map.entry(
                    "hand-off between the reading thread and the checking threads",
                    List.of(
                            "org.qualigate.audit.ChainCheck.take",
                            "org.qualigate.audit.ChainCheck$Reader.flush",
                            "java.util.concurrent.")),
            Map.entry(
                    "checking links and numbers",
                    List.of("org.qualigate.audit.ChainCheck.check", "org.qualigate.audit.SealedEntry.")));

    private final boolean enabled;
    private final ServiceProfile recording;
    private final @Nullable Path recordingFile;
    private final List<Window> windows = new ArrayList<>();

    private VerifyProfile(Properties p, Path workDirectory) {
        String mode = p.getProperty("bench.profile", "false").trim();
        this.enabled = mode.equals("bytes") || Boolean.parseBoolean(mode);
        this.recording = ServiceProfile.from(p, workDirectory);
        this.recordingFile = enabled && !mode.equals("bytes")
                ? workDirectory.toAbsolutePath().resolve("service-profile.jfr")
                : null;
    }

    static VerifyProfile from(Properties p, Path workDirectory) {
        return new VerifyProfile(p, workDirectory);
    }

    /** The verifying instance's JVM options, with the recording when profiling. */
    List<String> jvmOptions(List<String> options) {
        return recording.jvmOptions(options);
    }

    /** Opens the window of one verification of the service {@code pid}. */
    Window open(String name, long pid) {
        Window w = new Window(name, pid);
        if (enabled) {
            w.open();
        }
        return w;
    }

    /** One verification's window. */
    final class Window {
        private final String name;
        private final long pid;
        private @Nullable Instant opened;
        private @Nullable Instant closed;
        private long allocatedBefore = -1;
        private long allocatedAfter = -1;
        private long receivedBefore = -1;
        private long receivedAfter = -1;
        private long entries;
        private long processBefore = -1;
        private long processAfter = -1;
        private Optional<Map<Long, ThreadCpu.Ticks>> threadsBefore = Optional.empty();
        private Optional<Map<Long, ThreadCpu.Ticks>> threadsAfter = Optional.empty();

        private Window(String name, long pid) {
            this.name = name;
            this.pid = pid;
        }

        private void open() {
            opened = Instant.now();
            allocatedBefore = recording.allocated(pid);
            receivedBefore = received(pid);
            threadsBefore = ThreadCpu.take(pid);
            processBefore = ticks(pid);
        }

        /** Closes the window over {@code verified} entries. */
        void close(long verified) {
            if (!enabled || opened == null) {
                return;
            }
            threadsAfter = ThreadCpu.take(pid);
            processAfter = ticks(pid);
            receivedAfter = received(pid);
            allocatedAfter = recording.allocated(pid);
            closed = Instant.now();
            entries = verified;
            windows.add(this);
        }

        private boolean covers(Instant t) {
            return opened != null && closed != null && !t.isBefore(opened) && !t.isAfter(closed);
        }

        private String perEntry(long before, long after) {
            return before < 0 || after < before || entries <= 0
                    ? "?"
                    : String.format(Locale.ROOT, "%,.1f", (after - before) / (double) entries);
        }
    }

    /** The part of {@link #PARTS} a sample's stack (frames from the top down) belongs to. */
    static String partOf(List<String> frames) {
        for (String frame : frames) {
            for (Map.Entry<String, List<String>> part : PARTS) {
                for (String marker : part.getValue()) {
                    if (frame.startsWith(marker)) {
                        return part.getKey();
                    }
                }
            }
        }
        return "other (HTTP request, Spring, JDK only)";
    }

    /** The profile as a Markdown section; empty when profiling is off. */
    Optional<String> markdown() {
        if (!enabled || windows.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder md = new StringBuilder("\n### The verifying instance's work per entry (`-Dbench.profile`)\n\n");
        md.append("| verification | entries | bytes received per entry (`rchar`) | bytes allocated per entry |\n")
                .append("|---|---:|---:|---:|\n");
        for (Window w : windows) {
            md.append("| ")
                    .append(w.name)
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", w.entries))
                    .append(" | ")
                    .append(w.perEntry(w.receivedBefore, w.receivedAfter))
                    .append(" | ")
                    .append(w.perEntry(w.allocatedBefore, w.allocatedAfter))
                    .append(" |\n");
        }
        for (Window w : windows) {
            w.threadsBefore
                    .flatMap(b -> w.threadsAfter.map(a -> ThreadCpu.between(b, a)))
                    .ifPresent(t -> {
                        // the checking pool's threads start and end inside the window, so no thread reading sees
                        // them: their ticks are the process's less those of the threads alive at both readings
                        long ended = w.processAfter - w.processBefore - t.total();
                        if (w.processBefore >= 0 && ended > 0) {
                            t.add("threads that ended inside the window (the checking pool)", ended);
                        }
                        md.append("\nThe service's CPU in ")
                                .append(w.name)
                                .append(" by thread (")
                                .append(t.total())
                                .append(" ticks):\n\n| threads | share |\n|---|---:|\n");
                        t.top(10).forEach(e -> ServiceProfile.row(md, e));
                    });
        }
        samples().ifPresent(md::append);
        return Optional.of(md.toString());
    }

    /** The recording's CPU-time samples inside the verification windows, by part and by top frame. */
    private Optional<String> samples() {
        if (recordingFile == null || !Files.isRegularFile(recordingFile)) {
            return Optional.empty();
        }
        ServiceProfile.Tally parts = new ServiceProfile.Tally();
        ServiceProfile.Tally tops = new ServiceProfile.Tally();
        try (RecordingFile file = new RecordingFile(recordingFile)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals(CPU_TIME)
                        || windows.stream().noneMatch(w -> w.covers(e.getStartTime()))) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                List<String> frames = stack == null
                        ? List.of()
                        : stack.getFrames().stream()
                                .map(f -> f.getMethod().getType().getName() + "."
                                        + f.getMethod().getName())
                                .toList();
                parts.add(partOf(frames), 1);
                tops.add(frames.isEmpty() ? "(no stack)" : frames.getFirst(), 1);
            }
        } catch (IOException e) {
            log.warn("could not read the flight recording {}: {}", recordingFile, e.toString());
            return Optional.empty();
        }
        StringBuilder md = new StringBuilder("\nCPU-time samples (every 5 ms of a thread's CPU time) in the")
                .append(" verifications, from `")
                .append(recordingFile)
                .append("`:\n\n| part (")
                .append(parts.total())
                .append(" samples) | share |\n|---|---:|\n");
        parts.top(PARTS.size() + 1).forEach(e -> ServiceProfile.row(md, e));
        md.append("\n| top frame | share |\n|---|---:|\n");
        tops.top(20).forEach(e -> ServiceProfile.row(md, e));
        return Optional.of(md.toString());
    }

    private static long ticks(long pid) {
        try {
            return CpuUsage.Snapshot.ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes the process has read (files and sockets), from {@code /proc/<pid>/io}; -1 when unreadable. */
    static long received(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read /proc/{}/io: {}", pid, e.toString());
        }
        return -1;
    }
}
