package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.connector.RegulatoryReports;
import org.qualigate.connector.TargetException;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recall's saga, level-triggered: at each run the recall's stored state says which step is next. Open (or closed as
 * done): the plan — every batch of the range the ERP holds stock of, read from its stock — is recorded once, each
 * batch handed to the one blocking path ({@link ErpBlocking}, which blocks it while the recall holds it); then the
 * recall is reported to the regulatory store under a key of its own, so a repeat answers the first report. A
 * later version of another product or batch range finds the plan made for a scope that is no longer the recall's:
 * the plan is made again ({@link RecallReplanning}).
 * Cancelled: the report is withdrawn (found by its key if its answer was lost); the batches were given back when the
 * cancellation was received ({@link Recalls}). Failures retry with the one backoff, the error shown on the step.
 */
class RecallSaga {

    private static final Logger log = LoggerFactory.getLogger(RecallSaga.class);

    private record Lease(String recordId, UUID token, int attempts, Instant version) {}

    /** What the saga has done so far. */
    private record Progress(
            @Nullable Instant plannedAt,
            @Nullable String plannedScope,
            @Nullable String reportId,
            @Nullable String reportStatus) {}

    static final QueueTable RECALLS = QueueTable.of("quality_recall", "record_id")
            .claimableWhen("(lease_token IS NULL OR lease_until < :now)")
            .releasing("updated_at = :now")
            .errorsUpTo(1000);

    private final RecallSagaParts p;
    private final RegulatoryReports store;
    private final QualitySettings settings;
    private final LeasedQueue queue;
    private final RecallReplanning replanning;

    RecallSaga(RecallSagaParts parts, RegulatoryReports store, QualitySettings settings) {
        this.p = parts;
        this.store = store;
        this.settings = settings;
        this.queue = new LeasedQueue(parts.jdbc(), parts.clock(), RECALLS);
        this.replanning = new RecallReplanning(parts);
    }

    /** The key the recall's report is recorded under in the store. */
    static String reportKey(String recordId) {
        return "qualigate-recall-" + recordId;
    }

    /** Works the recalls whose next step is due; returns how many were taken. */
    public int workDue() {
        List<Lease> leases = p.tx().execute(s -> queue.claim(
                settings.batchSize(),
                settings.leaseFor(),
                "record_id, lease_token, attempts, version",
                (rs, n) -> new Lease(
                        rs.getString(1),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getTimestamp(4).toInstant()),
                Map.of()));
        for (Lease lease : leases == null ? List.<Lease>of() : leases) {
            try {
                work(lease);
            } catch (TargetException e) {
                retry(lease, e.retryAfter().orElse(settings.backoffAfter(lease.attempts())), e.getMessage());
                log.warn("recall {} failed ({})", lease.recordId(), e.getMessage());
            } catch (RuntimeException e) {
                retry(lease, settings.backoffAfter(lease.attempts()), String.valueOf(e));
                log.error("recall {} failed", lease.recordId(), e);
            }
        }
        return leases == null ? 0 : leases.size();
    }

    private void work(Lease lease) {
        RecallRecord recall = p.recalls().find(lease.recordId(), false).orElseThrow();
        Progress progress = progress(recall.recordId());
        if (!recall.cancelled()) {
            if (progress.plannedAt() == null) {
                if (!plan(lease, recall)) {
                    return;
                }
            } else if (!RecallPlanChange.scope(recall).equals(progress.plannedScope())) {
                replanning.replan(recall);
            }
            if (progress.reportStatus() == null) {
                report(recall);
            }
        } else if (!"WITHDRAWN".equals(progress.reportStatus())) {
            withdraw(recall, progress);
        }
        complete(lease);
    }

    /** Resolves the plan from the ERP's stock; false when the ERP holds no stock of the range (checked again later). */
    private boolean plan(Lease lease, RecallRecord recall) {
        List<RecallPlanChange.Found> lots = replanning.stockOfRange(recall);
        if (lots.isEmpty()) {
            retry(
                    lease,
                    settings.recheckParked(),
                    "the ERP (" + p.erp().name() + ") holds no stock of " + recall.scope() + " in plant "
                            + recall.plant() + "; checked again every " + settings.recheckParked());
            return false;
        }
        p.tx().executeWithoutResult(s -> record(recall, lots));
        return true;
    }

