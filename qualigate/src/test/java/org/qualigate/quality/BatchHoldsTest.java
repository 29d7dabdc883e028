package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.NonconformanceRecord;
import org.qualigate.validation.Verifies;

class BatchHoldsTest {

    private static final Lot LOT = new Lot("MAT-1", "CH10", "B0001");

    @Verifies("URS-QEV-120")
    @Test
    void anOpenNcAskingForABlockHoldsItsBatchAndSaysWhy() {
        HoldDecision d = BatchHolds.decide(LOT, List.of(anNc("NC-1").build()));

        assertThat(d.desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(d.holding()).containsExactly("NC-1");
        assertThat(d.explanation())
                .isEqualTo("batch B0001 of material MAT-1 blocked because NC-1 was raised on 2026-12-01 08:00 UTC"
                        + " and is open");
    }

    @Verifies("URS-QEV-120")
    @Test
    void closingWithReleaseFreesTheBatchAndRejectKeepsItBlocked() {
        HoldDecision released =
                BatchHolds.decide(LOT, List.of(anNc("NC-1").closed("Release").build()));
        HoldDecision rejected =
                BatchHolds.decide(LOT, List.of(anNc("NC-1").closed("Reject").build()));

        assertThat(released.desired()).isEqualTo(HoldDecision.Desired.RELEASED);
        assertThat(released.explanation()).contains("closed on 2026-12-02 09:00 UTC with disposition Release");
        assertThat(rejected.desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(rejected.explanation()).contains("with disposition Reject, which does not release stock");
    }

    @Verifies("URS-QEV-120")
    @Test
    void aReleaseDoesNotFreeABatchAnotherOpenNcStillHolds() {
        HoldDecision d = BatchHolds.decide(
                LOT,
                List.of(anNc("NC-1").closed("Release").build(), anNc("NC-2").build()));

        assertThat(d.desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(d.holding()).containsExactly("NC-2");
    }

    @Verifies("URS-QEV-120")
    @Test
    void aCancelledNcReleasesAndAClosureWithoutDispositionDoesNot() {
        assertThat(BatchHolds.decide(
                                LOT,
                                List.of(anNc("NC-1").status("Closed - Canceled").build()))
                        .desired())
                .isEqualTo(HoldDecision.Desired.RELEASED);
        assertThat(BatchHolds.decide(LOT, List.of(anNc("NC-1").closed(null).build()))
                        .desired())
                .isEqualTo(HoldDecision.Desired.BLOCKED);
    }

    @Verifies("URS-QEV-120")
    @Test
    void draftsAndNcsThatDoNotAskForABlockLeaveTheStockAlone() {
        HoldDecision d = BatchHolds.decide(
                LOT,
                List.of(
                        anNc("NC-1").status("Draft").build(),
                        anNc("NC-2").blockStock(false).build()));

        assertThat(d.desired()).isEqualTo(HoldDecision.Desired.NOT_HELD);
        assertThat(d.explanation())
                .contains("NC-1 is a draft")
                .contains("NC-2 does not ask for the stock to be blocked");
    }

    @Test
    void decidesEveryBatchTheNcsNameAndLeavesOutNcsWithoutALot() {
        var all = BatchHolds.decideAll(List.of(
                anNc("NC-1").build(),
                anNc("NC-2").batch("B0002").closed("Release").build(),
                anNc("NC-3").batch(null).build()));

        assertThat(all).hasSize(2);
        assertThat(all.get(LOT).desired()).isEqualTo(HoldDecision.Desired.BLOCKED);
        assertThat(all.get(new Lot("MAT-1", "CH10", "B0002")).desired()).isEqualTo(HoldDecision.Desired.RELEASED);
    }

    @Verifies("URS-QEV-122")
    @Test
    void theDifferenceMovesOnlyUnrestrictedStockToBlockedPerStorageLocation() {
        List<BatchStock.StockRow> rows = List.of(
                row("0001", BatchStock.StockKind.UNRESTRICTED, "120"),
                row("0002", BatchStock.StockKind.UNRESTRICTED, "30"),
                row("0001", BatchStock.StockKind.QUALITY_INSPECTION, "10"),
                row("0003", BatchStock.StockKind.BLOCKED, "5"));

        var plan = StockPlan.plan(HoldDecision.Desired.BLOCKED, rows).orElseThrow();

        assertThat(plan.direction()).isEqualTo(BatchStock.Direction.BLOCK);
        assertThat(plan.summary()).isEqualTo("120 EA in storage location 0001, 30 EA in storage location 0002");
        assertThat(StockPlan.state(rows)).isEqualTo(StockPlan.ErpState.PARTLY_BLOCKED);
    }

    @Verifies("URS-QEV-122")
    @Test
    void nothingIsPostedWhenTheErpAlreadyHoldsWhatTheRuleWants() {
        List<BatchStock.StockRow> blocked = List.of(row("0001", BatchStock.StockKind.BLOCKED, "150"));

        assertThat(StockPlan.plan(HoldDecision.Desired.BLOCKED, blocked)).isEmpty();
        assertThat(StockPlan.plan(HoldDecision.Desired.NOT_HELD, blocked)).isEmpty();
        assertThat(StockPlan.plan(HoldDecision.Desired.RELEASED, blocked)
                        .orElseThrow()
                        .direction())
                .isEqualTo(BatchStock.Direction.RELEASE);
        assertThat(StockPlan.state(List.of())).isEqualTo(StockPlan.ErpState.NOT_IN_ERP);
    }

    @Verifies("URS-QEV-122")
    @Test
    void whatTheErpHoldsAfterAPostingIsTheStockReadBeforeWithTheLinesMoved() {
        List<BatchStock.StockRow> rows = List.of(
                row("0001", BatchStock.StockKind.UNRESTRICTED, "120"),
                row("0001", BatchStock.StockKind.QUALITY_INSPECTION, "10"));
        var block = StockPlan.plan(HoldDecision.Desired.BLOCKED, rows).orElseThrow();
        var release = StockPlan.plan(
                        HoldDecision.Desired.RELEASED, List.of(row("0001", BatchStock.StockKind.BLOCKED, "5")))
                .orElseThrow();

        assertThat(StockPlan.after(rows, block)).isEqualTo(StockPlan.ErpState.BLOCKED);
        assertThat(StockPlan.after(List.of(row("0001", BatchStock.StockKind.BLOCKED, "5")), release))
                .isEqualTo(StockPlan.ErpState.UNRESTRICTED);
    }

    private static BatchStock.StockRow row(String sloc, BatchStock.StockKind kind, String qty) {
        return new BatchStock.StockRow(sloc, kind, new BigDecimal(qty), "EA");
    }

    static NcBuilder anNc(String name) {
        return new NcBuilder(name);
    }

    /** A major NC on LOT, opened 2026-12-01 08:00 UTC, asking for the stock to be blocked. */
    static final class NcBuilder {
        private final String name;
        private String status = "Opened";
        private String disposition;
        private String batch = LOT.batch();
        private boolean blockStock = true;
        private Instant closedAt;

        NcBuilder(String name) {
            this.name = name;
        }

        NcBuilder status(String status) {
            this.status = status;
            this.closedAt = status.startsWith("Closed") ? Instant.parse("2026-12-02T09:00:00Z") : null;
            return this;
        }

        NcBuilder closed(String disposition) {
            this.disposition = disposition;
            return status("Closed - Done");
        }

        NcBuilder batch(String batch) {
            this.batch = batch;
            return this;
        }

        NcBuilder blockStock(boolean blockStock) {
            this.blockStock = blockStock;
            return this;
        }

        NonconformanceRecord build() {
            return new NonconformanceRecord(
                    "a0X" + name,
                    name,
                    closedAt == null ? Instant.parse("2026-12-01T08:00:00Z") : closedAt,
                    "BSL",
                    LOT.material(),
                    LOT.plant(),
                    batch,
                    "Major",
                    status,
                    disposition,
                    blockStock,
                    Instant.parse("2026-12-01T08:00:00Z"),
                    closedAt,
                    "test");
        }
    }
}
