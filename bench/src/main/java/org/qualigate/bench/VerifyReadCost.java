package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyOut;

/**
 * What reading the audit chain for {@code verify} costs PostgreSQL and the reading thread, per entry, for several
 * forms of the one statement: a chain of seeded entries ({@link AuditChainSeed}) read in sequence order, each form
 * run in turn (rounds alternate the forms), with the backend's CPU ticks (from {@code /proc}), the reading thread's
 * CPU time and the bytes the client received (its {@code rchar}, socket reads included) per entry. Only the
 * {@code audit_event} table is created, with its columns and primary key as the migrations leave them. Run with the
 * benchmark's class path: {@code java -cp "bench/target/classes:bench/target/lib/*"
 * org.qualigate.bench.VerifyReadCost [entries] [rounds]}.
 */
final class VerifyReadCost {

    private static final String COLUMNS = "seq, prev_hash, hash, hashed_text, %s, actor, action, entity_type,"
            + " entity_id, employee_id, old_value::text, new_value::text, reason, correlation_id, trace_id";

    private record Form(String name, String sql, Mode mode) {}

    private enum Mode {
        TEXT,
        BINARY,
        COPY
    }

    private VerifyReadCost() {}

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String all = COLUMNS.formatted("occurred_at::text");
        String raw = COLUMNS.formatted("occurred_at");
        List<Form> forms = List.of(
                new Form("cursor, text (today)", "SELECT " + all + " FROM audit_event ORDER BY seq", Mode.TEXT),
                new Form(
                        "cursor, binary seq and time", "SELECT " + raw + " FROM audit_event ORDER BY seq", Mode.BINARY),
                new Form(
                        "COPY binary",
                        "COPY (SELECT " + raw + " FROM audit_event ORDER BY seq) TO STDOUT (FORMAT binary)",
                        Mode.COPY),
                new Form("COPY text", "COPY (SELECT " + all + " FROM audit_event ORDER BY seq) TO STDOUT", Mode.COPY),
                new Form("cursor, seq only", "SELECT seq FROM audit_event ORDER BY seq", Mode.TEXT),
                new Form(
                        "cursor, without the JSON values",
                        "SELECT " + all.replace("old_value::text, new_value::text, ", "")
                                + " FROM audit_event ORDER BY seq",
                        Mode.TEXT),
                new Form(
                        "cursor, without the time",
                        "SELECT " + all.replace("occurred_at::text, ", "") + " FROM audit_event ORDER BY seq",
                        Mode.TEXT));
        try (EmbeddedPostgres postgres = BenchSupport.postgres(false, 20, "qualigate_app")) {
            DataSource database = postgres.getPostgresDatabase();
            BenchSupport.execute(database, """
                    CREATE TABLE audit_event (
                        seq bigint PRIMARY KEY, occurred_at timestamptz NOT NULL, actor text NOT NULL,
                        action text NOT NULL, entity_type text NOT NULL, entity_id text NOT NULL, employee_id text,
                        old_value jsonb, new_value jsonb, reason text, correlation_id text, prev_hash text NOT NULL,
                        hash text NOT NULL, hashed_text text, trace_id text)""");
            AuditChainSeed.append(database, entries);
            BenchSupport.execute(database, "VACUUM ANALYZE audit_event");
            System.out.printf(Locale.ROOT, "%d entries seeded; load average %s%n", entries, CpuMeter.loadAverage());
            System.out.println("| form | round | PostgreSQL µs/entry | reader µs/entry | bytes received/entry |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (int round = 1; round <= rounds; round++) {
                for (Form f : forms) {
                    Cost c = read(database, f);
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %d | %.2f | %.2f | %.1f |%n",
                            f.name(),
                            round,
                            c.backendMicros / c.rows,
                            c.readerMicros / c.rows,
                            c.bytes / (double) c.rows);
                }
            }
            System.out.printf(Locale.ROOT, "load average at the end %s%n", CpuMeter.loadAverage());
        }
        System.exit(0);
    }

    private record Cost(long rows, double backendMicros, double readerMicros, long bytes) {}

    private static Cost read(DataSource database, Form form) throws SQLException, IOException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            long backend;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
                s.execute("SET LOCAL TimeZone TO 'UTC'");
            }
            var thread = ManagementFactory.getThreadMXBean();
            long ticks0 = ticks(backend);
            long cpu0 = thread.getCurrentThreadCpuTime();
            long bytes0 = rchar();
            long rows = 0;
            if (form.mode() == Mode.COPY) {
                CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(form.sql());
                byte[] row;
                while ((row = out.readFromCopy()) != null) {
                    rows += row.length > 0 ? 1 : 0;
                }
                rows -= form.sql().contains("binary") ? 1 : 0; // the binary header arrives with the first row
                rows = Math.max(rows, 1);
            } else {
                try (PreparedStatement ps = c.prepareStatement(form.sql())) {
                    if (form.mode() == Mode.BINARY) {
                        ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
                    }
                    ps.setFetchSize(2_048);
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                rs.getBytes(i);
                            }
                            rows++;
                        }
                    }
                }
            }
            long bytes = rchar() - bytes0;
            double reader = (thread.getCurrentThreadCpuTime() - cpu0) / 1e3;
            double pg = (ticks(backend) - ticks0) * 1e6 / 100.0; // USER_HZ
            c.commit();
            return new Cost(rows, pg, reader, bytes);
        }
    }

    private static long ticks(long pid) throws IOException {
        return CpuUsage.Snapshot.ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    private static long rchar() {
        return VerifyProfile.received(ProcessHandle.current().pid());
    }
}
