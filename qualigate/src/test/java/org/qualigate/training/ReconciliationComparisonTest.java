package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.QualificationCode;
import org.qualigate.training.ReconciliationComparison.HrisRecord;
import org.qualigate.training.ReconciliationComparison.LedgerRecord;
import org.qualigate.training.TrainingReconciliation.Item;
import org.qualigate.training.TrainingReconciliation.Kind;

/** The three-way comparison (HRIS, ledger, QMS) on values, without a database. */
class ReconciliationComparisonTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    // 23:30 UTC on 1 March is 2 March in Basel: the QMS's day is the site's day
    private static final Instant COMPLETED = Instant.parse("2026-03-01T23:30:00Z");

    private final ReconciliationComparison comparison = new ReconciliationComparison(
            Map.of(QualificationCode.of("GMP-201"), "TW-GMP-201"), Set.of("MANUAL"), "QUALIGATE", true, BASEL);

    private final List<HrisRecord> hris = new ArrayList<>();
    private final List<LedgerRecord> ledger = new ArrayList<>();
    private final List<TrainingRecord> qms = new ArrayList<>();
    private final ReconciliationContext context = new ReconciliationContext();

    @Test
    void threeSidesThatAgreeAreCountedAsMatchedAndNothingIsQueued() {
        anHrisEvent("E1", "R1", 2, false);
        aLedgerRecord("E1", "R1", 2, false);
        aQmsRecord("E1", "QG-workday-R1", "TW-GMP-201", LocalDate.of(2026, 3, 2), "QUALIGATE");

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items).isEmpty();
        assertThat(tally.requeue).isEmpty();
        assertThat(tally.counts)
                .containsEntry("hrisVsLedgerMatched", 1L)
                .containsEntry("ledgerVsQmsMatched", 1L)
                .containsEntry("missingInQms", 0L);
    }

    @Test
    void anHrisEventTheLedgerDoesNotHoldIsMissingInTheLedgerWithTheEventsOutcome() {
        hris.add(new HrisRecord("E1", "workday", "R1", 3, false, "SET_ASIDE", "unknown code X-1"));

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items)
                .extracting(Item::kind, Item::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Kind.MISSING_IN_LEDGER, "the HRIS event (version 3) was set_aside: unknown code X-1"));
        assertThat(tally.counts).containsEntry("missingInLedger", 1L);
    }

    @Test
    void anOlderVersionInTheLedgerIsDifferentInTheLedger() {
        anHrisEvent("E1", "R1", 3, true);
        aLedgerRecord("E1", "R1", 2, false);

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items).extracting(Item::kind).contains(Kind.DIFFERENT_IN_LEDGER);
        assertThat(tally.items.getFirst().reason())
                .startsWith("the ledger holds version 2, the HRIS's latest is version 3 (revoked)");
    }

    @Test
    void aRecordTheQmsLacksIsMissingThereWithTheContextsReasonAndThePersonIsQueuedAgain() {
        anHrisEvent("E1", "R1", 1, false);
        aLedgerRecord("E1", "R1", 1, false);
        context.observed.add("E1|QG-workday-R1");

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items)
                .extracting(Item::kind, Item::recordKey, Item::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Kind.MISSING_IN_QMS, "QG-workday-R1", "the site is in observe mode: the write is held back"));
        assertThat(tally.requeue).containsExactly("E1");
    }

    @Test
    void aQmsRecordOfAnotherDayIsDifferentInTheQmsNamingTheDifference() {
        anHrisEvent("E1", "R1", 1, false);
        aLedgerRecord("E1", "R1", 1, false);
        aQmsRecord("E1", "QG-workday-R1", "TW-GMP-201", LocalDate.of(2026, 3, 1), "QUALIGATE");

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items).extracting(Item::kind).containsExactly(Kind.DIFFERENT_IN_QMS);
        assertThat(tally.items.getFirst().reason())
                .startsWith("completion 2026-03-02 (ledger) vs 2026-03-01 (QMS); not written and nothing explains it");
    }

    @Test
    void aRecordWrittenByAnotherSystemIsExtraInTheQmsAndOneTheQmsOwnsIsComparedWithItsPulledCopy() {
        aQmsRecord("E1", "OTHER-1", "TW-GMP-201", LocalDate.of(2026, 3, 2), "QUALIGATE");
        aQmsRecord("E1", null, "TW-GMP-105", LocalDate.of(2026, 3, 2), "MANUAL");

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items)
                .extracting(Item::kind)
                .containsExactly(Kind.EXTRA_IN_QMS, Kind.QMS_OWNED_MISSING_IN_LEDGER);
        assertThat(tally.counts).containsEntry("qmsRecords", 2L).containsEntry("qmsOwnedRecords", 1L);
    }

    @Test
    void aLedgerRecordOfACourseTheQmsDoesNotHoldIsNotForTheQms() {
        anHrisEvent("E1", "R1", 1, false);
        ledger.add(new LedgerRecord("E1", "workday", "R1", 1, "SOP-9", COMPLETED, null, false, "HRIS"));

        ReconciliationComparison.Tally tally = compare();

        assertThat(tally.items).isEmpty();
        assertThat(tally.counts).containsEntry("notForQms", 1L);
    }

    @Test
    void theSummaryCarriesEveryCountTheDigestsAndTheNumberOfDiscrepancies() {
        anHrisEvent("E1", "R1", 1, false);

        Map<String, Object> summary = compare().summary();

        assertThat(summary).containsKeys(ReconciliationComparison.COUNTS.toArray(String[]::new));
        assertThat(summary).containsEntry("discrepancies", 1);
        assertThat(summary.get("digests")).isInstanceOf(Map.class);
    }

    private ReconciliationComparison.Tally compare() {
        ReconciliationComparison.Tally tally = new ReconciliationComparison.Tally();
        comparison.compare(new ReconciliationComparison.Chunk(hris, ledger, qms, context), tally);
        return tally;
    }

    private void anHrisEvent(String employee, String record, long version, boolean revoked) {
        hris.add(new HrisRecord(employee, "workday", record, version, revoked, "APPLIED", null));
    }

    private void aLedgerRecord(String employee, String record, long version, boolean revoked) {
        ledger.add(new LedgerRecord(employee, "workday", record, version, "GMP-201", COMPLETED, null, revoked, "HRIS"));
    }

    private void aQmsRecord(String employee, String externalId, String course, LocalDate on, String dataSource) {
        qms.add(new TrainingRecord(
                externalId == null ? "a0" + qms.size() : "a1" + qms.size(),
                externalId,
                EmployeeId.of(employee),
                course,
                on,
                null,
                false,
                dataSource,
                COMPLETED));
    }
}
