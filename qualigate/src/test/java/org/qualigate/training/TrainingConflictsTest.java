package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.validation.Verifies;

class TrainingConflictsTest {

    private static TrainingRecord record(String completed, boolean revoked, String dataSource) {
        return new TrainingRecord(
                null,
                "QG-hris-TR-1",
                EmployeeId.of("E10023"),
                "TW-CRS-0002",
                LocalDate.parse(completed),
                null,
                revoked,
                dataSource,
                null);
    }

    @Verifies("URS-INT-012")
    @Test
    void namesADifferentCompletionDateWithBothValues() {
        assertThat(TrainingConflicts.differences(
                        record("2026-08-12", false, "HRIS"), record("2026-07-01", false, "MANUAL")))
                .containsExactly("completion date 2026-08-12 (HRIS) vs 2026-07-01 (QMS)");
    }

    @Verifies("URS-INT-012")
    @Test
    void namesADifferentStatus() {
        assertThat(TrainingConflicts.differences(
                        record("2026-08-12", true, "HRIS"), record("2026-08-12", false, "MANUAL")))
                .containsExactly("status REVOKED (HRIS) vs COMPLETE (QMS)");
    }

    @Verifies("URS-INT-012")
    @Test
    void seesNoConflictWhenDateAndStatusAgreeWhoeverOwnsTheRecord() {
        assertThat(TrainingConflicts.differences(
                        record("2026-08-12", false, "HRIS"), record("2026-08-12", false, "TRACKWISE")))
                .isEmpty();
    }
}
