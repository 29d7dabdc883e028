package org.qualigate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns the embedded PostgreSQL of a data directory, and what to do with a server whose owner died
 * (decision 0025). The server runs as a process of its own: a {@code kill -9} of the service leaves it running
 * on the data directory, and a new server on the same directory refuses to start (its {@code postmaster.pid}
 * is taken). The service writes its process id and start time beside the data directory once its server is
 * up; at the next start, a server found running whose owner is gone is stopped with a fast shutdown (SIGINT:
 * open transactions roll back, committed ones are on disk), so the new server starts first time on the same
 * data. A server whose owner still runs is left alone, and the start is refused, saying so.
 */
final class PostmasterOwner {

    private static final Logger log = LoggerFactory.getLogger(PostmasterOwner.class);

    /** How long a fast shutdown may take before an immediate one is asked for. */
    static final Duration FAST_SHUTDOWN = Duration.ofSeconds(20);

    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(5);

    private final Path dataDirectory;

    PostmasterOwner(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The marker beside the data directory: {@code <dir>.owner}, never inside it (initdb wants it empty). */
    Path ownerFile() {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".owner");
    }

    /** Records this process as the owner of the server now running on the data directory. */
    void claim() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(
                ownerFile(),
                self.pid() + "\n"
                        + self.info().startInstant().map(Instant::toString).orElse("") + "\n",
                StandardCharsets.UTF_8);
    }

    /** After a clean stop, the marker goes. */
    void release() {
        try {
            Files.deleteIfExists(ownerFile());
        } catch (IOException e) {
            log.warn("could not remove {}: {}", ownerFile(), e.getMessage());
        }
    }

    /**
     * Before a server is started on the data directory: stops a server left running by a process that died,
     * and refuses when the server belongs to a process that still runs. Returns the orphan's process id when
     * one was stopped.
     */
    Optional<Long> stopOrphan() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // PostgreSQL itself refuses or replaces a lock file it cannot read
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(PostmasterOwner::running);
        if (postmaster.isEmpty()) {
            return Optional.empty(); // a stale lock file: PostgreSQL replaces it by itself
        }
        Optional<String> command = postmaster.get().info().command();
        if (command.isPresent() && !command.get().contains("postgres")) {
            // the process id was reused by something else: the lock file is stale, but PostgreSQL would take
            // that live process for a running server and refuse
            log.warn(
                    "{} names process {} ({}), which is not PostgreSQL; removing the stale lock file",
                    pidFile,
                    pid,
                    command.get());
            Files.deleteIfExists(pidFile);
            return Optional.empty();
        }
        Owner owner = owner();
        if (owner != null && owner.alive()) {
            throw new IllegalStateException("the embedded PostgreSQL in " + dataDirectory.toAbsolutePath()
                    + " belongs to the running process " + owner.pid() + "; stop that service first, or give this"
                    + " one its own qualigate.embedded-postgres.data-directory");
        }
        log.warn(
                "embedded PostgreSQL (process {}) is still running on {} although the service that started it ({})"
                        + " is gone; stopping it with a fast shutdown before starting again",
                pid,
                dataDirectory.toAbsolutePath(),
                owner == null ? "unknown" : "process " + owner.pid());
        stop(postmaster.get(), pidFile);
        return Optional.of(pid);
    }

    private void stop(ProcessHandle postmaster, Path pidFile) throws IOException {
        long started = System.nanoTime();
        List<ProcessHandle> children = postmaster.descendants().toList();
        signal(postmaster.pid(), "INT");
        if (!awaitGone(postmaster, pidFile, FAST_SHUTDOWN)) {
            log.warn(
                    "fast shutdown of process {} took longer than {}; asking for an immediate shutdown",
                    postmaster.pid(),
                    FAST_SHUTDOWN);
            signal(postmaster.pid(), "QUIT");
            if (!awaitGone(postmaster, pidFile, IMMEDIATE_SHUTDOWN)) {
                // the last resort: the next server recovers from its write-ahead log, as after a power cut
                children.forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
                awaitGone(postmaster, pidFile, IMMEDIATE_SHUTDOWN);
            }
        }
        // children of an immediately stopped server end by themselves; wait for them so none holds the memory
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(IMMEDIATE_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
        log.info(
                "orphaned PostgreSQL process {} stopped in {} ms",
                postmaster.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static boolean awaitGone(ProcessHandle process, Path pidFile, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!running(process) && !Files.exists(pidFile)) {
                return true;
            }
            try {
                process.onExit().get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still running
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !running(process);
    }

    /** SIGINT is PostgreSQL's fast shutdown, SIGQUIT its immediate one; the JDK can only send TERM and KILL. */
    private static void signal(long pid, String signal) throws IOException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        try {
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private @Nullable Owner owner() {
        try {
            if (!Files.isRegularFile(ownerFile())) {
                return null;
            }
            List<String> lines = Files.readAllLines(ownerFile(), StandardCharsets.UTF_8);
            return new Owner(
                    Long.parseLong(lines.getFirst().strip()),
                    lines.size() > 1 ? lines.get(1).strip() : "");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The process that started the server: alive only if that very process (same start time) still runs. */
    /**
     * Whether the process still runs. A process killed but not yet reaped by its parent (a zombie: its parent
     * has not waited for it, or it was handed to an init that does not reap, as in many containers) still
     * answers as alive, though it holds nothing and will never run again; it counts as gone here.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            int end = text.lastIndexOf(')');
            return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc (not Linux) or the process just ended: as the JDK says
        }
    }

    private record Owner(long pid, String startedAt) {

        boolean alive() {
            return ProcessHandle.of(pid)
                    .filter(PostmasterOwner::running)
                    .filter(p -> startedAt.isEmpty()
                            || p.info()
                                    .startInstant()
                                    .map(Instant::toString)
                                    .orElse("")
                                    .equals(startedAt))
                    .isPresent();
        }
    }
}
