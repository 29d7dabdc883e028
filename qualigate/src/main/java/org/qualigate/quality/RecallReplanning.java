package org.qualigate.quality;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.connector.BatchStock;

/**
 * A recall's plan made again when the QMS changed its product or batch range after the plan was made (decision
 * 0084). The saga finds it due because the scope stored beside the plan is not the recall's: the ERP's stock of the
 * new range is read, and in one transaction the difference ({@link RecallPlanChange}) is recorded — batches newly
 * in range held (and so blocked through the one blocking path), batches no longer in range marked so (and so given
 * back by the rules unless an NC or another recall holds them) — every step audited with why. Nothing is posted
 * here: the ERP worker brings each batch in line, through its movement intents, once.
 */
class RecallReplanning {

    private final RecallSagaParts p;

    RecallReplanning(RecallSagaParts parts) {
        this.p = parts;
    }

    /** The batches of the recall's range the ERP holds stock of, read from its stock, in batch order. */
    List<RecallPlanChange.Found> stockOfRange(RecallRecord recall) {
        SortedMap<String, List<BatchStock.StockRow>> stock = p.erp().stockOfMaterial(recall.material(), recall.plant());
        List<RecallPlanChange.Found> found = new ArrayList<>();
        stock.forEach((batch, rows) -> {
            if (recall.covers(batch) && Lot.valid(recall.material(), recall.plant(), batch)) {
                found.add(new RecallPlanChange.Found(
                        new Lot(recall.material(), recall.plant(), batch),
                        rows.stream()
                                .anyMatch(r -> r.kind() == BatchStock.StockKind.UNRESTRICTED
                                        && r.quantity().compareTo(BigDecimal.ZERO) > 0)));
            }
        });
        found.sort((a, b) ->
                RecallRecord.BATCH_ORDER.compare(a.lot().batch(), b.lot().batch()));
        return found;
    }

    /** Makes the plan again for the recall's scope as read; throws when the ERP cannot be read (retried). */
    void replan(RecallRecord read) {
        List<RecallPlanChange.Found> stock = stockOfRange(read);
        p.tx().executeWithoutResult(s -> record(read, stock));
    }

    private void record(RecallRecord read, List<RecallPlanChange.Found> stock) {
        RecallRecord recall = p.recalls().find(read.recordId(), true).orElseThrow();
        String scope = RecallPlanChange.scope(recall);
        String planned = plannedScope(recall.recordId());
        if (recall.cancelled() || !scope.equals(RecallPlanChange.scope(read)) || scope.equals(planned)) {
            return; // cancelled or changed again while the stock was read (due again), or planned by another run
        }
        List<Lot> held = p.recalls().plannedLots(recall.recordId());
        RecallPlanChange change = RecallPlanChange.between(recall, held, stock);
        Timestamp now = Timestamp.from(p.clock().instant());
        for (Lot lot : change.dropped()) {
            p.jdbc()
                    .sql("UPDATE quality_recall_batch SET left_range_at = ? WHERE record_id = ? AND material = ?"
                            + " AND batch = ?")
                    .params(now, recall.recordId(), lot.material(), lot.batch())
                    .update();
        }
        for (RecallPlanChange.Found found : change.added()) {
            insert(recall.recordId(), found, now);
        }
        p.jdbc()
                .sql("UPDATE quality_recall SET planned_scope = ? WHERE record_id = ?")
                .params(scope, recall.recordId())
                .update();
        auditReplanned(recall, planned, held, change);
        for (RecallPlanChange.Found found : change.added()) {
            hold(recall, found);
        }
        for (Lot lot : change.dropped()) {
            giveBack(recall, lot);
        }
    }

    /** The replanning audited with what it added and dropped, and announced as the recall's step. */
    private void auditReplanned(
            RecallRecord recall, @Nullable String planned, List<Lot> held, RecallPlanChange change) {
        String scope = RecallPlanChange.scope(recall);
        String why = "recall " + recall.name() + " changed from " + spoken(planned) + " to " + recall.scope()
                + ": planned again from the ERP's (" + p.erp().name() + ") stock, "
                + change.added().size()
                + " batches added, " + change.dropped().size() + " no longer covered, "
                + change.kept().size()
                + " kept";
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("scope", String.valueOf(planned));
        before.put("batches", held.stream().map(Lot::batch).toList());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("scope", scope);
        after.put("added", change.added().stream().map(f -> f.lot().batch()).toList());
        after.put("dropped", change.dropped().stream().map(Lot::batch).toList());
        p.audit()
                .append(new AuditRecord(
                        Nonconformances.ACTOR,
                        "quality.recall.replanned",
                        "recall",
                        recall.name(),
                        null,
                        before,
                        after,
                        why,
                        null));
        p.outbox()
                .add(OutcomeEvent.recallStepDone(
                        recall,
                        "replan",
                        why,
                        p.recalls().plannedLots(recall.recordId()).stream()
                                .map(Lot::batch)
                                .toList()));
    }

    /** Records a batch in the plan (again in range if it had left it); a block found once stays the recall's own. */
    void insert(String recordId, RecallPlanChange.Found found, Timestamp at) {
        Lot lot = found.lot();
        p.jdbc()
                .sql("""
                        INSERT INTO quality_recall_batch (record_id, material, batch, plant, found_unrestricted,
                            planned_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (record_id, material, batch) DO UPDATE SET plant = EXCLUDED.plant,
                            left_range_at = NULL,
                            found_unrestricted = quality_recall_batch.found_unrestricted
                                OR EXCLUDED.found_unrestricted""")
                .params(recordId, lot.material(), lot.batch(), lot.plant(), found.unrestricted(), at)
                .update();
    }

    /** Hands a batch the plan holds to the blocking path with the rule's decision, audited with why. */
    void hold(RecallRecord recall, RecallPlanChange.Found found) {
        Lot lot = found.lot();
        HoldDecision decision = p.decisions().decide(lot);
        p.work().request(decision);
        p.audit()
                .append(new AuditRecord(
                        Nonconformances.ACTOR,
                        "quality.recall.batch-held",
                        "batch",
                        lot.material() + "/" + lot.batch(),
                        null,
                        null,
                        Map.of(
                                "recall", recall.name(),
                                "foundUnrestricted", found.unrestricted(),
                                "desired", decision.desired().name()),
                        decision.explanation() + (found.unrestricted() ? "" : " (the recall found it blocked already)"),
                        null));
    }

    private void giveBack(RecallRecord recall, Lot lot) {
        HoldDecision decision = p.decisions().decide(lot);
        p.work().request(decision);
        String because =
                "recall " + recall.name() + " no longer covers " + lot.spoken() + " (now " + recall.scope() + "): it ";
        p.audit().append(Recalls.compensated(recall, lot, decision, because, null));
    }

    private @Nullable String plannedScope(String recordId) {
        return p.jdbc()
                .sql("SELECT planned_scope FROM quality_recall WHERE record_id = ?")
                .param(recordId)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1)))
                .single()
                .orElse(null);
    }

    /** {@code product M batches A..B} from a stored scope, as explanations say it. */
    static String spoken(@Nullable String scope) {
        if (scope == null) {
            return "an earlier scope";
        }
        String[] parts = scope.split("\\|", -1);
        return parts.length == 4 ? "product " + parts[0] + " batches " + parts[2] + ".." + parts[3] : scope;
    }
}
