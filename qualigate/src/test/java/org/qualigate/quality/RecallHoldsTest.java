package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** The rule with recalls beside NCs, and the steps a recall's page shows, as pure functions. */
class RecallHoldsTest {

    private static final Lot LOT = new Lot("MAT-1", "CH10", "B0004");
    private static final Instant CANCELLED = Instant.parse("2026-12-03T10:00:00Z");

    @Verifies("URS-QEV-241")
    @Test
    void anOpenRecallHoldsTheBatchAndAnNcReleaseDoesNotFreeIt() {
        HoldDecision d = BatchHolds.decide(
                LOT,
                List.of(BatchHoldsTest.anNc("NC-1")
                        .batch("B0004")
                        .closed("Release")
                        .build()),
                List.of(recall("RCL-1", RecallHold.Stage.OPEN, true)));

        assertThat(d.desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(d.holding()).containsExactly("RCL-1");
        assertThat(d.explanation())
                .isEqualTo("batch B0004 of material MAT-1 blocked because recall RCL-1 covers product MAT-1 batches"
                        + " B0001..B0009 and is open");
    }

    @Verifies({"URS-QEV-241", "URS-QEV-244"})
    @Test
    void aCancelledRecallReleasesOnlyWhatItBlockedAndNothingElseHolds() {
        HoldDecision alone =
                BatchHolds.decide(LOT, List.of(), List.of(recall("RCL-1", RecallHold.Stage.CANCELLED, true)));
        HoldDecision withNc = BatchHolds.decide(
                LOT,
                List.of(BatchHoldsTest.anNc("NC-1").batch("B0004").build()),
                List.of(recall("RCL-1", RecallHold.Stage.CANCELLED, true)));
        HoldDecision withOtherRecall = BatchHolds.decide(
                LOT,
                List.of(),
                List.of(
                        recall("RCL-1", RecallHold.Stage.CANCELLED, true),
                        recall("RCL-2", RecallHold.Stage.OPEN, true)));
        HoldDecision foundBlocked =
                BatchHolds.decide(LOT, List.of(), List.of(recall("RCL-1", RecallHold.Stage.CANCELLED, false)));

        assertThat(alone.desired()).isEqualTo(HoldDecision.Desired.RELEASED);
        assertThat(alone.explanation())
                .isEqualTo("batch B0004 of material MAT-1 released because recall RCL-1 was cancelled on"
                        + " 2026-12-03 10:00 UTC, and no NC or recall holds it");
        assertThat(withNc.holding()).containsExactly("NC-1");
        assertThat(withOtherRecall.holding()).containsExactly("RCL-2");
        assertThat(foundBlocked.desired()).isEqualTo(HoldDecision.Desired.NOT_HELD);
        assertThat(foundBlocked.explanation()).contains("had found the batch blocked already");
    }

    @Verifies("URS-QEV-241")
    @Test
    void aRecallClosedAsDoneKeepsItsBatchesBlocked() {
        HoldDecision d = BatchHolds.decide(LOT, List.of(), List.of(recall("RCL-1", RecallHold.Stage.DONE, true)));

        assertThat(d.desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(d.explanation()).contains("was closed as done, which keeps recalled stock blocked");
    }

    @Verifies("URS-QEV-246")
    @Test
    void theStepsSayWhichBatchesAreDoneWaitingOrFailedAndWhy() {
        RecallRecord open = new RecallRecord(
                "a1R1", "RCL-1", CANCELLED, "BSL", "MAT-1", "CH10", "B0001", "B0009", null, null, "II", "OOS", "Opened",
                null, null);
        Lot done = new Lot("MAT-1", "CH10", "B0001");
        Lot failed = new Lot("MAT-1", "CH10", "B0002");
        HoldDecision blocked =
                new HoldDecision(done, HoldDecision.Desired.BLOCKED, List.of("RCL-1"), "blocked because");
        List<RecallStep> steps = RecallStep.of(
                open,
                new RecallStep.Progress(CANCELLED, RecallPlanChange.scope(open), "RR-1", "SUBMITTED", null, 0, null),
                List.of(
                        new RecallStep.PlannedBatch(
                                done, true, true, state(done, StockPlan.ErpState.BLOCKED, null), blocked),
                        new RecallStep.PlannedBatch(
                                failed,
                                true,
                                true,
                                state(failed, StockPlan.ErpState.UNRESTRICTED, "503 down"),
                                blocked)));

        assertThat(steps)
                .extracting(RecallStep::kind, RecallStep::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("plan", RecallStep.State.DONE),
                        org.assertj.core.groups.Tuple.tuple("block", RecallStep.State.DONE),
                        org.assertj.core.groups.Tuple.tuple("block", RecallStep.State.FAILED),
                        org.assertj.core.groups.Tuple.tuple("report", RecallStep.State.DONE));
        assertThat(steps.get(2).reason()).isEqualTo("503 down");
        assertThat(steps.get(2).attempts()).isEqualTo(2);
    }

    private static BatchState state(Lot lot, StockPlan.ErpState erp, String error) {
        return new BatchState(
                lot,
                HoldDecision.Desired.BLOCKED,
                "blocked because recall RCL-1 covers",
                erp,
                CANCELLED,
                null,
                null,
                error == null ? null : CANCELLED,
                error == null ? 0 : 2,
                error,
                CANCELLED);
    }

    private static RecallHold recall(String name, RecallHold.Stage stage, boolean foundUnrestricted) {
        return new RecallHold(name, "product MAT-1 batches B0001..B0009", stage, CANCELLED, foundUnrestricted);
    }
}
