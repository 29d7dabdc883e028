package org.qualigate.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
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

    public CsvImport(IntakeService intake, JdbcClient jdbc, AuditTrail audit, TransactionTemplate tx, Clock clock) {
        this.intake = intake;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    public Run importFile(String source, String fileName, byte[] content, String actor) {
        return importFile(source, fileName, content, actor, (done, total) -> {});
    }

    /**
     * Imports the file row by row, telling {@code progress} how many data rows are done of how many (a row
     * set aside counts as done: it is kept with its reason).
     */
    public Run importFile(
            String source,
            String fileName,
            byte[] content,
            String actor,
            java.util.function.BiConsumer<Integer, Integer> progress) {
        UUID runId = UUID.randomUUID();
        String sha = IntakeService.sha256(content);
        jdbc.sql("INSERT INTO import_run (id, source, file_name, sha256, started_at) VALUES (?, ?, ?, ?, ?)")
                .params(runId, source, fileName, sha, Timestamp.from(clock.instant()))
                .update();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        Optional<String> text = utf8(content);
        if (text.isEmpty()) {
            rejections.add(new Rejection(1, "file", "is not UTF-8 text", null));
        } else {
            importRows(source, fileName, sha, text.get(), counts, rejections, progress);
        }
        for (Rejection r : rejections) {
            jdbc.sql("INSERT INTO import_rejection (run_id, line, field, reason, event_id) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")
                    .params(runId, r.line(), r.field(), r.reason(), r.eventId())
                    .update();
        }
        counts.put("rejected", rejections.size());
        Run run = new Run(runId, source, fileName, sha, counts, rejections);
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
            String fileName,
            String sha,
            String text,
            Map<String, Integer> counts,
            List<Rejection> rejections,
            java.util.function.BiConsumer<Integer, Integer> progress) {
        List<CsvRows.Row> rows = CsvRows.parse(text);
        if (rows.isEmpty()) {
            rejections.add(new Rejection(1, "header", "the file is empty", null));
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
                            : "has columns this import does not know: " + unknown + " (known: "
                                    + KNOWN.stream().sorted().toList() + ")";
            rejections.add(new Rejection(header.line(), "header", why, null));
            return;
        }
        int total = rows.size() - 1;
        int done = 0;
        progress.accept(0, total);
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            progress.accept(done++, total);
            counts.merge("read", 1, Integer::sum);
            byte[] raw = row.text().getBytes(StandardCharsets.UTF_8);
            SourceRecord record;
            if (!row.readable()) {
                record = SourceRecord.unreadable(
                        key(sha, row, null), raw, "text/csv", "line " + row.line(), row.error());
            } else if (row.fields().size() != columns.size()) {
                record = SourceRecord.unreadable(
                        key(sha, row, null),
                        raw,
                        "text/csv",
                        "line " + row.line(),
                        "has " + row.fields().size() + " fields, the header " + columns.size());
            } else {
                Map<String, String> values = new HashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    String v = row.fields().get(c).trim();
                    if (!v.isEmpty()) {
                        values.put(columns.get(c), v);
                    }
                }
                record = toRecord(sha, row, raw, values);
            }
            IntakeResult r = intake.receiveRecord(source, record);
            counts.merge(r.outcome().name().toLowerCase(), 1, Integer::sum);
            if (r.field() != null) {
                rejections.add(new Rejection(row.line(), r.field(), r.reason(), r.eventId()));
            }
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

    public List<Map<String, Object>> runs(int limit) {
        return jdbc.sql("SELECT id, source, file_name, sha256, started_at, finished_at, summary::text FROM import_run "
                        + "ORDER BY started_at DESC LIMIT ?")
                .param(limit)
                .query(CsvImport::runView)
                .list();
    }

    /** One import run as {@link #runs} lists it. */
    public Optional<Map<String, Object>> run(UUID id) {
        return jdbc.sql("SELECT id, source, file_name, sha256, started_at, finished_at, summary::text FROM import_run "
                        + "WHERE id = ?")
                .param(id)
                .query(CsvImport::runView)
                .optional();
    }

    private static Map<String, Object> runView(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getObject(1, UUID.class));
        m.put("source", rs.getString(2));
        m.put("fileName", rs.getString(3));
        m.put("sha256", rs.getString(4));
        m.put("startedAt", rs.getTimestamp(5).toInstant());
        m.put(
                "finishedAt",
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant());
        m.put("summary", rs.getString(7) == null ? null : JSON.readTree(rs.getString(7)));
        return m;
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
