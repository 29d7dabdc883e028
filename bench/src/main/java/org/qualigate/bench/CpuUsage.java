package org.qualigate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where the machine's CPU went during a phase, in cores: the service, the load generator (this JVM, with
 * the sandbox), PostgreSQL, everything else, and idle. Read from Linux {@code /proc}; absent elsewhere.
 *
 * @param service cores used by the service process
 * @param loadGenerator cores used by this JVM
 * @param postgres cores used by the PostgreSQL processes alive at both ends of the phase
 * @param other cores used by anything else on the machine
 * @param idle cores left idle
 */
public record CpuUsage(double service, double loadGenerator, double postgres, double other, double idle) {

    /** Cumulative CPU ticks at one instant. */
    record Snapshot(long busy, long idle, long service, long loadGenerator, java.util.Map<Long, Long> postgres) {

        Snapshot {
            postgres = java.util.Map.copyOf(postgres);
        }

        /**
         * @param servicePid the service process
         * @param postmasterPid the PostgreSQL server of the run; it and its children are counted as PostgreSQL
         */
        static Optional<Snapshot> take(long servicePid, long postmasterPid) {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat"))
                        .getFirst()
                        .trim()
                        .split("\\s+");
                long user = Long.parseLong(cpu[1]);
                long nice = Long.parseLong(cpu[2]);
                long system = Long.parseLong(cpu[3]);
                long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
                long irq = Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
                long busy = user + nice + system + irq;
                return Optional.of(new Snapshot(
                        busy,
                        idle,
                        ticks(servicePid),
                        ticks(ProcessHandle.current().pid()),
                        postgresTicks(postmasterPid)));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** Ticks per PostgreSQL process, so a backend that ends during the phase does not cancel a new one. */
        private static java.util.Map<Long, Long> postgresTicks(long postmasterPid) throws IOException {
            java.util.Map<Long, Long> ticks = new java.util.HashMap<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit)) {
                        String stat = read(p.resolve("stat"));
                        // Other PostgreSQL servers on the machine are not this run's.
                        if (stat != null
                                && (Long.parseLong(name) == postmasterPid || parentOf(stat) == postmasterPid)) {
                            ticks.put(Long.valueOf(name), ticksOf(stat));
                        }
                    }
                }
            }
            return ticks;
        }

        private static long ticks(long pid) {
            String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
            return stat == null ? 0 : ticksOf(stat);
        }

        /** Field 4 of {@code /proc/<pid>/stat}. */
        static long parentOf(String stat) {
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        }

        /** The parent of a process, or -1 if it has ended. */
        static long parentOf(long pid) {
            String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
            return stat == null ? -1 : parentOf(stat);
        }

        /** utime + stime: fields 14 and 15 of {@code /proc/<pid>/stat}, counted after the command name. */
        static long ticksOf(String stat) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        private static @Nullable String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                // the process ended between listing and reading
                return null;
            }
        }
    }

    /** The usage between two snapshots, spread over {@code cores} processors. */
    static CpuUsage between(Snapshot before, Snapshot after, int cores) {
        double total = (after.busy() - before.busy()) + (after.idle() - before.idle());
        if (total <= 0) {
            return new CpuUsage(0, 0, 0, 0, cores);
        }
        double perCore = total / cores;
        // A process that ended in between reads as zero, never as negative.
        double service = Math.max(0, after.service() - before.service()) / perCore;
        double load = Math.max(0, after.loadGenerator() - before.loadGenerator()) / perCore;
        // Backends born during the phase count whole; those that ended during it are lost (they are few).
        long pgTicks = 0;
        for (var e : after.postgres().entrySet()) {
            pgTicks += Math.max(0, e.getValue() - before.postgres().getOrDefault(e.getKey(), 0L));
        }
        double pg = pgTicks / perCore;
        double busy = (after.busy() - before.busy()) / perCore;
        double other = Math.max(0, busy - service - load - pg);
        return new CpuUsage(service, load, pg, other, (after.idle() - before.idle()) / perCore);
    }

    /** E.g. {@code service 0.92, load generator 0.31, PostgreSQL 0.64, other 0.05, idle 0.08}. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "service %.2f, load generator %.2f, PostgreSQL %.2f, other %.2f, idle %.2f",
                service,
                loadGenerator,
                postgres,
                other,
                idle);
    }
}
