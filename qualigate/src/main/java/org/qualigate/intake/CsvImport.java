package org.qualigate.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.SourceRecord;
import org.qualigate.faults.CrashPoints;
import org.qualigate.text.TextInput;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a CSV export of training and certification records, row by row: each row goes through the
 * same pipeline as a webhook (stored, validated, applied), a bad row is set aside with its line number
 * and reason, and the run goes on. The header names the columns of the generic contract (CONTRACT.md):
 * {@code employeeId, certificationId, completedOn, sourceRecordId} are required, {@code eventType,
 * certificationName, level, expiresOn, sourceVersion, approvedBy, approvedAt} optional. A row seen
 * before (same record and version) is a harmless duplicate, so a file can be imported twice.
 */
@Service
public class CsvImport {

    static final Set<String> REQUIRED = Set.of("employeeId", "certificationId", "completedOn", "sourceRecordId");
    static final Set<String> KNOWN = Set.of(
            "eventType",
            "employeeId",
            "certificationId",
            "certificationName",
            "level",
            "completedOn",
            "expiresOn",
            "sourceRecordId",
            "sourceVersion",
            "approvedBy",
            "approvedAt");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final IntakeService intake;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CrashPoints crash;
    private final int rowsPerTransaction;

    public CsvImport(
            IntakeService intake,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            CrashPoints crash,
            @Value("${qualigate.import.rows-per-transaction:200}") int rowsPerTransaction) {
        if (rowsPerTransaction < 1) {
            throw new IllegalArgumentException("qualigate.import.rows-per-transaction must be at least 1");
        }
        this.crash = crash;
        this.rowsPerTransaction = rowsPerTransaction;
        this.intake = intake;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Imports the file in groups of rows. The run is recorded (and audited) before the first row is read, and
     * each group of rows ({@code qualigate.import.rows-per-transaction}, default 200) is stored with its
     * rejections and the run's counts so far in one transaction; a process that dies mid-file leaves every row
     * of the groups before it with its outcome and a run without {@code finishedAt}.
     * Importing the file again finishes the job: the rows already taken are duplicates and change nothing.
     */
    public Run importFile(String source, String fileName, byte[] content, String actor) {
        return importFile(source, fileName, content, actor, (done, total) -> {});
    }

    /**
     * {@link #importFile(String, String, byte[], String)}, telling {@code rowsDone} how many data rows are done
     * (committed with their outcome) of how many; a row set aside counts as done: it is kept with its reason.
     */
    public Run importFile(
            String source,
            String fileName,
            byte[] content,
            String actor,
            java.util.function.BiConsumer<Integer, Integer> rowsDone) {
        UUID runId = UUID.randomUUID();
        String sha = IntakeService.sha256(content);
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO import_run (id, source, file_name, sha256, started_at, summary) "
                            + "VALUES (?, ?, ?, ?, ?, '{}'::jsonb)")
                    .params(runId, source, fileName, sha, Timestamp.from(clock.instant()))
                    .update();
            audit.append(new AuditRecord(
                    actor,
                    "import.started",
                    "import",
                    runId.toString(),
                    null,
                    null,
                    Map.of("source", source, "file", fileName, "sha256", sha),
                    "file import started",
                    null));
        });
        Progress progress = new Progress(runId);
        Optional<String> text = utf8(content);
        if (text.isEmpty()) {
            progress.rejectedFile(new Rejection(1, "file", "is not UTF-8 text", null));
        } else {
            importRows(source, sha, text.get(), progress, rowsDone);
        }
        Map<String, Integer> counts = progress.counts;
        counts.put("rejected", progress.rejections.size());
        Run run = new Run(runId, source, fileName, sha, counts, List.copyOf(progress.rejections));
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE import_run SET finished_at = ?, summary = ?::jsonb WHERE id = ?")
                    .params(Timestamp.from(clock.instant()), JSON.writeValueAsString(counts), runId)
                    .update();
            audit.append(new AuditRecord(
                    actor,
                    "import.finished",
                    "import",
                    runId.toString(),
                    null,
                    null,
                    Map.of("source", source, "file", fileName, "sha256", sha, "counts", counts),
                    "file imported row by row",
                    null));
        });
        return run;
    }

    private void importRows(
            String source,
            String sha,
            String text,
            Progress progress,
            java.util.function.BiConsumer<Integer, Integer> rowsDone) {
        List<CsvRows.Row> rows = CsvRows.parse(text);
        if (rows.isEmpty()) {
            progress.rejectedFile(new Rejection(1, "header", "the file is empty", null));
            return;
        }
        CsvRows.Row header = rows.getFirst();
        List<String> columns = header.fields().stream().map(String::trim).toList();
        List<String> missing =
                REQUIRED.stream().filter(c -> !columns.contains(c)).sorted().toList();
        List<String> unknown = columns.stream().filter(c -> !KNOWN.contains(c)).toList();
        if (!header.readable() || !missing.isEmpty() || !unknown.isEmpty()) {
            String why = !header.readable()
                    ? header.error()
                    : !missing.isEmpty()
                            ? "lacks the columns " + missing
                            : "has columns this import does not know: "
                                    + unknown.stream()
                                            .map(c -> TextInput.printable(c, 64))
                                            .toList()
                                    + " (known: " + KNOWN.stream().sorted().toList() + ")";
            progress.rejectedFile(new Rejection(header.line(), "header", why, null));
            return;
        }
        // Rows are committed in groups, each group's rows with their rejections and the counts so far in one
        // transaction (the intake processes them in it, as one group): a crash loses no committed row's outcome.
        List<CsvRows.Row> read = rows.subList(1, rows.size());
        rowsDone.accept(0, read.size());
        for (int from = 0; from < read.size(); from += rowsPerTransaction) {
            List<CsvRows.Row> group = read.subList(from, Math.min(from + rowsPerTransaction, read.size()));
            List<SourceRecord> records =
                    group.stream().map(row -> record(sha, row, columns)).toList();
            tx.executeWithoutResult(s -> {
                List<IntakeResult> results = intake.receiveRecords(source, records);
                for (int i = 0; i < group.size(); i++) {
                    progress.row(results.get(i), group.get(i).line());
                }
                progress.save();
            });
            crash.reached(CrashPoints.Point.AFTER_IMPORT_ROW);
            rowsDone.accept(from + group.size(), read.size());
        }
    }

    /** What the row says, or why it cannot be read; a cell is checked as sent, before any padding is trimmed. */
    private static SourceRecord record(String sha, CsvRows.Row row, List<String> columns) {
        byte[] raw = row.text().getBytes(StandardCharsets.UTF_8);
        if (!row.readable()) {
            return SourceRecord.unreadable(key(sha, row, null), raw, "text/csv", "line " + row.line(), row.error());
        }
        if (row.fields().size() != columns.size()) {
            return SourceRecord.unreadable(
                    key(sha, row, null),
                    raw,
                    "text/csv",
                    "line " + row.line(),
                    "has " + row.fields().size() + " fields, the header " + columns.size());
        }
        Map<String, String> values = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            String cell = row.fields().get(c);
            Optional<String> unusable = TextInput.refusal(cell);
            if (unusable.isPresent()) {
                return SourceRecord.unreadable(key(sha, row, null), raw, "text/csv", columns.get(c), unusable.get());
            }
            String v = cell.trim();
            if (!v.isEmpty()) {
                values.put(columns.get(c), v);
            }
        }
        return toRecord(sha, row, raw, values);
    }

    /**
     * The run as it goes: each row's outcome is counted and its rejection written in the row's transaction,
     * so what is stored never runs ahead of what the run says.
     */
    private final class Progress {
        final UUID runId;
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final List<Rejection> rejections = new ArrayList<>();

        Progress(UUID runId) {
            this.runId = runId;
        }

        /** Inside the transaction of the row's group. */
        void row(IntakeResult r, int line) {
            counts.merge("read", 1, Integer::sum);
            counts.merge(r.outcome().name().toLowerCase(), 1, Integer::sum);
            if (r.field() != null) {
                Rejection rejection = new Rejection(line, r.field(), r.reason(), r.eventId());
                insert(rejection);
                rejections.add(rejection);
            }
        }

        /** The counts so far, inside the transaction of the rows they count. */
        void save() {
            Map<String, Integer> sofar = new LinkedHashMap<>(counts);
            sofar.put("rejected", rejections.size());
            jdbc.sql("UPDATE import_run SET summary = ?::jsonb WHERE id = ?")
                    .params(JSON.writeValueAsString(sofar), runId)
                    .update();
        }

        /** A rejection of the whole file (not UTF-8, no header), in a transaction of its own. */
        void rejectedFile(Rejection rejection) {
            tx.executeWithoutResult(s -> insert(rejection));
            rejections.add(rejection);
        }

        private void insert(Rejection r) {
            jdbc.sql("INSERT INTO import_rejection (run_id, line, field, reason, event_id) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")
                    .params(runId, r.line(), r.field(), r.reason(), r.eventId())
                    .update();
        }
    }

    private static SourceRecord toRecord(String sha, CsvRows.Row row, byte[] raw, Map<String, String> v) {
        for (String required : REQUIRED) {
            if (!v.containsKey(required)) {
                return SourceRecord.unreadable(key(sha, row, null), raw, "text/csv", required, "is required");
            }
        }
        Integer level = null;
        if (v.containsKey("level")) {
            try {
                level = Integer.valueOf(v.get("level"));
            } catch (NumberFormatException e) {
                return SourceRecord.unreadable(key(sha, row, null), raw, "text/csv", "level", "must be a whole number");
            }
        }
        long version = 1;
        if (v.containsKey("sourceVersion")) {
            try {
                version = Long.parseLong(v.get("sourceVersion"));
            } catch (NumberFormatException e) {
                return SourceRecord.unreadable(
                        key(sha, row, null), raw, "text/csv", "sourceVersion", "must be a whole number");
            }
        }
        var fields = new SourceRecord.CertificationFields(
                v.getOrDefault("eventType", "certification.completed"),
                v.get("employeeId"),
                v.get("certificationId"),
                v.get("certificationName"),
                level,
                v.get("completedOn"),
                v.get("expiresOn"),
                v.get("sourceRecordId"),
                version,
                v.get("approvedBy"),
                v.get("approvedAt"));
        return SourceRecord.read(v.get("sourceRecordId") + "@" + version, raw, "text/csv", fields);
    }

    /** An unreadable row is keyed by the file and line, so the same bad file imported again is a duplicate. */
    private static String key(String sha, CsvRows.Row row, @Nullable String record) {
        return record != null ? record : "file:" + sha.substring(0, 16) + ":line:" + row.line();
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** An import run as listed: its file, when it started and finished, and its counts once finished (as stored). */
    public record ImportRun(
            UUID id,
            String source,
            String fileName,
            String sha256,
            Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable JsonNode summary) {}

    public List<ImportRun> runs(int limit) {
        return jdbc.sql("SELECT id, source, file_name, sha256, started_at, finished_at, summary::text FROM import_run "
                        + "ORDER BY started_at DESC LIMIT ?")
                .param(limit)
                .query(CsvImport::runView)
                .list();
    }

    /** One import run as {@link #runs} lists it. */
    public Optional<ImportRun> run(UUID id) {
        return jdbc.sql("SELECT id, source, file_name, sha256, started_at, finished_at, summary::text FROM import_run "
                        + "WHERE id = ?")
                .param(id)
                .query(CsvImport::runView)
                .optional();
    }

    static ImportRun runView(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ImportRun(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                rs.getString(7) == null ? null : JSON.readTree(rs.getString(7)));
    }

    public List<Rejection> rejections(UUID runId) {
        return jdbc.sql(
                        "SELECT line, field, reason, event_id FROM import_rejection WHERE run_id = ? ORDER BY line, field")
                .param(runId)
                .query((rs, n) ->
                        new Rejection(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class)))
                .list();
    }

    /** One row set aside: its line, the field at fault and why; the event that keeps it, if stored. */
    public record Rejection(
            int line, String field, String reason, @Nullable UUID eventId) {}

    /** The outcome of one import: how many rows were read, applied, duplicates, rejected, parked. */
    public record Run(
            UUID id,
            String source,
            String fileName,
            String sha256,
            Map<String, Integer> counts,
            List<Rejection> rejections) {}
}
