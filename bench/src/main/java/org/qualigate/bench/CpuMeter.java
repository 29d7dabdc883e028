package org.qualigate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where the machine's CPU went between {@link #start} and {@link #stop}: the service, this JVM (load
 * generator and simulators), PostgreSQL, other processes and idle, from {@code /proc}. A benchmark on a shared
 * machine reports it beside its figures, so that a reader sees how much of the machine the run had.
 */
public final class CpuMeter {

    private final long servicePid;
    private final long postmasterPid;
    private final Optional<CpuUsage.Snapshot> started;

    private CpuMeter(long servicePid, long postmasterPid) {
        this.servicePid = servicePid;
        this.postmasterPid = postmasterPid;
        this.started = CpuUsage.Snapshot.take(servicePid, postmasterPid);
    }

    public static CpuMeter start(long servicePid, DataSource database) {
        return new CpuMeter(servicePid, postmasterPid(database));
    }

    public Optional<CpuUsage> stop() {
        Optional<CpuUsage.Snapshot> stopped = CpuUsage.Snapshot.take(servicePid, postmasterPid);
        return started.flatMap(b ->
                stopped.map(a -> CpuUsage.between(b, a, Runtime.getRuntime().availableProcessors())));
    }

    /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} gives them. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static long postmasterPid(DataSource database) {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return CpuUsage.Snapshot.parentOf(rs.getLong(1));
        } catch (SQLException e) {
            return -1;
        }
    }
}
