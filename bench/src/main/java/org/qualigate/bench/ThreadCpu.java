package org.qualigate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process's CPU ticks per thread, from Linux {@code /proc/<pid>/task/<tid>/stat}, so that a window's CPU can be
 * split into what no execution sample sees (the garbage collector, the JIT compilers, the VM's own threads, the
 * flight recorder) and the Java threads the samples cover. Thread names are the kernel's, cut to 15 characters.
 */
final class ThreadCpu {

    static final String GC = "garbage collector";
    static final String JIT = "JIT compilers";
    static final String VM = "VM threads (safepoints, sweeps, periodic tasks)";
    static final String RECORDER = "flight recorder (the profile itself)";

    private ThreadCpu() {}

    /** A thread's name and its utime + stime. */
    record Ticks(String name, long ticks) {}

    /** The category of a JVM thread by its kernel name: GC, JIT, VM, recorder, else its Java name's group. */
    static String categoryOf(String name) {
        if (name.startsWith("GC Thread")
                || name.startsWith("G1 ")
                || name.startsWith("GC ")
                || name.startsWith("ZWorker")
                || name.startsWith("ZDirector")) {
            return GC;
        }
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") || name.startsWith("Compiler")) {
            return JIT;
        }
        if (name.startsWith("VM ") || name.equals("Service Thread") || name.startsWith("Monitor Deflati")) {
            return VM;
        }
        if (name.startsWith("JFR ") || name.startsWith("Jfr")) {
            return RECORDER;
        }
        return "Java: " + javaGroupOf(name);
    }

    /** The Java thread's name with each number as {@code #}, so that a pool's threads fall into one group. */
    static String javaGroupOf(String name) {
        return name.replaceAll("[0-9]+", "#");
    }

    /** The thread's name and ticks from its {@code stat} line. */
    static Ticks parse(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return new Ticks(name, CpuUsage.Snapshot.ticksOf(stat));
    }

    /** Every thread of the process now, by thread id; empty when {@code /proc} cannot be read. */
    static Optional<Map<Long, Ticks>> take(long pid) {
        Map<Long, Ticks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    threads.put(Long.valueOf(t.getFileName().toString()), parse(Files.readString(t.resolve("stat"))));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(threads);
    }

    /**
     * The ticks each category used between two readings; a thread born in between counts from zero, one that ended
     * in between is lost.
     */
    static ServiceProfile.Tally between(Map<Long, Ticks> before, Map<Long, Ticks> after) {
        ServiceProfile.Tally t = new ServiceProfile.Tally();
        after.forEach((tid, a) -> {
            Ticks b = before.get(tid);
            long used = a.ticks() - (b == null ? 0 : b.ticks());
            if (used > 0) {
                t.add(categoryOf(a.name()), used);
            }
        });
        return t;
    }
}
