package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.report.ComplianceReport;
import org.qualigate.validation.Verifies;

/** What the compliance report's table says of each requirement when a reader points at it. */
class ReportsPageTest {

    @Verifies("URS-UI-414")
    @Test
    void anInstrumentsCalibrationHeldByARoleSaysUntilWhenNeverThatThereIsNoRecord() {
        ComplianceReport.Requirement calibrated = new ComplianceReport.Requirement(
                "CALIBRATED.SGP-TT-0301",
                ComplianceReport.State.VALID,
                Instant.parse("2027-02-13T16:00:00Z"),
                "calibrated until 2027-02-13",
                "AGREED_CALIBRATION",
                List.of("SGP.API-1.OPERATOR"),
                null,
                null,
                null);
        ComplianceReport.Requirement missing = new ComplianceReport.Requirement(
                "GDP-DOC",
                ComplianceReport.State.MISSING,
                null,
                null,
                null,
                List.of("SGP.API-1.OPERATOR"),
                null,
                null,
                null);

        List<Map<String, String>> shown = qualifications(calibrated, missing);

        assertThat(shown.get(0).get("dates"))
                .isEqualTo("calibrated until 2027-02-13; required by SGP.API-1.OPERATOR")
                .doesNotContain("no record");
        assertThat(shown.get(1).get("dates")).isEqualTo("no record; required by SGP.API-1.OPERATOR");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> qualifications(ComplianceReport.Requirement... requirements) {
        ComplianceReport.Line line = new ComplianceReport.Line(
                "E12547",
                "Zhi Hao Nair",
                "Chemical Process Operator",
                new ComplianceReport.Basis(ComplianceReport.Basis.MATRIX, "training matrix SGP API-1"),
                List.of("SGP.API-1.OPERATOR"),
                List.of(requirements),
                List.of("SGP.API-1.OPERATOR"),
                List.of());
        return (List<Map<String, String>>)
                ReportsPage.lines(List.of(line)).getFirst().get("qualifications");
    }
}