    private void record(RecallRecord stored, List<RecallPlanChange.Found> lots) {
        RecallRecord recall = p.recalls().find(stored.recordId(), true).orElseThrow();
        if (recall.cancelled() || progress(recall.recordId()).plannedAt() != null) {
            return; // cancelled while the stock was read, or planned by another run: nothing to hold
        }
        Instant now = p.clock().instant();
        if (!RecallPlanChange.scope(recall).equals(RecallPlanChange.scope(stored))) {
            return; // its range changed while the stock was read: due again, planned for the new range
        }
        for (RecallPlanChange.Found found : lots) {
            replanning.insert(recall.recordId(), found, Timestamp.from(now));
        }
        p.jdbc()
                .sql("UPDATE quality_recall SET planned_at = ?, planned_scope = ? WHERE record_id = ?")
                .params(Timestamp.from(now), RecallPlanChange.scope(recall), recall.recordId())
                .update();
        String planned = "recall " + recall.name() + " of " + recall.scope() + ": the ERP ("
                + p.erp().name() + ") holds stock of " + lots.size()
                + " batches of the range; the plan blocks each and reports the recall";
        List<String> batches = lots.stream().map(f -> f.lot().batch()).toList();
        p.audit()
                .append(new AuditRecord(
                        Nonconformances.ACTOR,
                        "quality.recall.planned",
                        "recall",
                        recall.name(),
                        null,
                        null,
                        Map.of("batches", batches),
                        planned,
                        null));
        p.outbox().add(OutcomeEvent.recallStepDone(recall, "plan", planned, batches));
        lots.forEach(found -> replanning.hold(recall, found));
    }

    private void report(RecallRecord recall) {
        List<String> batches = p.recalls().plannedLots(recall.recordId()).stream()
                .map(Lot::batch)
                .toList();
        String key = reportKey(recall.recordId());
        RegulatoryReports.Report report = store.submit(
                key,
                new RegulatoryReports.RecallReport(
                        recall.recordId(),
                        recall.name(),
                        recall.material(),
                        recall.plant(),
                        recall.recallClass(),
                        recall.reason(),
                        recall.manufacturedFrom(),
                        recall.manufacturedTo(),
                        batches));
        p.tx().executeWithoutResult(s -> recordReport(
                recall,
                report,
                "recall " + recall.name() + " of " + recall.scope() + " recorded in the regulatory store ("
                        + store.name() + ") as report " + report.reportId() + " with " + batches.size()
                        + " batches, under the key " + key,
                "quality.recall.reported"));
    }

    private void withdraw(RecallRecord recall, Progress progress) {
        String id = progress.reportId() != null
                ? progress.reportId()
                : store.find(reportKey(recall.recordId()))
                        .map(RegulatoryReports.Report::reportId)
                        .orElse(null);
        if (id == null) {
            return; // never reported: nothing to withdraw
        }
        RegulatoryReports.Report report = store.withdraw(id, "recall " + recall.name() + " was cancelled in the QMS");
        p.tx().executeWithoutResult(s -> recordReport(
                recall,
                report,
                "recall " + recall.name() + " was cancelled in the QMS: report " + id + " in the regulatory store ("
                        + store.name() + ") withdrawn",
                "quality.recall.report-withdrawn"));
    }

    private void recordReport(RecallRecord recall, RegulatoryReports.Report report, String why, String action) {
        int changed = p.jdbc()
                .sql("""
                        UPDATE quality_recall SET report_id = ?, report_status = ?, reported_at = ?
                        WHERE record_id = ? AND report_status IS DISTINCT FROM ?""")
                .params(
                        report.reportId(),
                        report.withdrawn() ? "WITHDRAWN" : "SUBMITTED",
                        Timestamp.from(p.clock().instant()),
                        recall.recordId(),
                        report.withdrawn() ? "WITHDRAWN" : "SUBMITTED")
                .update();
        if (changed == 1) {
            p.audit()
                    .append(new AuditRecord(
                            Nonconformances.ACTOR,
                            action,
                            "recall",
                            recall.name(),
                            null,
                            null,
                            Map.of("reportId", report.reportId(), "status", report.status()),
                            why,
                            null));
            List<String> batches = p.recalls().plannedLots(recall.recordId()).stream()
                    .map(Lot::batch)
                    .toList();
            p.outbox()
                    .add(
                            report.withdrawn()
                                    ? OutcomeEvent.recallStepDone(recall, "withdraw", why, batches)
                                    : OutcomeEvent.recallCompleted(recall, report.reportId(), batches, why));
        }
    }

    private Progress progress(String recordId) {
        return p.jdbc()
                .sql("SELECT planned_at, planned_scope, report_id, report_status FROM quality_recall"
                        + " WHERE record_id = ?")
                .param(recordId)
                .query((rs, n) -> new Progress(
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4)))
                .single();
    }

    /** Done; a recall changed meanwhile (a later version stored) stays due. */
    private void complete(Lease lease) {
        p.jdbc()
                .sql("""
                        UPDATE quality_recall SET due_at = CASE WHEN version = ? THEN NULL ELSE due_at END,
                            lease_token = NULL, lease_until = NULL, attempts = 0, last_error = NULL, updated_at = ?
                        WHERE record_id = ? AND lease_token = ?""")
                .params(
                        Timestamp.from(lease.version()),
                        Timestamp.from(p.clock().instant()),
                        lease.recordId(),
                        lease.token())
                .update();
    }

    private void retry(Lease lease, Duration wait, String error) {
        queue.retry(
                List.of(lease.recordId()), lease.token(), p.clock().instant().plus(wait), error);
    }
}
