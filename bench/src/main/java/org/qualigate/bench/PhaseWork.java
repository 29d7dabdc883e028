package org.qualigate.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What PostgreSQL did during one measured phase, in counts that do not depend on the machine's load: each of the
 * service's statements with its calls, plans, rows and shared buffers per call (and its share of the statements' own
 * time, for the order only), the autovacuum and autoanalyze runs and the checkpoints that fell inside the phase, the
 * CPU of PostgreSQL's processes by kind, and the plans {@code auto_explain} logged for statements slower than its
 * threshold. Two runs of one build that differ can be told apart by these: a different plan shows as other buffers
 * per call and another logged plan; maintenance as runs inside the phase and CPU in other processes.
 *
 * <p>The window resets {@code pg_stat_statements} when it opens (a later count resets it again) and reads it, the
 * statistics views, the processes and the server's JSON log when it closes.
 */
final class PhaseWork implements ClosedLoad.Window {

    /** The libraries the server loads for this count and {@link StatementProfile}. */
    static final String PRELOAD = StatementProfile.PRELOAD + ",auto_explain";

    /**
     * The server settings for this count: {@code auto_explain} logs, as JSON, the plan of every statement slower than
     * {@code thresholdMillis}, with the rows and buffers each node really had (per-node timing off, so it costs
     * little), into the JSON log in the data directory; {@code pg_stat_statements} also counts plannings.
     */
    static Map<String, String> serverConfig(int thresholdMillis) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("shared_preload_libraries", PRELOAD);
        config.put("pg_stat_statements.track_planning", "on");
        config.put("auto_explain.log_min_duration", thresholdMillis + "ms");
        config.put("auto_explain.log_analyze", "on");
        config.put("auto_explain.log_timing", "off");
        config.put("auto_explain.log_buffers", "on");
        config.put("auto_explain.log_format", "json");
        config.put("logging_collector", "on");
        config.put("log_destination", "jsonlog");
        config.put("log_directory", "log");
        config.put("log_filename", "postgresql.log");
        return config;
    }

    private static final String STATEMENTS = """
            SELECT s.query, s.calls, s.plans, s.rows, s.total_exec_time, s.shared_blks_hit + s.shared_blks_read
              FROM bench.pg_stat_statements s
              JOIN pg_roles r ON r.oid = s.userid
             WHERE r.rolname = ? AND s.toplevel""";

    private static final String MAINTENANCE = """
            SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_all_tables
             WHERE autovacuum_count > 0 OR autoanalyze_count > 0""";

    private static final String CHECKPOINTS = """
            SELECT c.num_timed + c.num_requested, c.buffers_written, b.buffers_clean
              FROM pg_stat_checkpointer c, pg_stat_bgwriter b""";

    /** One statement's counters over the phase. */
    record Statement(String query, long calls, long plans, long rows, double millis, long buffers) {

        double buffersPerCall() {
            return calls == 0 ? 0 : (double) buffers / calls;
        }

        double plansPerCall() {
            return calls == 0 ? 0 : (double) plans / calls;
        }

        boolean transactionControl() {
            return new StatementProfile.Row(query, calls, rows, millis, 0, 0, 0, 0).transactionControl();
        }
    }

    /** Autovacuum and autoanalyze runs per table, checkpoints and buffers written, as the counters stood. */
    record Maintenance(
            Map<String, Long> autovacuums,
            Map<String, Long> autoanalyzes,
            long checkpoints,
            long checkpointBuffers,
            long bgwriterBuffers) {

        Maintenance {
            autovacuums = java.util.Collections.unmodifiableMap(new TreeMap<>(autovacuums));
            autoanalyzes = java.util.Collections.unmodifiableMap(new TreeMap<>(autoanalyzes));
        }

        /** What happened between {@code before} and this. */
        Maintenance since(Maintenance before) {
            return new Maintenance(
                    difference(autovacuums, before.autovacuums),
                    difference(autoanalyzes, before.autoanalyzes),
                    checkpoints - before.checkpoints,
                    checkpointBuffers - before.checkpointBuffers,
                    bgwriterBuffers - before.bgwriterBuffers);
        }

        private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
            Map<String, Long> out = new TreeMap<>();
            after.forEach((table, n) -> {
                long d = n - before.getOrDefault(table, 0L);
                if (d > 0) {
                    out.put(table, d);
                }
            });
            return out;
        }

        String describe() {
            return "autovacuum " + runs(autovacuums) + "; autoanalyze " + runs(autoanalyzes) + "; checkpoints "
                    + checkpoints + " (" + checkpointBuffers + " buffers written), background writer "
                    + bgwriterBuffers + " buffers";
        }

        private static String runs(Map<String, Long> byTable) {
            if (byTable.isEmpty()) {
                return "none";
            }
            long total = byTable.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder s = new StringBuilder().append(total).append(" (");
            new TreeMap<>(byTable)
                    .forEach((t, n) -> s.append(t).append(n > 1 ? " ×" + n : "").append(", "));
            s.setLength(s.length() - 2);
            return s.append(')').toString();
        }
    }

    /** One plan {@code auto_explain} logged: the statement's text and the plan as indented lines. */
    record LoggedPlan(String query, List<String> lines) {

        LoggedPlan {
            lines = List.copyOf(lines);
        }

        /** The plan without its numbers: plans of one shape differ only in rows and buffers. */
        String shape() {
            return String.join("\n", lines.stream().map(PhaseWork::shapeOf).toList());
        }
    }

    /** Everything counted over a phase; the statements are divided by the phase's units of work when printed. */
    record Counts(
            List<Statement> statements,
            Maintenance maintenance,
            Map<String, Long> postgresTicksByKind,
            List<LoggedPlan> plans) {

        Counts {
            statements = List.copyOf(statements);
            postgresTicksByKind = Map.copyOf(postgresTicksByKind);
            plans = List.copyOf(plans);
        }

        /** Statements that did work, per unit. */
        double statementsPer(long units) {
            long calls = statements.stream()
                    .filter(s -> !s.transactionControl())
                    .mapToLong(Statement::calls)
                    .sum();
            return units == 0 ? 0 : (double) calls / units;
        }

        /** A Markdown block for the phase, per {@code unit} of which there were {@code units}. */
        String markdown(String phase, String unit, long units, int top, int plansShown) {
            StringBuilder md = new StringBuilder();
            md.append("PostgreSQL during the measured window of **")
                    .append(phase)
                    .append("** (")
                    .append(units)
                    .append(' ')
                    .append(unit)
                    .append("s; the service's top-level statements ")
                    .append(StatementProfile.format(statementsPer(units)))
                    .append(" per ")
                    .append(unit)
                    .append("):\n\n");
            md.append("- Maintenance inside the window: ")
                    .append(maintenance.describe())
                    .append('\n');
            md.append("- PostgreSQL's CPU by process: ")
                    .append(cpuShares(postgresTicksByKind))
                    .append("\n\n");
            double time = statements.stream().mapToDouble(Statement::millis).sum();
            md.append("| statement | calls per ")
                    .append(unit)
                    .append(" | plans per call | rows per call | shared buffers per call | share of time |\n");
            md.append("|---|---:|---:|---:|---:|---:|\n");
            statements.stream()
                    .filter(s -> !s.transactionControl())
                    .sorted(Comparator.comparingDouble(Statement::millis)
                            .reversed()
                            .thenComparing(Statement::query))
                    .limit(top)
                    .forEach(s -> md.append("| `")
                            .append(StatementProfile.shorten(s.query()))
                            .append("` | ")
                            .append(StatementProfile.format(units == 0 ? 0 : (double) s.calls() / units))
                            .append(" | ")
                            .append(StatementProfile.format(s.plansPerCall()))
                            .append(" | ")
                            .append(StatementProfile.format(s.calls() == 0 ? 0 : (double) s.rows() / s.calls()))
                            .append(" | ")
                            .append(StatementProfile.format(s.buffersPerCall()))
                            .append(" | ")
                            .append(time == 0 ? "0" : String.format(Locale.ROOT, "%.0f %%", 100 * s.millis() / time))
                            .append(" |\n"));
            md.append('\n');
            plansMarkdown(md, plans, plansShown);
            return md.toString();
        }
    }

    /**
     * The logged plans by statement, most logged first: how often each was logged and in how many shapes, and each
     * shape's first plan.
     */
    static void plansMarkdown(StringBuilder md, List<LoggedPlan> plans, int statementsShown) {
        if (plans.isEmpty()) {
            md.append("No plan was slow enough for `auto_explain` in the window.\n\n");
            return;
        }
        Map<String, List<LoggedPlan>> byQuery = new LinkedHashMap<>();
        for (LoggedPlan p : plans) {
            byQuery.computeIfAbsent(StatementProfile.shorten(p.query()), k -> new ArrayList<>())
                    .add(p);
        }
        List<Map.Entry<String, List<LoggedPlan>>> ranked = byQuery.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<LoggedPlan>> e) ->
                                e.getValue().size())
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(statementsShown)
                .toList();
        md.append("Plans `auto_explain` logged in the window (")
                .append(plans.size())
                .append(" slow executions of ")
                .append(byQuery.size())
                .append(" statements; rows and shared buffers as executed):\n\n");
        for (var e : ranked) {
            Map<String, LoggedPlan> shapes = new LinkedHashMap<>();
            Map<String, Integer> perShape = new HashMap<>();
            for (LoggedPlan p : e.getValue()) {
                shapes.putIfAbsent(p.shape(), p);
                perShape.merge(p.shape(), 1, Integer::sum);
            }
            md.append("- `")
                    .append(e.getKey())
                    .append("`: logged ")
                    .append(e.getValue().size())
                    .append(" times, ")
                    .append(shapes.size())
                    .append(shapes.size() == 1 ? " plan" : " plans")
                    .append('\n');
            for (var s : shapes.entrySet()) {
                md.append("\n  ").append(perShape.get(s.getKey())).append(" of them:\n\n  ```\n");
                s.getValue().lines().forEach(l -> md.append("  ").append(l).append('\n'));
                md.append("  ```\n");
            }
            md.append('\n');
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource database;
    private final String role;
    private final ClosedLoad.Window also;
    private final long postmasterPid;
    private @Nullable Maintenance before;
    private Map<Long, ProcessTicks> ticksBefore = Map.of();
    private long logOffset;
    private @Nullable Path log;
    private @Nullable Counts counts;

    PhaseWork(DataSource database, String role, long postmasterPid, ClosedLoad.Window also) {
        this.database = database;
        this.role = role;
        this.postmasterPid = postmasterPid;
        this.also = also;
    }

    @Override
    public void opened() {
        try (Connection c = database.getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA bench");
            log = logFile(s);
            logOffset = log == null ? 0 : Files.size(log);
            before = maintenance(c);
            ticksBefore = processTicks(postmasterPid);
            s.execute("SELECT bench.pg_stat_statements_reset()");
        } catch (SQLException | IOException | RuntimeException e) {
            before = null;
        }
        also.opened();
    }

    @Override
    public void closed() {
        also.closed();
        Maintenance start = before;
        if (start == null) {
            return;
        }
        try (Connection c = database.getConnection()) {
            Map<Long, ProcessTicks> ticksAfter = processTicks(postmasterPid);
            List<Statement> statements = statements(c);
            Maintenance during = maintenance(c).since(start);
            List<LoggedPlan> plans = log == null ? List.of() : plans(readFrom(log, logOffset), role);
            counts = new Counts(statements, during, ticksByKind(ticksBefore, ticksAfter), plans);
        } catch (SQLException | IOException | RuntimeException e) {
            counts = null;
        }
    }

    Optional<Counts> counts() {
        return Optional.ofNullable(counts);
    }

    private List<Statement> statements(Connection c) throws SQLException {
        List<Statement> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(STATEMENTS)) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Statement(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getDouble(5),
                            rs.getLong(6)));
                }
            }
        }
        return rows;
    }

    private static Maintenance maintenance(Connection c) throws SQLException {
        Map<String, Long> vacuums = new HashMap<>();
        Map<String, Long> analyzes = new HashMap<>();
        try (java.sql.Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(MAINTENANCE)) {
                while (rs.next()) {
                    vacuums.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    analyzes.merge(rs.getString(1), rs.getLong(3), Long::sum);
                }
            }
            try (ResultSet rs = s.executeQuery(CHECKPOINTS)) {
                rs.next();
                return new Maintenance(vacuums, analyzes, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private static @Nullable Path logFile(java.sql.Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT current_setting('data_directory'), pg_current_logfile('jsonlog')")) {
            rs.next();
            String file = rs.getString(2);
            return file == null ? null : Path.of(rs.getString(1)).resolve(file);
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[Math.toIntExact(Math.min(length - offset, 64L << 20))];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * The plans of {@code role}'s statements in a piece of the server's JSON log: one entry a line, the plan as JSON
     * after {@code plan:}.
     */
    static List<LoggedPlan> plans(String jsonLog, String role) {
        List<LoggedPlan> plans = new ArrayList<>();
        for (String line : jsonLog.split("\n")) {
            if (!line.startsWith("{") || !line.contains("plan:")) {
                continue;
            }
            try {
                JsonNode entry = JSON.readTree(line);
                if (!entry.path("user").asString("").equals(role)) {
                    continue;
                }
                String message = entry.path("message").asString("");
                int at = message.indexOf("plan:");
                if (!message.startsWith("duration:") || at < 0) {
                    continue;
                }
                JsonNode explained = JSON.readTree(message.substring(at + "plan:".length()));
                List<String> lines = new ArrayList<>();
                render(explained.path("Plan"), 0, lines);
                plans.add(new LoggedPlan(explained.path("Query Text").asString(""), lines));
            } catch (JacksonException e) {
                // a line cut at the window's end, or another message that mentions a plan
            }
        }
        return plans;
    }

    private static final List<String> CONDITIONS =
            List.of("Index Cond", "Hash Cond", "Merge Cond", "Join Filter", "Recheck Cond", "Filter");

    /** A plan node on one line, its children indented below it. */
    static void render(JsonNode node, int depth, List<String> out) {
        StringBuilder s = new StringBuilder("  ".repeat(depth));
        if (depth > 0) {
            s.append("-> ");
        }
        String relationship = node.path("Subplan Name").asString("");
        if (!relationship.isEmpty()) {
            s.append('[').append(relationship).append("] ");
        }
        s.append(node.path("Node Type").asString("?"));
        String strategy = node.path("Strategy").asString("");
        if (!strategy.isEmpty() && !strategy.equals("Plain")) {
            s.append(" (").append(strategy).append(')');
        }
        text(node, "Index Name").ifPresent(i -> s.append(" using ").append(i));
        text(node, "Relation Name")
                .or(() -> text(node, "Function Name"))
                .ifPresent(r -> s.append(" on ").append(r));
        text(node, "Alias").ifPresent(a -> s.append(' ').append(a));
        s.append(" (estimated rows=")
                .append(number(node.path("Plan Rows")))
                .append(", actual rows=")
                .append(number(node.path("Actual Rows")))
                .append(" loops=")
                .append(number(node.path("Actual Loops")))
                .append(", shared hit=")
                .append(number(node.path("Shared Hit Blocks")))
                .append(" read=")
                .append(number(node.path("Shared Read Blocks")))
                .append(')');
        for (String c : CONDITIONS) {
            text(node, c).ifPresent(v -> s.append(" ").append(c).append(": ").append(v));
        }
        out.add(s.toString());
        for (JsonNode child : node.path("Plans")) {
            render(child, depth + 1, out);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asString().isEmpty() ? Optional.empty() : Optional.of(v.asString());
    }

    private static String number(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return "?";
        }
        double v = n.asDouble();
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A rendered plan line without its counts and constants: {@code (estimated rows=…)} and literals removed. */
    static String shapeOf(String line) {
        return line.replaceAll("\\(estimated rows=[^)]*\\)", "")
                .replaceAll("'[^']*'", "'…'")
                .stripTrailing();
    }

    /** A PostgreSQL process's kind (from its title) and CPU ticks. */
    record ProcessTicks(String kind, long ticks) {}

    /** What each kind of process used between two readings; a process that ended in between is not counted. */
    static Map<String, Long> ticksByKind(Map<Long, ProcessTicks> before, Map<Long, ProcessTicks> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((pid, t) -> {
            ProcessTicks b = before.get(pid);
            long used = Math.max(0, t.ticks() - (b == null || !b.kind().equals(t.kind()) ? 0 : b.ticks()));
            out.merge(t.kind(), used, Long::sum);
        });
        return out;
    }

    /** Each kind's share of the ticks, largest first, e.g. {@code client backend 92 %, autovacuum worker 6 %}. */
    static String cpuShares(Map<String, Long> ticksByKind) {
        long total = ticksByKind.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "not measured";
        }
        StringBuilder s = new StringBuilder();
        ticksByKind.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .forEach(e -> s.append(e.getKey())
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%.0f %%", 100.0 * e.getValue() / total))
                        .append(", "));
        s.setLength(s.length() - 2);
        return s.append(" (of ").append(total).append(" ticks)").toString();
    }

    /**
     * The kind of a PostgreSQL process from its title ({@code postgres: autovacuum worker}, {@code postgres:
     * qualigate_app postgres 127.0.0.1(5432) idle}): a session of a role is a client backend.
     */
    static String kindOf(String title) {
        String t = title.replace('\0', ' ').strip();
        if (!t.startsWith("postgres:")) {
            return "postmaster";
        }
        String rest = t.substring("postgres:".length()).strip();
        for (String kind : List.of(
                "autovacuum launcher",
                "autovacuum worker",
                "checkpointer",
                "background writer",
                "walwriter",
                "logger",
                "io worker",
                "logical replication launcher",
                "walsummarizer")) {
            if (rest.startsWith(kind)) {
                return kind;
            }
        }
        return "client backend";
    }

    private static Map<Long, ProcessTicks> processTicks(long postmasterPid) {
        Map<Long, ProcessTicks> out = new HashMap<>();
        if (postmasterPid <= 0) {
            return out;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    long pid = Long.parseLong(name);
                    if (pid != postmasterPid && CpuUsage.Snapshot.parentOf(stat) != postmasterPid) {
                        continue;
                    }
                    String title = Files.readString(p.resolve("cmdline"));
                    out.put(pid, new ProcessTicks(kindOf(title), CpuUsage.Snapshot.ticksOf(stat)));
                } catch (IOException | RuntimeException e) {
                    // the process ended between listing and reading
                }
            }
        } catch (IOException e) {
            // not Linux: no figures
        }
        return out;
    }
}
