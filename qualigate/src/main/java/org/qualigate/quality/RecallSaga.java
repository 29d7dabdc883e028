package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.RegulatoryReports;
import org.qualigate.connector.TargetException;
import org.qualigate.jobs.Backoff;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

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

    private final BatchStock erp;
    private final RegulatoryReports store;
    private final Recalls recalls;
    private final BatchWork work;
    private final BatchDecisions decisions;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final QualityOutbox outbox;
    private final TransactionTemplate tx;
    private final QualitySettings settings;
    private final Clock clock;
    private final LeasedQueue queue;
    private final RecallReplanning replanning;

    RecallSaga(
            BatchStock erp,
            RegulatoryReports store,
            Recalls recalls,
            BatchWork work,
            BatchDecisions decisions,
            JdbcClient jdbc,
            AuditTrail audit,
            QualityOutbox outbox,
            TransactionTemplate tx,
            QualitySettings settings,
            Clock clock) {
        this.erp = erp;
        this.store = store;
        this.recalls = recalls;
        this.work = work;
        this.decisions = decisions;
        this.jdbc = jdbc;
        this.audit = audit;
        this.outbox = outbox;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
        this.queue = new LeasedQueue(jdbc, clock, RECALLS);
        this.replanning = new RecallReplanning(erp, recalls, work, decisions, jdbc, audit, outbox, tx, clock);
    }

    /** The key the recall's report is recorded under in the store. */
    static String reportKey(String recordId) {
        return "qualigate-recall-" + recordId;
    }

    /** Works the recalls whose next step is due; returns how many were taken. */
    public int workDue() {
        List<Lease> leases = tx.execute(s -> queue.claim(
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
                retry(lease, e.retryAfter().orElse(backoff(lease.attempts())), e.getMessage());
                log.warn("recall {} failed ({})", lease.recordId(), e.getMessage());
            } catch (RuntimeException e) {
                retry(lease, backoff(lease.attempts()), String.valueOf(e));
                log.error("recall {} failed", lease.recordId(), e);
            }
        }
        return leases == null ? 0 : leases.size();
    }

    private void work(Lease lease) {
        RecallRecord recall = recalls.find(lease.recordId(), false).orElseThrow();
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
                    "the ERP (" + erp.name() + ") holds no stock of " + recall.scope() + " in plant " + recall.plant()
                            + "; checked again every " + settings.recheckParked());
            return false;
        }
        tx.executeWithoutResult(s -> record(recall, lots));
        return true;
    }

    private void record(RecallRecord stored, List<RecallPlanChange.Found> lots) {
        RecallRecord recall = recalls.find(stored.recordId(), true).orElseThrow();
        if (recall.cancelled() || progress(recall.recordId()).plannedAt() != null) {
            return; // cancelled while the stock was read, or planned by another run: nothing to hold
        }
        Instant now = clock.instant();
        if (!RecallPlanChange.scope(recall).equals(RecallPlanChange.scope(stored))) {
            return; // its range changed while the stock was read: due again, planned for the new range
        }
        for (RecallPlanChange.Found found : lots) {
            replanning.insert(recall.recordId(), found, Timestamp.from(now));
        }
        jdbc.sql("UPDATE quality_recall SET planned_at = ?, planned_scope = ? WHERE record_id = ?")
                .params(Timestamp.from(now), RecallPlanChange.scope(recall), recall.recordId())
                .update();
        String planned =
                "recall " + recall.name() + " of " + recall.scope() + ": the ERP (" + erp.name() + ") holds stock of "
                        + lots.size() + " batches of the range; the plan blocks each and reports the recall";
        List<String> batches = lots.stream().map(f -> f.lot().batch()).toList();
        audit.append(new AuditRecord(
                Nonconformances.ACTOR,
                "quality.recall.planned",
                "recall",
                recall.name(),
                null,
                null,
                Map.of("batches", batches),
                planned,
                null));
        outbox.add(OutcomeEvent.recallStepDone(recall, "plan", planned, batches));
        lots.forEach(found -> replanning.hold(recall, found));
    }

    private void report(RecallRecord recall) {
        List<String> batches =
                recalls.plannedLots(recall.recordId()).stream().map(Lot::batch).toList();
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
        tx.executeWithoutResult(s -> recordReport(
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
        tx.executeWithoutResult(s -> recordReport(
                recall,
                report,
                "recall " + recall.name() + " was cancelled in the QMS: report " + id + " in the regulatory store ("
                        + store.name() + ") withdrawn",
                "quality.recall.report-withdrawn"));
    }

    private void recordReport(RecallRecord recall, RegulatoryReports.Report report, String why, String action) {
        int changed = jdbc.sql("""
                        UPDATE quality_recall SET report_id = ?, report_status = ?, reported_at = ?
                        WHERE record_id = ? AND report_status IS DISTINCT FROM ?""")
                .params(
                        report.reportId(),
                        report.withdrawn() ? "WITHDRAWN" : "SUBMITTED",
                        Timestamp.from(clock.instant()),
                        recall.recordId(),
                        report.withdrawn() ? "WITHDRAWN" : "SUBMITTED")
                .update();
        if (changed == 1) {
            audit.append(new AuditRecord(
                    Nonconformances.ACTOR,
                    action,
                    "recall",
                    recall.name(),
                    null,
                    null,
                    Map.of("reportId", report.reportId(), "status", report.status()),
                    why,
                    null));
            List<String> batches = recalls.plannedLots(recall.recordId()).stream()
                    .map(Lot::batch)
                    .toList();
            outbox.add(
                    report.withdrawn()
                            ? OutcomeEvent.recallStepDone(recall, "withdraw", why, batches)
                            : OutcomeEvent.recallCompleted(recall, report.reportId(), batches, why));
        }
    }

    private Progress progress(String recordId) {
        return jdbc.sql("SELECT planned_at, planned_scope, report_id, report_status FROM quality_recall"
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
        jdbc.sql("""
                        UPDATE quality_recall SET due_at = CASE WHEN version = ? THEN NULL ELSE due_at END,
                            lease_token = NULL, lease_until = NULL, attempts = 0, last_error = NULL, updated_at = ?
                        WHERE record_id = ? AND lease_token = ?""")
                .params(
                        Timestamp.from(lease.version()),
                        Timestamp.from(clock.instant()),
                        lease.recordId(),
                        lease.token())
                .update();
    }

    private void retry(Lease lease, Duration wait, String error) {
        queue.retry(List.of(lease.recordId()), lease.token(), clock.instant().plus(wait), error);
    }

    private Duration backoff(int attempts) {
        return new Backoff(settings.backoffInitial(), settings.backoffMax()).after(attempts);
    }
}
