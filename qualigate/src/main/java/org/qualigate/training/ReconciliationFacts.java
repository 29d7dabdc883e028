package org.qualigate.training;

import java.util.List;
import java.util.Locale;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.intake.InboundEvents;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.training.ReconciliationComparison.Chunk;
import org.qualigate.training.ReconciliationComparison.HrisRecord;
import org.qualigate.training.ReconciliationComparison.LedgerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads what the reconciliation compares for a chunk of people: the HRIS's latest events (from the intake), the
 * ledger's records and what the training lists know about them; the QMS's records are read by the caller.
 */
@Component
class ReconciliationFacts {

    private final JdbcClient jdbc;
    private final Qualifications qualifications;
    private final InboundEvents inbound;

    ReconciliationFacts(JdbcClient jdbc, Qualifications qualifications, InboundEvents inbound) {
        this.jdbc = jdbc;
        this.qualifications = qualifications;
        this.inbound = inbound;
    }

    Chunk chunk(String[] ids, List<TrainingRecord> inQms) {
        List<HrisRecord> hris = inbound.latestRecordsOf(ids, TrainingTarget.OWNED_RECORDS_SOURCE).stream()
                .map(e -> new HrisRecord(
                        e.employeeId(),
                        e.source(),
                        e.sourceRecordId(),
                        e.sourceVersion(),
                        "certification.revoked".equals(e.eventType()),
                        e.outcome(),
                        e.reason()))
                .toList();
        List<LedgerRecord> ledger = qualifications.ofInSourceOrder(ids).stream()
                .map(q -> new LedgerRecord(
                        q.employeeId().value(),
                        q.evidence().source(),
                        q.evidence().sourceRecordId(),
                        q.sourceVersion(),
                        q.code().value(),
                        q.completedAt(),
                        q.expiresAt(),
                        q.status() == Qualification.Status.REVOKED,
                        q.authority().name()))
                .toList();
        return new Chunk(hris, ledger, inQms, context(ids));
    }

    private ReconciliationContext context(String[] ids) {
        ReconciliationContext c = new ReconciliationContext();
        jdbc.sql("""
                        SELECT DISTINCT ON (external_id) external_id, kind, error_code, message FROM training_review
                        WHERE employee_id = ANY(?) ORDER BY external_id, recorded_at DESC""")
                .param(ids)
                .query((rs, n) -> {
                    String code = rs.getString(3);
                    c.reviewByExternalId.put(
                            rs.getString(1),
                            "on the review list (" + rs.getString(2) + (code == null ? "" : " " + code) + "): "
                                    + rs.getString(4));
                    return 0;
                })
                .list();
        jdbc.sql("""
                        SELECT DISTINCT ON (employee_id, course_code) employee_id, course_code, id, resolution,
                            resolved_by, resolution_reason, differences
                        FROM training_conflict WHERE employee_id = ANY(?)
                        ORDER BY employee_id, course_code, detected_at DESC""")
                .param(ids)
                .query((rs, n) -> {
                    String resolution = rs.getString(4);
                    c.conflictByCourse.put(
                            rs.getString(1) + "|" + rs.getString(2),
                            resolution == null
                                    ? "conflict " + rs.getString(3) + " is open: " + rs.getString(7)
                                    : "conflict " + rs.getString(3) + " resolved " + resolution + " by "
                                            + rs.getString(5) + ": " + rs.getString(6));
                    return 0;
                })
                .list();
        jdbc.sql("SELECT employee_id, external_id FROM training_observation WHERE employee_id = ANY(?)")
                .param(ids)
                .query((rs, n) -> c.observed.add(rs.getString(1) + "|" + rs.getString(2)))
                .list();
        jdbc.sql("SELECT employee_id, due_at, attempts, last_error FROM training_sync_item WHERE employee_id = ANY(?)")
                .param(ids)
                .query((rs, n) -> {
                    String error = rs.getString(4);
                    c.pending.put(
                            rs.getString(1),
                            "the sync is pending (due " + rs.getTimestamp(2).toInstant() + ", " + rs.getInt(3)
                                    + " attempts" + (error == null ? "" : ", last error: " + error) + ")");
                    return 0;
                })
                .list();
        inbound.setAsideRecordsOf(ids, TrainingTarget.OWNED_RECORDS_SOURCE)
                .forEach(r -> c.qmsPull.put(
                        r.sourceRecordId(), "pulled but " + r.outcome().toLowerCase(Locale.ROOT) + ": " + r.reason()));
        return c;
    }
}
