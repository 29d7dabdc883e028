package org.qualigate.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.TargetException;
import org.qualigate.faults.CrashPoints;
import org.qualigate.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings each batch's stock in the ERP in line with the rule, level-triggered: the decision is made again from the
 * stored NCs and recall plans when the batch is worked, the ERP's stock is read, and only the difference is posted. A posting is
 * never made twice: an intent is committed before the call, and an intent left by a lost answer or a crash is
 * resolved first by looking its header text up in the ERP; the stock read before every posting does the rest. A batch
 * the ERP does not know is parked with the reason and checked again later; every block, release and park is audited
 * in the transaction that records it, with the rule's explanation.
 */
class ErpBlocking {

    private static final Logger log = LoggerFactory.getLogger(ErpBlocking.class);

    private final BatchStock erp;
    private final BatchDecisions decisions;
    private final BatchWork work;
    private final MovementIntents intents;
    private final QualitySla sla;
    private final AuditTrail audit;
    private final QualityOutbox outbox;
    private final TransactionTemplate tx;
    private final QualitySettings settings;
    private final CrashPoints crash;
    private final Clock clock;

    ErpBlocking(
            BatchStock erp,
            BatchDecisions decisions,
            BatchWork work,
            MovementIntents intents,
            QualitySla sla,
            AuditTrail audit,
            QualityOutbox outbox,
            TransactionTemplate tx,
            QualitySettings settings,
            CrashPoints crash,
            Clock clock) {
        this.erp = erp;
        this.decisions = decisions;
        this.work = work;
        this.intents = intents;
        this.sla = sla;
        this.audit = audit;
        this.outbox = outbox;
        this.tx = tx;
        this.settings = settings;
        this.crash = crash;
        this.clock = clock;
    }

    /**
     * This worker with other crash points, everything else the same (its settings and collaborators): how a fault
     * test puts a crash in the path.
     */
    ErpBlocking with(CrashPoints crashPoints) {
        return new ErpBlocking(erp, decisions, work, intents, sla, audit, outbox, tx, settings, crashPoints, clock);
    }

