package org.qualigate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.validation.Verifies;

/**
 * A service killed with {@code kill -9} leaves its embedded PostgreSQL running on the data directory. The next
 * start stops that orphan (fast shutdown) and starts its own server first time on the same data: committed
 * work is there, the killed process's open transaction is not, and the orphan is gone. A server whose owner
 * still runs is never stopped. (The time such a restart takes is measured by the fault suite, not here.)
 */
class EmbeddedPostgresRestartIT {

    @TempDir
    Path work;

    @Verifies("URS-BCP-035")
    @Test
    void aStartAfterTheServiceWasKilledStopsTheOrphanedServerAndComesUpOnTheSameDataFirstTime() throws Exception {
        Path data = work.resolve("postgres");
        String note = UUID.randomUUID().toString();
        Process service = orphanMaker(data, note);
        long orphan = postmasterPid(data);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).hasValue(true);

        service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("the killed service's database keeps running")
                .hasValue(true);

        EmbeddedPostgres restarted = EmbeddedPostgres.start(data, 0);
        try {
            // stopped: gone, or a zombie that the container's init has not reaped yet (it holds nothing)
            assertThat(ProcessHandle.of(orphan).filter(PostmasterOwner::running))
                    .isEmpty();
            assertThat(notes(restarted)).containsExactly(note + "-committed");
            assertThat(Files.readString(data.resolveSibling("postgres.owner")))
                    .startsWith(ProcessHandle.current().pid() + "\n");
        } finally {
            restarted.stop();
        }
        assertThat(data.resolveSibling("postgres.owner")).doesNotExist();
    }

    @Verifies("URS-BCP-035")
    @Test
    void aServerWhoseServiceStillRunsIsLeftAloneAndTheSecondStartIsRefused() throws Exception {
        Path data = work.resolve("postgres");
        Process service = orphanMaker(data, "alive");
        try {
            long running = postmasterPid(data);
            assertThatThrownBy(() -> EmbeddedPostgres.start(data, 0))
                    .hasMessageContaining("belongs to the running process " + service.pid());
            assertThat(ProcessHandle.of(running).map(ProcessHandle::isAlive)).hasValue(true);
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            EmbeddedPostgres.start(data, 0).stop();
        }
    }

    private static Process orphanMaker(Path data, String note) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OrphanedDatabase.class.getName());
        command.add(data.toString());
        command.add(note);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("READY")) {
                // keep draining its output, so the process never blocks on a full pipe
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
                return p;
            }
        }
        throw new IllegalStateException("the process ended before its database was ready:\n" + seen);
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
    }

    private static List<String> notes(EmbeddedPostgres postgres) throws Exception {
        List<String> notes = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgres.SUPERUSER, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT note FROM crash_note ORDER BY note")) {
            while (rs.next()) {
                notes.add(rs.getString(1));
            }
        }
        return notes;
    }
}
