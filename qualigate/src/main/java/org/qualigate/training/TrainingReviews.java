package org.qualigate.training;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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

    /**
     * An entry of the review list: whom and which record it is about, what the QMS said (its code, message and the
     * fields it named), and when it was released or replayed (null until then).
     */
    public record Entry(
            UUID id,
            String kind,
            String employeeId,
            @Nullable String externalId,
            @Nullable String courseCode,
            @Nullable String code,
            @Nullable String errorCode,
            @Nullable String message,
            List<String> fields,
            @Nullable String qmsRecordId,
            Instant recordedAt,
            @Nullable Instant releasedAt,
            @Nullable String releasedBy,
            @Nullable Instant replayedAt,
            @Nullable String replayedBy) {}

    /** The entries, newest first, optionally for one person. */
    public List<Entry> list(@Nullable String employeeId) {
        return jdbc.sql("SELECT * FROM training_review WHERE (?::text IS NULL OR employee_id = ?) "
                        + "ORDER BY recorded_at DESC, id LIMIT 1000")
                .params(employeeId, employeeId)
                .query(TrainingReviews::entry)
                .list();
    }

    static Entry entry(ResultSet rs, int n) throws SQLException {
        String fields = rs.getString("fields");
        Timestamp released = rs.getTimestamp("released_at");
        Timestamp replayed = rs.getTimestamp("replayed_at");
        return new Entry(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getString("employee_id"),
                rs.getString("external_id"),
                rs.getString("course_code"),
                rs.getString("code"),
                rs.getString("error_code"),
                rs.getString("message"),
                fields == null ? List.of() : List.of(fields.split(",")),
                rs.getString("qms_record_id"),
                rs.getTimestamp("recorded_at").toInstant(),
                released == null ? null : released.toInstant(),
                rs.getString("released_by"),
                replayed == null ? null : replayed.toInstant(),
                rs.getString("replayed_by"));
    }
}