    /**
     * Works the batches that are due now, up to {@code parallelism} at once (each batch is leased by one worker, so
     * batches are independent; the ERP's and the database's round trips overlap); returns how many were taken.
     */
    public int workDue() {
        List<BatchWork.Lease> leases = work.lease(settings.batchSize(), settings.leaseFor());
        if (leases.size() <= 1) {
            leases.forEach(this::workOne);
            return leases.size();
        }
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(leases.size(), settings.parallelism()),
                Thread.ofVirtual().name("quality-batch-", 0).factory())) {
            for (BatchWork.Lease lease : leases) {
                running.add(pool.submit(() -> workOne(lease)));
            }
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // only an Error gets here (a halt played by a test, out of memory): it ends the run as it would alone
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return leases.size();
    }

    private void workOne(BatchWork.Lease lease) {
        // the batch is worked under the trace of the request it carries (decision 0065)
        try (var trace = Traces.open(lease.traceparent())) {
            workOneTraced(lease);
        }
    }

    private void workOneTraced(BatchWork.Lease lease) {
        try {
            work(lease);
        } catch (TargetException e) {
            Duration wait = e.retryAfter().orElse(settings.backoffAfter(lease.attempts()));
            work.retry(lease, clock.instant().plus(wait), e.getMessage());
            log.warn("ERP work on {} failed ({}), again in {}", lease.lot().spoken(), e.getMessage(), wait);
        } catch (RuntimeException e) {
            work.retry(lease, clock.instant().plus(settings.backoffAfter(lease.attempts())), String.valueOf(e));
            log.error("ERP work on {} failed", lease.lot().spoken(), e);
        }
    }

    private void work(BatchWork.Lease lease) {
        Lot lot = lease.lot();
        boolean recovered = recover(lot);
        HoldDecision decision = decisions.decide(lot);
        if (decision.desired() == HoldDecision.Desired.NOT_HELD) {
            tx.executeWithoutResult(s -> {
                unparkIfParked(lease, decision, "no NC holds the batch any more");
                work.complete(lease, decision, null, true);
            });
            return;
        }
        List<BatchStock.StockRow> rows = erp.stockOf(lot.material(), lot.plant(), lot.batch());
        StockPlan.ErpState state = StockPlan.state(rows);
        if (rows.isEmpty() && decision.desired() == HoldDecision.Desired.BLOCKED) {
            park(
                    lease,
                    decision,
                    "the ERP (" + erp.name() + ") reports no stock of " + lot.spoken() + " in plant " + lot.plant()
                            + ": the batch is unknown there, or has no stock to block",
                    state);
            return;
        }
        Optional<StockPlan.Posting> plan = StockPlan.plan(decision.desired(), rows);
        if (plan.isEmpty()) {
            tx.executeWithoutResult(s -> {
                unparkIfParked(lease, decision, "the ERP holds the batch as the rule wants");
                sla.met(interfaceOf(decision), lot, !recovered);
                work.complete(lease, decision, state, true);
            });
            return;
        }
        post(lease, decision, plan.get(), rows);
    }

    private void post(
            BatchWork.Lease lease, HoldDecision decision, StockPlan.Posting posting, List<BatchStock.StockRow> rows) {
        Lot lot = lease.lot();
        MovementIntents.Intent intent =
                new MovementIntents.Intent(intents.nextHeaderText(), lot, posting, decision.explanation());
        intents.record(intent);
        BatchStock.Posting outcome = erp.post(new BatchStock.Movement(
                lot.material(),
                lot.plant(),
                lot.batch(),
                posting.direction(),
                posting.lines(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                decision.holding().isEmpty() ? "QUALIGATE" : decision.holding().getFirst(),
                intent.headerText()));
        crash.reached(CrashPoints.Point.AFTER_ERP_POST);
        switch (outcome) {
            case BatchStock.Posting.Posted posted -> {
                // the ERP took every line or none: what it holds now is the stock read just before, moved
                StockPlan.ErpState after = StockPlan.after(rows, posting);
                tx.executeWithoutResult(s -> {
                    auditMovement(intent, posted, lease.erpState(), after, false);
                    intents.done(intent.headerText());
                    unparkIfParked(lease, decision, "the ERP took the posting");
                    sla.met(interfaceOf(decision), lot, false);
                    work.complete(lease, decision, after, true);
                });
            }
            case BatchStock.Posting.Refused refused -> {
                tx.executeWithoutResult(s -> intents.done(intent.headerText()));
                park(
                        lease,
                        decision,
                        "the ERP (" + erp.name() + ") refused the "
                                + posting.direction().name().toLowerCase()
                                + " posting of " + lot.spoken() + " in plant " + lot.plant() + ": " + refused.code()
                                + " " + refused.message(),
                        lease.erpState());
            }
        }
    }

    /**
     * Resolves the batch's open intents: a document with the intent's header text in the ERP was posted (its answer
     * lost, or the process died before recording it) and is audited now; none means it was never posted.
     */
    private boolean recover(Lot lot) {
        boolean any = false;
        for (MovementIntents.Intent intent : intents.of(lot)) {
            Optional<BatchStock.Posting.Posted> found = erp.findByHeaderText(intent.headerText());
            tx.executeWithoutResult(s -> {
                found.ifPresent(posted -> auditMovement(intent, posted, StockPlan.ErpState.UNKNOWN, null, true));
                intents.done(intent.headerText());
            });
            any |= found.isPresent();
        }
        return any;
    }

    private void auditMovement(
            MovementIntents.Intent intent,
            BatchStock.Posting.Posted posted,
            StockPlan.ErpState before,
            StockPlan.@Nullable ErpState after,
            boolean recovered) {
        boolean block = intent.posting().direction() == BatchStock.Direction.BLOCK;
        Map<String, Object> newValue = new LinkedHashMap<>();
        newValue.put("erp", erp.name());
        newValue.put("materialDocument", posted.document());
        newValue.put("materialDocumentYear", posted.year());
        newValue.put("movementType", block ? "344" : "343");
        newValue.put("moved", intent.posting().summary());
        newValue.put("headerText", intent.headerText());
        if (after != null) {
            newValue.put("erpState", after.name());
        }
        audit.append(new AuditRecord(
                Nonconformances.ACTOR,
                block ? "quality.batch.blocked" : "quality.batch.unblocked",
                "batch",
                intent.lot().material() + "/" + intent.lot().batch(),
                null,
                Map.of("erpState", before.name()),
                newValue,
                intent.explanation() + " (material document " + posted.document() + "/" + posted.year() + ", movement "
                        + (block ? "344" : "343") + ": " + intent.posting().summary() + ")"
                        + (recovered
                                ? "; the ERP's answer was lost and the document was found by its header text"
                                : ""),
                intent.headerText()));
        outbox.add(OutcomeEvent.batchMoved(
                intent.lot(),
                block,
                erp.name(),
                posted.document(),
                posted.year(),
                intent.posting().summary(),
                intent.explanation(),
                recovered));
    }

    private void park(BatchWork.Lease lease, HoldDecision decision, String reason, StockPlan.ErpState state) {
        Instant recheck = clock.instant().plus(settings.recheckParked());
        tx.executeWithoutResult(s -> {
            if (!lease.parked()) {
                audit.append(new AuditRecord(
                        Nonconformances.ACTOR,
                        "quality.batch.parked",
                        "batch",
                        lease.lot().material() + "/" + lease.lot().batch(),
                        null,
                        null,
                        Map.of("parkedReason", reason, "recheckAt", recheck.toString()),
                        decision.explanation() + ", but it is parked: " + reason + "; checked again every "
                                + settings.recheckParked(),
                        null));
            }
            work.park(lease, reason, state, recheck);
        });
    }

    private void unparkIfParked(BatchWork.Lease lease, HoldDecision decision, String why) {
        if (!lease.parked()) {
            return;
        }
        audit.append(new AuditRecord(
                Nonconformances.ACTOR,
                "quality.batch.unparked",
                "batch",
                lease.lot().material() + "/" + lease.lot().batch(),
                null,
                null,
                Map.of("desired", decision.desired().name()),
                "no longer parked: " + why + "; " + decision.explanation(),
                null));
    }

    private static QualitySla.Interface interfaceOf(HoldDecision decision) {
        return decision.desired() == HoldDecision.Desired.RELEASED
                ? QualitySla.Interface.ERP_RELEASE
                : QualitySla.Interface.ERP_BLOCK;
    }
}
