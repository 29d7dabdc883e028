package org.qualigate.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Records a qualification event in the ledger: the record inserted or replaced as {@link NewerVersionWins} decides,
 * each version kept, audited and announced ({@link QualificationRecorded}) in the caller's transaction.
 */
@Repository
class QualificationRecorder {

    /**
     * The rest of the statement that inserts or replaces a record as {@code q}: the row as stored kept in the history
     * in the same statement, and returned.
     */
    private static final String KEEP_VERSION = """
            v AS (
                INSERT INTO qualification_version (qualification_id, source_version, code, level, completed_at,
                    expires_at, status, approved_by, approved_at, event_id, recorded_at, completed_original,
                    expires_original, source_code)
                SELECT id, source_version, code, level, completed_at, expires_at, status, approved_by, approved_at,
                    event_id, recorded_at, completed_original, expires_original, source_code
                FROM q)
            SELECT * FROM q""";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    QualificationRecorder(JdbcClient jdbc, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Applies the event in the caller's transaction ({@link Qualifications#apply} requires one; called once per event,
     * this method is not proxied again): a newer version replaces the record (and is audited with old and new
     * values), the same version is a duplicate, an older one is stale.
     */
    LedgerOutcome apply(QualificationEvent event, String actor, String correlationId) {
        // Most events are a record's first version: inserting first saves the lookup for them. A record already
        // stored (or being inserted by another transaction, which the insert waits for) inserts nothing and is then
        // locked and decided against, as before.
        Optional<Qualification> inserted = insert(event);
        if (inserted.isPresent()) {
            return recorded(null, inserted.get(), event, actor, correlationId);
        }
        Qualification current =
                lockBySourceRecord(event.source(), event.sourceRecordId()).orElseThrow();
        LedgerOutcome order = NewerVersionWins.decide(current, event);
        if (order != LedgerOutcome.APPLIED) {
            return order;
        }
        return recorded(current, update(current, event), event, actor, correlationId);
    }

    /** The new version (kept in the history by the statement that wrote it) audited and announced. */
    private LedgerOutcome recorded(
            @Nullable Qualification previous,
            Qualification recorded,
            QualificationEvent event,
            String actor,
            String correlationId) {
        audit.append(new AuditRecord(
                actor,
                action(event, previous),
                "qualification",
                recorded.id().toString(),
                event.employeeId().value(),
                previous == null ? null : previous.auditView(),
                recorded.auditView(),
                reason(event),
                correlationId));
        events.publishEvent(new QualificationRecorded(event.employeeId(), event.authority()));
        return LedgerOutcome.APPLIED;
    }

    /**
     * Replaces the record by the event's version, recorded now. The record also keeps when its versions were recorded
     * (V63, read by {@link Qualifications#group}): the latest instant any was recorded and the latest before that one,
     * worked out from what the row kept and this version's instant, under the row's lock. The clock may stand
     * at or before the record's latest instant (a clock set back): then the latest stays and this instant may become
     * the one before it.
     */
    private Qualification update(Qualification current, QualificationEvent event) {
        return jdbc.sql("""
                        WITH q AS (
                            UPDATE qualification SET source_version = :version, code = :code, level = :level,
                                source_code = :sourceCode, source_name = :sourceName, completed_at = :completed,
                                expires_at = :expires, completed_original = :completedOriginal,
                                expires_original = :expiresOriginal, status = :status, approved_by = :approvedBy,
                                approved_at = :approvedAt, event_id = :eventId, recorded_at = :now,
                                latest_version_at = greatest(latest_version_at, :now),
                                earlier_version_at = CASE
                                    WHEN latest_version_at < :now THEN latest_version_at
                                    WHEN latest_version_at > :now THEN greatest(earlier_version_at, :now)
                                    ELSE earlier_version_at END
                            WHERE id = :id RETURNING *),
                        """ + KEEP_VERSION)
                .param("version", event.sourceVersion())
                .param("code", event.code().value())
                .param("level", event.level())
                .param("sourceCode", event.sourceCode())
                .param("sourceName", event.sourceName())
                .param("completed", Timestamp.from(event.completedAt()))
                .param("expires", ts(event.expiresAt()))
                .param("completedOriginal", event.completedOriginal())
                .param("expiresOriginal", event.expiresOriginal())
                .param("status", status(event).name())
                .param("approvedBy", event.approvedBy())
                .param("approvedAt", ts(event.approvedAt()))
                .param("eventId", event.eventId())
                .param("now", Timestamp.from(clock.instant()))
                .param("id", current.id())
                .query(Qualifications::qualification)
                .single();
    }

    private Optional<Qualification> lockBySourceRecord(String source, String sourceRecordId) {
        return jdbc.sql("SELECT * FROM qualification WHERE source = ? AND source_record_id = ? FOR UPDATE")
                .params(source, sourceRecordId)
                .query(Qualifications::qualification)
                .optional();
    }

    /**
     * Inserts the record and its first version unless another transaction just inserted it; the row as stored, or
     * empty then. Its one version is its latest ({@code latest_version_at}); none was recorded before it.
     */
    private Optional<Qualification> insert(QualificationEvent e) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        WITH q AS (
                            INSERT INTO qualification (id, employee_id, source, source_record_id, source_version, code,
                                level, source_code, source_name, completed_at, expires_at, completed_original,
                                expires_original, status, authority, approved_by, approved_at, event_id, recorded_at,
                                latest_version_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (source, source_record_id) DO NOTHING RETURNING *),
                        """ + KEEP_VERSION)
                .params(
                        UUID.randomUUID(),
                        e.employeeId().value(),
                        e.source(),
                        e.sourceRecordId(),
                        e.sourceVersion(),
                        e.code().value(),
                        e.level(),
                        e.sourceCode(),
                        e.sourceName(),
                        Timestamp.from(e.completedAt()),
                        ts(e.expiresAt()),
                        e.completedOriginal(),
                        e.expiresOriginal(),
                        status(e).name(),
                        e.authority().name(),
                        e.approvedBy(),
                        ts(e.approvedAt()),
                        e.eventId(),
                        now,
                        now)
                .query(Qualifications::qualification)
                .optional();
    }

    private static Qualification.Status status(QualificationEvent e) {
        return e.kind() == QualificationEvent.Kind.REVOKED ? Qualification.Status.REVOKED : Qualification.Status.VALID;
    }

    private static String action(QualificationEvent e, @Nullable Qualification previous) {
        if (e.kind() == QualificationEvent.Kind.REVOKED) {
            return "qualification.revoked";
        }
        return previous == null ? "qualification.recorded" : "qualification.updated";
    }

    private static String reason(QualificationEvent e) {
        String what = switch (e.kind()) {
            case COMPLETED -> "completed";
            case UPDATED -> "updated";
            case REVOKED -> "revoked";
        };
        return e.source() + " record " + e.sourceRecordId() + " v" + e.sourceVersion() + ": " + e.code() + " " + what
                + (e.approvedBy() == null ? "" : ", approved by " + e.approvedBy());
    }

    private static @Nullable Timestamp ts(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
