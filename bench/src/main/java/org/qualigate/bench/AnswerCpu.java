package org.qualigate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU one answer cost, in milliseconds: the answering service process, the PostgreSQL server's processes, and
 * the client (this JVM, which reads the answer), from {@code /proc} at the call's start and end. Unlike the wall time,
 * it does not grow when other work on a shared machine takes the cores; it is the figure that compares two builds
 * there. Linux counts in ticks of 10 ms ({@code USER_HZ} 100), so a figure is good to about 10 ms per process. Of the
 * service's CPU, the part its JIT compiler threads and its garbage collector's threads spent is also given (from each
 * thread's {@code /proc/<pid>/task/<tid>/stat}), and the part the client's JIT compiler threads spent: what a first
 * call pays that later calls do not shows there.
 *
 * @param compilerMs of {@code serviceMs}, the JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 …})
 * @param gcMs of {@code serviceMs}, the garbage collector's threads ({@code GC Thread#…}, {@code G1 …})
 * @param clientCompilerMs of {@code clientMs}, the JIT compiler threads
 */
record AnswerCpu(long serviceMs, long postgresMs, long clientMs, long compilerMs, long gcMs, long clientCompilerMs) {

    private static final long MS_PER_TICK = 10;

    /** Where a call began: the ticks then, if {@code /proc} could be read. */
    record Start(
            long servicePid,
            long postmasterPid,
            Optional<CpuUsage.Snapshot> before,
            Optional<ThreadTicks> threadsBefore,
            Optional<ThreadTicks> clientBefore) {

        AnswerCpu stop() {
            Optional<CpuUsage.Snapshot> after = CpuUsage.Snapshot.take(servicePid, postmasterPid);
            Optional<ThreadTicks> threadsAfter = ThreadTicks.of(servicePid);
            Optional<ThreadTicks> clientAfter =
                    ThreadTicks.of(ProcessHandle.current().pid());
            if (before.isEmpty() || after.isEmpty()) {
                return new AnswerCpu(-1, -1, -1, -1, -1, -1);
            }
            CpuUsage.Snapshot b = before.get();
            CpuUsage.Snapshot a = after.get();
            long compiler = -1;
            long gc = -1;
            if (threadsBefore.isPresent() && threadsAfter.isPresent()) {
                compiler = (threadsAfter.get().compiler() - threadsBefore.get().compiler()) * MS_PER_TICK;
                gc = (threadsAfter.get().gc() - threadsBefore.get().gc()) * MS_PER_TICK;
            }
            long clientCompiler = clientBefore.isPresent() && clientAfter.isPresent()
                    ? (clientAfter.get().compiler() - clientBefore.get().compiler()) * MS_PER_TICK
                    : -1;
            return new AnswerCpu(
                    (a.service() - b.service()) * MS_PER_TICK,
                    postgresTicks(b.postgres(), a.postgres()) * MS_PER_TICK,
                    (a.loadGenerator() - b.loadGenerator()) * MS_PER_TICK,
                    compiler,
                    gc,
                    clientCompiler);
        }
    }

    static Start start(long servicePid, long postmasterPid) {
        return new Start(
                servicePid,
                postmasterPid,
                CpuUsage.Snapshot.take(servicePid, postmasterPid),
                ThreadTicks.of(servicePid),
                ThreadTicks.of(ProcessHandle.current().pid()));
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

    /**
     * Of the service's CPU, its JIT compilers' and its collector's, then the client's JIT compilers', e.g. {@code 620 /
     * 40 / 90}; else {@code unknown}.
     */
    String threadParts() {
        return compilerMs < 0
                ? "unknown"
                : String.format(Locale.ROOT, "%,d / %,d / %,d", compilerMs, gcMs, clientCompilerMs);
    }

    /**
     * The CPU ticks of one JVM's JIT compiler threads and of its garbage collector's threads at one instant. A thread
     * that ended in between is lost (HotSpot keeps its compiler and GC threads on a small machine).
     */
    record ThreadTicks(long compiler, long gc) {

        static Optional<ThreadTicks> of(long pid) {
            long compiler = 0;
            long gc = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException e) {
                        continue; // the thread ended between listing and reading
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    if (isCompiler(name)) {
                        compiler += ticks;
                    } else if (isCollector(name)) {
                        gc += ticks;
                    }
                }
                return Optional.of(new ThreadTicks(compiler, gc));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** HotSpot's JIT compiler threads, as Linux shows their (15-character) names. */
        static boolean isCompiler(String thread) {
            return thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre");
        }

        /** G1's threads: the parallel workers, the concurrent marking and refinement threads, its service thread. */
        static boolean isCollector(String thread) {
            return thread.startsWith("GC Thread#") || thread.startsWith("G1 ");
        }
    }
}
