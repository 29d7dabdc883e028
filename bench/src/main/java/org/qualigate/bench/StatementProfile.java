package org.qualigate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * What PostgreSQL did for a counted piece of work, from {@code pg_stat_statements}: the service's statements, the
 * rows they returned or changed, the WAL they wrote and the shared blocks they dirtied and wrote, per unit of work
 * (an accepted webhook, a delivered change). These counts do not depend on the machine's load, unlike timings.
 *
 * <p>{@link #reset} starts a count, {@link #read} ends it. Only the service's role's top-level statements are
 * counted ({@code pg_stat_statements.track = top}, so a statement's counters include what its triggers did); the
 * WAL is also given as the difference of {@code pg_current_wal_lsn()}, which covers every process (autovacuum,
 * checkpoints, the benchmark's own reads).
 */
final class StatementProfile {

    /** The server settings that load the extension: set when PostgreSQL starts. */
    static final String PRELOAD = "pg_stat_statements";

    private static final String READ = """
            SELECT s.query, s.calls, s.rows, s.total_exec_time, s.shared_blks_dirtied, s.shared_blks_written,
                   s.wal_records, s.wal_bytes
              FROM bench.pg_stat_statements s
              JOIN pg_roles r ON r.oid = s.userid
             WHERE r.rolname = ? AND s.toplevel""";

    /** One normalised statement's counters over the count. */
    record Row(
            String query,
            long calls,
            long rows,
            double totalMillis,
            long blocksDirtied,
            long blocksWritten,
            long walRecords,
            long walBytes) {

        /** {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, savepoints and {@code SET}: no work of their own. */
        boolean transactionControl() {
            String q = query.stripLeading().toUpperCase(Locale.ROOT);
            return q.startsWith("BEGIN")
                    || q.startsWith("COMMIT")
                    || q.startsWith("ROLLBACK")
                    || q.startsWith("SAVEPOINT")
                    || q.startsWith("RELEASE")
                    || q.startsWith("SET ")
                    || q.startsWith("START TRANSACTION");
        }
    }

    /**
     * The counters of one count and what they come to per unit.
     *
     * @param units the units of work counted (accepted webhooks, delivered changes); the divisor
     * @param walLsnBytes WAL written by every process between reset and read
     */
    record Counts(String unit, long units, List<Row> rows, long walLsnBytes) {

        Counts {
            if (units < 0) {
                throw new IllegalArgumentException("units must be >= 0: " + units);
            }
            rows = List.copyOf(rows);
        }

        /** Statements that did work: every call but transaction control. */
        long statements() {
            return rows.stream()
                    .filter(r -> !r.transactionControl())
                    .mapToLong(Row::calls)
                    .sum();
        }

        long rowsTouched() {
            return rows.stream().mapToLong(Row::rows).sum();
        }

        long walBytes() {
            return rows.stream().mapToLong(Row::walBytes).sum();
        }

        long walRecords() {
            return rows.stream().mapToLong(Row::walRecords).sum();
        }

        long blocksDirtied() {
            return rows.stream().mapToLong(Row::blocksDirtied).sum();
        }

        long blocksWritten() {
            return rows.stream().mapToLong(Row::blocksWritten).sum();
        }

        /** {@code total} per unit; 0 when nothing was counted. */
        double perUnit(double total) {
            return units == 0 ? 0 : total / units;
        }

        /** The {@code n} statements with the most calls, then by the most time; transaction control left out. */
        List<Row> topByCalls(int n) {
            return top(n, Row::calls);
        }

        /** The {@code n} statements that took the most time; transaction control left out. */
        List<Row> topByTime(int n) {
            return top(n, Row::totalMillis);
        }

        private List<Row> top(int n, ToDoubleFunction<Row> key) {
            return rows.stream()
                    .filter(r -> !r.transactionControl())
                    .sorted(Comparator.comparingDouble(key)
                            .reversed()
                            .thenComparing(
                                    Comparator.comparingDouble(Row::totalMillis).reversed())
                            .thenComparing(Row::query))
                    .limit(n)
                    .toList();
        }

        /** A Markdown block: the totals per unit, then the top statements by calls and by time. */
        String markdown(String title, int top) {
            StringBuilder md = new StringBuilder();
            md.append("PostgreSQL's work ").append(title).append(" (`pg_stat_statements`, the service's top-level ");
            md.append("statements; ").append(units).append(' ').append(unit).append("s):\n\n");
            md.append("| per ").append(unit).append(" | statements | rows | WAL bytes (statements) |");
            md.append(" WAL bytes (LSN, every process) | WAL records | shared blocks dirtied | written |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            md.append("| ")
                    .append(unit)
                    .append(" | ")
                    .append(format(perUnit(statements())))
                    .append(" | ")
                    .append(format(perUnit(rowsTouched())))
                    .append(" | ")
                    .append(format(perUnit(walBytes())))
                    .append(" | ")
                    .append(format(perUnit(walLsnBytes)))
                    .append(" | ")
                    .append(format(perUnit(walRecords())))
                    .append(" | ")
                    .append(format(perUnit(blocksDirtied())))
                    .append(" | ")
                    .append(format(perUnit(blocksWritten())))
                    .append(" |\n\n");
            statementTable(md, "By calls", topByCalls(top));
            statementTable(
                    md, "By time (shares of the statements' own time; not a result, only the order)", topByTime(top));
            return md.toString();
        }

        private void statementTable(StringBuilder md, String heading, List<Row> top) {
            double time = rows.stream().mapToDouble(Row::totalMillis).sum();
            md.append(heading).append(":\n\n");
            md.append("| statement | calls per ")
                    .append(unit)
                    .append(" | rows per ")
                    .append(unit)
                    .append(" | WAL bytes per ")
                    .append(unit)
                    .append(" | share of time |\n");
            md.append("|---|---:|---:|---:|---:|\n");
            for (Row r : top) {
                md.append("| `")
                        .append(shorten(r.query()))
                        .append("` | ")
                        .append(format(perUnit(r.calls())))
                        .append(" | ")
                        .append(format(perUnit(r.rows())))
                        .append(" | ")
                        .append(format(perUnit(r.walBytes())))
                        .append(" | ")
                        .append(time == 0 ? "0" : String.format(Locale.ROOT, "%.0f %%", 100 * r.totalMillis() / time))
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    private final DataSource database;
    private final String role;
    private long walAtReset;

    StatementProfile(DataSource database, String role) {
        this.database = database;
        this.role = role;
    }

    /** Empties the statistics and notes the WAL position: the count starts now. */
    void reset() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA bench");
            s.execute("SELECT bench.pg_stat_statements_reset()");
            walAtReset = wal(s);
        }
    }

    /** The counters since {@link #reset}, for {@code units} units of work. */
    Counts read(String unit, long units) throws SQLException {
        List<Row> rows = new ArrayList<>();
        long walNow;
        try (Connection c = database.getConnection()) {
            try (PreparedStatement p = c.prepareStatement(READ)) {
                p.setString(1, role);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getDouble(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getLong(8)));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                walNow = wal(s);
            }
        }
        return new Counts(unit, units, rows, walNow - walAtReset);
    }

    private static long wal(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A statement on one line, cut to 160 characters, with nothing that would end a Markdown cell or code span. */
    static String shorten(String query) {
        String line = query.replaceAll("\\s+", " ").strip().replace('|', '¦').replace('`', '\'');
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.2f", value);
    }
}
