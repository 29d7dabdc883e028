package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The difference a recall's changed scope makes to its plan, as a pure function, and what the rule and the page make
 * of a batch the range no longer covers.
 */
class RecallPlanChangeTest {

    private static final Instant AT = Instant.parse("2026-12-04T09:30:00Z");

    @Verifies("URS-QEV-380")
    @Test
    void aWidenedRangeAddsTheBatchesOfItsStockThePlanDoesNotHoldAndKeepsTheRest() {
        RecallRecord widened = aRecall("MAT-1", "B03", "B08");

        RecallPlanChange change = RecallPlanChange.between(
                widened, lots("MAT-1", "B03", "B04", "B05"), found("MAT-1", "B03", "B04", "B05", "B07", "B08"));

        assertThat(change.added()).extracting(f -> f.lot().batch()).containsExactly("B07", "B08");
        assertThat(change.dropped()).isEmpty();
        assertThat(change.kept()).extracting(Lot::batch).containsExactly("B03", "B04", "B05");
    }

    @Verifies("URS-QEV-381")
    @Test
    void aNarrowedRangeDropsWhatItNoLongerCoversButNeverABatchStillInRangeWhoseStockIsGone() {
        RecallRecord narrowed = aRecall("MAT-1", "B04", "B05");

        // B05's stock is gone from the ERP (shipped), yet the range still names it
        RecallPlanChange change =
                RecallPlanChange.between(narrowed, lots("MAT-1", "B03", "B04", "B05", "B06"), found("MAT-1", "B04"));

        assertThat(change.added()).isEmpty();
        assertThat(change.dropped()).extracting(Lot::batch).containsExactly("B03", "B06");
        assertThat(change.kept()).extracting(Lot::batch).containsExactly("B04", "B05");
    }

    @Verifies("URS-QEV-381")
    @Test
    void anotherProductDropsEveryBatchOfTheFormerAndAddsTheStockOfTheNew() {
        RecallRecord moved = aRecall("MAT-2", "B03", "B04");

        RecallPlanChange change =
                RecallPlanChange.between(moved, lots("MAT-1", "B03", "B04"), found("MAT-2", "B03", "B04"));

        assertThat(change.dropped()).extracting(Lot::material).containsOnly("MAT-1");
        assertThat(change.added()).extracting(f -> f.lot().material()).containsOnly("MAT-2");
        assertThat(change.kept()).isEmpty();
        assertThat(RecallPlanChange.scope(moved)).isEqualTo("MAT-2|CH10|B03|B04");
    }

    @Verifies("URS-QEV-381")
    @Test
    void aBatchTheRangeLeftIsGivenBackOnlyIfTheRecallBlockedItAndNothingElseHoldsIt() {
        Lot lot = new Lot("MAT-1", "CH10", "B03");
        RecallHold left =
                new RecallHold("RCL-1", "product MAT-1 batches B04..B05", RecallHold.Stage.LEFT_RANGE, AT, true);
        RecallHold leftFoundBlocked =
                new RecallHold("RCL-1", "product MAT-1 batches B04..B05", RecallHold.Stage.LEFT_RANGE, AT, false);

        HoldDecision alone = BatchHolds.decide(lot, List.of(), List.of(left));
        HoldDecision withNc = BatchHolds.decide(
                lot, List.of(BatchHoldsTest.anNc("NC-7").batch("B03").build()), List.of(left));
        HoldDecision foundBlocked = BatchHolds.decide(lot, List.of(), List.of(leftFoundBlocked));

        assertThat(alone.desired()).isEqualTo(HoldDecision.Desired.RELEASED);
        assertThat(alone.explanation())
                .isEqualTo("batch B03 of material MAT-1 released because recall RCL-1 no longer covers it (now"
                        + " product MAT-1 batches B04..B05, planned again on 2026-12-04 09:30 UTC), and no NC or"
                        + " recall holds it");
        assertThat(withNc.desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(withNc.holding()).containsExactly("NC-7");
        assertThat(foundBlocked.desired()).isEqualTo(HoldDecision.Desired.NOT_HELD);
        assertThat(RecallHold.stageOf(aRecall("MAT-1", "B04", "B05"), true)).isEqualTo(RecallHold.Stage.LEFT_RANGE);
    }

    @Verifies("URS-QEV-382")
    @Test
    void thePageShowsAPlanDueAgainAndGivesBackTheBatchesTheRangeLeft() {
        RecallRecord recall = aRecall("MAT-1", "B04", "B05");
        Lot kept = new Lot("MAT-1", "CH10", "B04");
        Lot left = new Lot("MAT-1", "CH10", "B03");
        HoldDecision blocked = new HoldDecision(kept, HoldDecision.Desired.BLOCKED, List.of("RCL-1"), "blocked");
        HoldDecision released = new HoldDecision(left, HoldDecision.Desired.RELEASED, List.of(), "released");
        List<RecallStep.PlannedBatch> batches = List.of(
                new RecallStep.PlannedBatch(kept, true, true, null, blocked),
                new RecallStep.PlannedBatch(left, true, false, null, released));

        List<RecallStep> due = RecallStep.of(
                recall, new RecallStep.Progress(AT, "MAT-1|CH10|B03|B05", null, null, AT, 0, null), batches);
        List<RecallStep> planned = RecallStep.of(
                recall, new RecallStep.Progress(AT, RecallPlanChange.scope(recall), null, null, AT, 0, null), batches);

        assertThat(due).extracting(RecallStep::kind).containsExactly("plan", "replan", "block", "give-back", "report");
        assertThat(due.get(1).reason()).contains("changed from product MAT-1 batches B03..B05");
        assertThat(planned).extracting(RecallStep::kind).containsExactly("plan", "block", "give-back", "report");
    }

    private static RecallRecord aRecall(String material, String first, String last) {
        return new RecallRecord(
                "a1R1", "RCL-1", AT, "BSL", material, "CH10", first, last, null, null, "II", "OOS", "Opened", null,
                null);
    }

    private static List<Lot> lots(String material, String... batches) {
        return java.util.Arrays.stream(batches)
                .map(b -> new Lot(material, "CH10", b))
                .toList();
    }

    private static List<RecallPlanChange.Found> found(String material, String... batches) {
        return lots(material, batches).stream()
                .map(l -> new RecallPlanChange.Found(l, true))
                .toList();
    }
}
