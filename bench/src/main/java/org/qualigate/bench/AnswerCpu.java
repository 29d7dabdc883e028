package org.qualigate.bench;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU one answer cost, in milliseconds: the answering service process, the PostgreSQL server's processes, and
 * the client (this JVM, which reads the answer), from {@code /proc} at the call's start and end. Unlike the wall time,
 * it does not grow when other work on a shared machine takes the cores; it is the figure that compares two builds
 * there. Linux counts in ticks of 10 ms ({@code USER_HZ} 100), so a figure is good to about 10 ms per process.
 */
record AnswerCpu(long serviceMs, long postgresMs, long clientMs) {

    private static final long MS_PER_TICK = 10;

    /** Where a call began: the ticks then, if {@code /proc} could be read. */
    record Start(long servicePid, long postmasterPid, Optional<CpuUsage.Snapshot> before) {

        AnswerCpu stop() {
            Optional<CpuUsage.Snapshot> after = CpuUsage.Snapshot.take(servicePid, postmasterPid);
            if (before.isEmpty() || after.isEmpty()) {
                return new AnswerCpu(-1, -1, -1);
            }
            CpuUsage.Snapshot b = before.get();
            CpuUsage.Snapshot a = after.get();
            return new AnswerCpu(
                    (a.service() - b.service()) * MS_PER_TICK,
                    postgresTicks(b.postgres(), a.postgres()) * MS_PER_TICK,
                    (a.loadGenerator() - b.loadGenerator()) * MS_PER_TICK);
        }
    }

    static Start start(long servicePid, long postmasterPid) {
        return new Start(servicePid, postmasterPid, CpuUsage.Snapshot.take(servicePid, postmasterPid));
    }

    /** Backends born during the call count whole; one that ended during it is lost (the service's pool keeps them). */
    private static long postgresTicks(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (var e : after.entrySet()) {
            ticks += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return ticks;
    }

    /** The three sums, e.g. {@code 1,840 + 420 + 610}. */
    @Override
    public String toString() {
        return serviceMs < 0
                ? "unknown"
                : String.format(Locale.ROOT, "%,d + %,d + %,d", serviceMs, postgresMs, clientMs);
    }
}
