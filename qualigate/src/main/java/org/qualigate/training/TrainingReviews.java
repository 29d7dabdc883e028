package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review list of the sync: records the QMS refused (with its own error code and message), HRIS records
 * held back because the QMS owns the record or the course, and people the sync gave up on (which an operator
 * can send through the sync again).
 */
@Component
public class TrainingReviews {

    /** Why an entry is on the list. */
    public enum Kind {
        REJECTED,
        AUTHORITY,
        FAILED
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TrainingQueue queue;
    private final AuditTrail audit;

    TrainingReviews(JdbcClient jdbc, Clock clock, TrainingQueue queue, AuditTrail audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.queue = queue;
        this.audit = audit;
    }

    /** What a replay request came to. */
    public enum Replay {
        /** The person is queued for the sync again. */
        REPLAYED,
        /** The entry was replayed before; nothing changed. */
        ALREADY_REPLAYED,
        /** The entry is not a person the sync gave up on (only FAILED entries can be sent again). */
        NOT_REPLAYABLE
    }

    /**
     * Sends a person the sync gave up on (a {@code FAILED} entry) through the sync again: the person's item is
     * queued now, the entry keeps who replayed it and when, and both are audited in one transaction. Empty when
     * there is no such entry.
     */
    @Transactional
    public Optional<Replay> replay(UUID id, String actor) {
        record Row(String kind, String employeeId, boolean replayed, String message) {}
        Optional<Row> row = jdbc.sql(
                        "SELECT kind, employee_id, replayed_at IS NOT NULL, message FROM training_review WHERE id = ? "
                                + "FOR UPDATE")
                .param(id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get().kind().equals(Kind.FAILED.name())) {
            return Optional.of(Replay.NOT_REPLAYABLE);
        }
        if (row.get().replayed()) {
            return Optional.of(Replay.ALREADY_REPLAYED);
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE training_review SET replayed_at = ?, replayed_by = ? WHERE id = ?")
                .params(Timestamp.from(now), actor, id)
                .update();
        queue.request(EmployeeId.of(row.get().employeeId()), now);
        audit.append(new AuditRecord(
                actor,
                "training-record.replayed",
                "training-review",
                id.toString(),
                row.get().employeeId(),
                Map.of("kind", Kind.FAILED.name()),
                Map.of("replayedAt", now.toString()),
                "sent through the QMS sync again after: " + row.get().message(),
                null));
        return Optional.of(Replay.REPLAYED);
    }

    /**
     * Adds an entry; false when the same content was already listed for the same reason. A refusal that was released
     * for sending again and is refused again is listed again (and true).
     */
    boolean add(
            Kind kind,
            EmployeeId employeeId,
            String externalId,
            @Nullable String courseCode,
            @Nullable String code,
            String contentSha256,
            @Nullable String errorCode,
            String message,
            List<String> fields,
            @Nullable String qmsRecordId) {
        return jdbc.sql("""
                                INSERT INTO training_review (id, kind, employee_id, external_id, course_code, code,
                                    content_sha256, error_code, message, fields, qms_record_id, recorded_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT (kind, external_id, content_sha256) DO UPDATE SET
                                    error_code = EXCLUDED.error_code, message = EXCLUDED.message,
                                    fields = EXCLUDED.fields, recorded_at = EXCLUDED.recorded_at,
                                    released_at = NULL, released_by = NULL, release_reason = NULL
                                WHERE training_review.released_at IS NOT NULL""")
                        .params(
                                UUID.randomUUID(),
                                kind.name(),
                                employeeId.value(),
                                externalId,
                                courseCode,
                                code,
                                contentSha256,
                                errorCode,
                                message,
                                fields.isEmpty() ? null : String.join(",", fields),
                                qmsRecordId,
                                Timestamp.from(clock.instant()))
                        .update()
                == 1;
    }

    /** Whether this exact content was refused by the QMS before (then sending it again cannot help). */
    boolean rejectedBefore(String externalId, String contentSha256) {
        return jdbc.sql("SELECT count(*) FROM training_review WHERE kind = 'REJECTED' AND external_id = ? "
                                + "AND content_sha256 = ? AND released_at IS NULL")
                        .params(externalId, contentSha256)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The QMS's error codes of the refusals that still hold records back, with how many each. */
    public Map<String, Integer> refusalsByErrorCode() {
        Map<String, Integer> codes = new java.util.TreeMap<>();
        jdbc.sql("SELECT coalesce(error_code, 'UNKNOWN'), count(*) FROM training_review WHERE kind = 'REJECTED' "
                        + "AND released_at IS NULL GROUP BY 1")
                .query((rs, n) -> codes.put(rs.getString(1), rs.getInt(2)))
                .list();
        return codes;
    }

    /** The entries, newest first, optionally for one person. */
    public List<Map<String, Object>> list(@Nullable String employeeId) {
        return jdbc.sql("SELECT * FROM training_review WHERE (?::text IS NULL OR employee_id = ?) "
                        + "ORDER BY recorded_at DESC, id LIMIT 1000")
                .params(employeeId, employeeId)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getObject("id", UUID.class));
                    m.put("kind", rs.getString("kind"));
                    m.put("employeeId", rs.getString("employee_id"));
                    m.put("externalId", rs.getString("external_id"));
                    m.put("courseCode", rs.getString("course_code"));
                    m.put("code", rs.getString("code"));
                    m.put("errorCode", rs.getString("error_code"));
                    m.put("message", rs.getString("message"));
                    String fields = rs.getString("fields");
                    m.put("fields", fields == null ? List.of() : List.of(fields.split(",")));
                    m.put("qmsRecordId", rs.getString("qms_record_id"));
                    m.put("recordedAt", rs.getTimestamp("recorded_at").toInstant());
                    Timestamp released = rs.getTimestamp("released_at");
                    m.put("releasedAt", released == null ? null : released.toInstant());
                    m.put("releasedBy", rs.getString("released_by"));
                    Timestamp replayed = rs.getTimestamp("replayed_at");
                    m.put("replayedAt", replayed == null ? null : replayed.toInstant());
                    m.put("replayedBy", rs.getString("replayed_by"));
                    return m;
                })
                .list();
    }
}
