package org.qualigate.quality;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recalls the QMS sent, and their plans. A recall is replaced only by a later version (as an NC is), audited,
 * and made due for its saga ({@link RecallSaga}), which resolves the plan and reports it. Every change re-decides
 * the batches the plan holds in the same transaction; a cancellation audits, batch by batch, whether the batch is
 * given back or stays blocked for another reason.
 */
@Component
class Recalls {

    /** The columns {@link #record} reads, of {@code quality_recall} aliased {@code r}. */
    static final String COLUMNS = "r.record_id, r.name, r.version, r.site, r.material, r.plant, r.first_batch, "
            + "r.last_batch, r.made_from, r.made_to, r.recall_class, r.reason, r.status, r.opened_at, r.closed_at";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final QualityOutbox outbox;
    private final BatchWork work;
    private final BatchDecisions decisions;
    private final Clock clock;

    Recalls(
            JdbcClient jdbc,
            AuditTrail audit,
            QualityOutbox outbox,
            BatchWork work,
            BatchDecisions decisions,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.outbox = outbox;
        this.work = work;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** Applies a recall event stored as {@code eventId} (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    QualityIntakeResult apply(UUID eventId, RecallRecord recall) {
        return apply(eventId, recall, "received by signed webhook");
    }

    /** Applies a recall stored as {@code eventId}, {@code how} it came (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    QualityIntakeResult apply(UUID eventId, RecallRecord recall, String how) {
        Optional<RecallRecord> before = find(recall.recordId(), true);
        Optional<QualityIntakeResult> notNewer = QualityIntakeResult.unlessNewer(
                eventId, recall.version(), before.map(RecallRecord::version).orElse(null));
        if (notNewer.isPresent()) {
            return notNewer.get();
        }
        store(eventId, recall);
        audit.append(new AuditRecord(
                Nonconformances.ACTOR,
                "quality.recall.recorded",
                "recall",
                recall.name(),
                null,
                before.map(Recalls::summary).orElse(null),
                summary(recall),
                "recall " + recall.name() + " of " + recall.scope() + " " + how + ", version " + recall.version()
                        + ", status " + recall.status(),
                eventId.toString()));
        boolean cancelledNow =
                recall.cancelled() && before.map(b -> !b.cancelled()).orElse(true);
        Map<String, String> givenBack = new java.util.LinkedHashMap<>();
        for (Lot lot : plannedLots(recall.recordId())) {
            HoldDecision decision = decisions.decide(lot);
            work.request(decision);
            if (cancelledNow) {
                auditGivenBack(recall, lot, decision, eventId);
                givenBack.put(lot.batch(), decision.desired().name());
            }
        }
        if (cancelledNow) {
            outbox.add(OutcomeEvent.recallCancelled(recall, givenBack));
        }
        return new QualityIntakeResult(eventId, QualityIntakeResult.Outcome.APPLIED, null, null);
    }

    /** Stores the recall's version and makes its saga due now. */
    private void store(UUID eventId, RecallRecord recall) {
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO quality_recall (record_id, name, version, site, material, plant, first_batch,
                            last_batch, made_from, made_to, recall_class, reason, status, opened_at, closed_at, event_id,
                            received_at, due_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (record_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version,
                            site = EXCLUDED.site, material = EXCLUDED.material, plant = EXCLUDED.plant,
                            first_batch = EXCLUDED.first_batch, last_batch = EXCLUDED.last_batch,
                            made_from = EXCLUDED.made_from, made_to = EXCLUDED.made_to,
                            recall_class = EXCLUDED.recall_class, reason = EXCLUDED.reason, status = EXCLUDED.status,
                            opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at,
                            event_id = EXCLUDED.event_id, received_at = EXCLUDED.received_at,
                            due_at = EXCLUDED.due_at, updated_at = EXCLUDED.updated_at""")
                .params(
                        recall.recordId(),
                        recall.name(),
                        Timestamp.from(recall.version()),
                        recall.site(),
                        recall.material(),
                        recall.plant(),
                        recall.firstBatch(),
                        recall.lastBatch(),
                        date(recall.manufacturedFrom()),
                        date(recall.manufacturedTo()),
                        recall.recallClass(),
                        recall.reason(),
                        recall.status(),
                        timestamp(recall.openedAt()),
                        timestamp(recall.closedAt()),
                        eventId,
                        Timestamp.from(now),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
    }

    /** The recall by record id or name; {@code lock} locks its row. */
    Optional<RecallRecord> find(String idOrName, boolean lock) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM quality_recall r WHERE r.record_id = ? OR r.name = ?"
                        + " ORDER BY (r.record_id = ?) DESC LIMIT 1" + (lock ? " FOR UPDATE" : ""))
                .params(idOrName, idOrName, idOrName)
                .query(Recalls::record)
                .optional();
    }

    /** The lots of the recall's plan its range still covers, in batch order. */
    List<Lot> plannedLots(String recordId) {
        return jdbc.sql("SELECT material, plant, batch FROM quality_recall_batch WHERE record_id = ?"
                        + " AND left_range_at IS NULL ORDER BY length(batch), batch")
                .param(recordId)
                .query((rs, n) -> new Lot(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    private void auditGivenBack(RecallRecord recall, Lot lot, HoldDecision decision, UUID eventId) {
        audit.append(compensated(
                recall,
                lot,
                decision,
                "recall " + recall.name() + " was cancelled: " + lot.spoken() + " ",
                eventId.toString()));
    }

    /**
     * The audit record of a batch a recall no longer holds (cancelled, or its range narrowed): what the rule decided
     * for it — it stays blocked for another reason, is given back, or is left as the recall found it — after {@code
     * because}, which names the recall, what changed and the batch.
     */
    static AuditRecord compensated(
            RecallRecord recall, Lot lot, HoldDecision decision, String because, @Nullable String correlationId) {
        return new AuditRecord(
                Nonconformances.ACTOR,
                "quality.recall.compensated",
                "batch",
                lot.material() + "/" + lot.batch(),
                null,
                Map.of("recall", recall.name()),
                Map.of("desired", decision.desired().name()),
                because
                        + switch (decision.desired()) {
                            case BLOCKED -> "stays blocked, because another reason holds it: ";
                            case RELEASED -> "is given back to unrestricted use: ";
                            case NOT_HELD -> "is left as the recall found it: ";
                        }
                        + decision.explanation(),
                correlationId);
    }

    static RecallRecord record(ResultSet rs, int n) throws SQLException {
        return new RecallRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate(),
                rs.getDate(10) == null ? null : rs.getDate(10).toLocalDate(),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant(),
                rs.getTimestamp(15) == null ? null : rs.getTimestamp(15).toInstant());
    }

    /** The audit entry's old and new value of a recorded recall: a map, because its bytes are hashed into the chain. */
    private static Map<String, Object> summary(RecallRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", r.recordId());
        m.put("version", r.version().toString());
        m.put("status", r.status());
        m.put("material", r.material());
        m.put("plant", r.plant());
        m.put("firstBatch", r.firstBatch());
        m.put("lastBatch", r.lastBatch());
        m.put("recallClass", r.recallClass());
        return m;
    }

    private static @Nullable Date date(@Nullable LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
