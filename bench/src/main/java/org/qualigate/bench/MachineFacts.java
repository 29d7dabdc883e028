package org.qualigate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The machine a run measured: processors, memory, the JVM and the PostgreSQL with its durability settings.
 *
 * @param processors what {@code nproc} reports
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or {@code unknown}
 * @param memory total memory, e.g. {@code 23.4 GiB}
 * @param java the first and last lines of {@code java -version} of the JVM running both processes
 * @param postgres {@code SELECT version()}
 * @param durability its {@code fsync}, {@code synchronous_commit}, {@code full_page_writes} and {@code shared_buffers}
 */
public record MachineFacts(
        int processors, String cpuModel, String memory, String java, String postgres, String durability) {

    /** One line for a report: processors, CPU, memory, Java, PostgreSQL and its durability settings. */
    String line() {
        return processors + " processors (" + cpuModel + "), " + memory + " memory; Java " + java + "; PostgreSQL "
                + postgres + "; " + durability;
    }

    static MachineFacts read(DataSource database) throws SQLException {
        return new MachineFacts(
                Runtime.getRuntime().availableProcessors(),
                readCpuModel(),
                readMemory(),
                javaVersion(),
                query(database, "SELECT version()"),
                "fsync=" + query(database, "SHOW fsync") + ", synchronous_commit="
                        + query(database, "SHOW synchronous_commit") + ", full_page_writes="
                        + query(database, "SHOW full_page_writes") + ", shared_buffers="
                        + query(database, "SHOW shared_buffers"));
    }

    private static String query(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String readMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .map(kib -> String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0))
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
    }

    private static String javaVersion() {
        try {
            Process p = new ProcessBuilder(ServiceProcess.javaExecutable(), "-version")
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            p.waitFor(10, TimeUnit.SECONDS);
            return lines.isEmpty() ? "unknown" : lines.getFirst() + "; " + lines.getLast();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
