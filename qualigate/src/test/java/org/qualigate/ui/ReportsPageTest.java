package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.report.ComplianceReport;
import org.qualigate.text.Sentence;
import org.qualigate.text.SentenceWriter;
import org.qualigate.validation.Verifies;

/**
 * What the compliance report's table says of each requirement when a reader points at it, in the reader's language.
 */
class ReportsPageTest {

    private final SentenceWriter english = Bundles.writer(Locale.ENGLISH, SentenceWriter.UTC);
    private final SentenceWriter german = Bundles.writer(Locale.GERMAN, SentenceWriter.UTC);

    @Verifies({"URS-UI-414", "URS-UI-490"})
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

        List<Map<String, Object>> shown = qualifications(calibrated, missing);

        assertThat(english.text((Sentence) shown.get(0).get("dates")))
                .isEqualTo("equipment SGP-TT-0301 (calibrated until 13 Feb 2027); required by SGP.API-1.OPERATOR")
                .doesNotContain("no record");
        assertThat(english.text((Sentence) shown.get(1).get("dates")))
                .isEqualTo("no record; required by SGP.API-1.OPERATOR");
        assertThat(german.text((Sentence) shown.get(0).get("dates")))
                .isEqualTo("Messmittel SGP-TT-0301 (kalibriert bis 13. Feb. 2027); verlangt für SGP.API-1.OPERATOR");
        assertThat(german.text((Sentence) shown.get(1).get("dates")))
                .isEqualTo("kein Nachweis; verlangt für SGP.API-1.OPERATOR");
    }

    @Verifies("URS-UI-490")
    @Test
    void whatIsShortIsSaidInTheReadersLanguage() {
        ComplianceReport.Requirement low = new ComplianceReport.Requirement(
                "REACTOR-OP",
                ComplianceReport.State.MISSING,
                null,
                null,
                null,
                List.of("SGP.API-1.OPERATOR"),
                "level 1 below required 2",
                null,
                null);

        Sentence said = (Sentence) qualifications(low).getFirst().get("dates");

        assertThat(english.text(said))
                .isEqualTo("no record; required by SGP.API-1.OPERATOR; REACTOR-OP level 1 below required 2");
        assertThat(german.text(said)).startsWith("kein Nachweis; verlangt für SGP.API-1.OPERATOR; REACTOR-OP ");
        assertThat(german.text(said)).doesNotContain("below required");
        assertThat(german.text(said)).doesNotContain("required by");
    }

    @Verifies("URS-UI-503")
    @Test
    void whatAPersonIsMeasuredAgainstIsSaidInTheReadersLanguageFromItsParts() {
        ComplianceReport.Basis matrix = new ComplianceReport.Basis(
                ComplianceReport.Basis.MATRIX,
                "training matrix SGP API-1: Chemical Process Operator",
                "SGP",
                "API-1",
                "Chemical Process Operator");
        ComplianceReport.Basis unlisted = new ComplianceReport.Basis(
                ComplianceReport.Basis.ROLES_HELD,
                "roles held (job 'Tea Taster' not in the training matrix)",
                null,
                null,
                "Tea Taster");
        ComplianceReport.Basis untitled = new ComplianceReport.Basis(
                ComplianceReport.Basis.ROLES_HELD, "roles held (no job title)", null, null, null);

        for (ComplianceReport.Basis b : List.of(matrix, unlisted, untitled)) {
            assertThat(english.text(ReportLineSaid.measuredAgainst(b))).isEqualTo(b.description());
        }
        assertThat(german.text(ReportLineSaid.measuredAgainst(matrix)))
                .isEqualTo("Schulungsmatrix SGP API-1: Chemical Process Operator");
        assertThat(german.text(ReportLineSaid.measuredAgainst(unlisted)))
                .isEqualTo("gehaltene Rollen (Stelle „Tea Taster“ nicht in der Schulungsmatrix)");
        assertThat(german.text(ReportLineSaid.measuredAgainst(untitled)))
                .isEqualTo("gehaltene Rollen (keine Stellenbezeichnung)");
        // words without their parts are quoted as recorded, never reworded
        assertThat(german.text(ReportLineSaid.measuredAgainst(
                        new ComplianceReport.Basis(ComplianceReport.Basis.MATRIX, "training matrix SGP API-1"))))
                .contains("training matrix SGP API-1");
    }

    @Verifies("URS-UI-504")
    @Test
    void accessWithoutBasisIsSaidInTheReadersLanguage() {
        ComplianceReport.Unjustified override =
                new ComplianceReport.Unjustified("mes", "SGP.API-1.OPERATOR", "override");
        ComplianceReport.Unjustified deferral =
                new ComplianceReport.Unjustified("mes", "SGP.API-1.OPERATOR", "deferral");
        ComplianceReport.Unjustified none = new ComplianceReport.Unjustified("mes", "SGP.API-1.OPERATOR", "none");

        assertThat(english.text(ReportLineSaid.withoutBasis(override))).isEqualTo("mes: SGP.API-1.OPERATOR (override)");
        assertThat(english.text(ReportLineSaid.withoutBasis(none))).isEqualTo("mes: SGP.API-1.OPERATOR (none)");
        assertThat(german.text(ReportLineSaid.withoutBasis(override)))
                .isEqualTo("mes: SGP.API-1.OPERATOR (Notfall-Ausnahme)");
        assertThat(german.text(ReportLineSaid.withoutBasis(deferral)))
                .isEqualTo("mes: SGP.API-1.OPERATOR (Entzug aufgeschoben)");
        assertThat(german.text(ReportLineSaid.withoutBasis(none)))
                .isEqualTo("mes: SGP.API-1.OPERATOR (ohne Grundlage)");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> qualifications(ComplianceReport.Requirement... requirements) {
        ComplianceReport.Line line = new ComplianceReport.Line(
                "E12547",
                "Zhi Hao Nair",
                "Chemical Process Operator",
                new ComplianceReport.Basis(ComplianceReport.Basis.MATRIX, "training matrix SGP API-1"),
                List.of("SGP.API-1.OPERATOR"),
                List.of(requirements),
                List.of("SGP.API-1.OPERATOR"),
                List.of());
        return (List<Map<String, Object>>)
                ReportsPage.lines(List.of(line)).getFirst().get("qualifications");
    }
}
