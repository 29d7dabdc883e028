package org.qualigate.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How long the fault suite waits for what it needs, and the waiting itself. Every wait ends as soon as the state it
 * needs is observable (in the database, the simulators' logs or the process table), so a quiet machine runs no
 * longer for these limits; they only matter on a machine shared with other builds, where a JVM start or a batch of
 * deliveries can take several times as long. A wait that runs out either fails the run with a message saying what
 * was not reached, in how long and at what load, or — for a kill point that was missed — is reported as not run.
 */
final class Patience {

    private Patience() {}

    /**
     * How long a life of the service may take to become healthy: 10 minutes, or {@code bench.startingSeconds}. The
     * suite on a 2-core machine at a load average of 59 took more than 2 minutes for one start, and 3 were not
     * enough at 34–40.
     */
    static final Duration STARTING = Duration.ofSeconds(Long.getLong("bench.startingSeconds", 600));

    /**
     * How long an event may go unacknowledged before its sender gives up: longer than any start, since a sender
     * keeps sending while the service is down between a kill and the next healthy life.
     */
    static final Duration RESENDING = STARTING.plusMinutes(3);

    /** How long an armed crash point, or a kill point's window, may take to come. */
    static final Duration KILL_WINDOW = Duration.ofSeconds(Long.getLong("faults.killWindowSeconds", 240));

    /** How often a kill point missed (the step was over before the kill) is tried again before it counts as not run. */
    static final int KILL_ATTEMPTS = 3;

    /** How long the suite waits for something that must happen (a drain, a settle, the sealer catching up). */
    static final Duration SETTLING = Duration.ofSeconds(Long.getLong("faults.settlingSeconds", 300));

    /** A state the suite waits for. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, looking every {@code every}; false if {@code limit} passed first. */
    static boolean until(Condition condition, Duration limit, Duration every) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(every.toMillis());
        }
        return true;
    }

    /** As {@link #until}, but a limit that passed fails the run, saying what was awaited and at what load. */
    static void require(String what, Condition condition, Duration limit, Duration every) throws Exception {
        if (!until(condition, limit, every)) {
            throw new IllegalStateException(
                    what + " was not reached within " + limit.toSeconds() + " s (load average " + loadAverage() + ")");
        }
    }

    /** The machine's load average over 1, 5 and 15 minutes, as the kernel reports it. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
