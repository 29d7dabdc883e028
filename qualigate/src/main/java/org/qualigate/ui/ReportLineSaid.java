package org.qualigate.ui;

import org.qualigate.report.ComplianceReport;
import org.qualigate.text.Sentence;

/**
 * What the Reports page says of a person's line of the compliance report in the reader's language: what they were
 * measured against and the access they held without basis, said from the report's parts. The API's JSON and CSV
 * keep the report's English words.
 */
final class ReportLineSaid {

    private ReportLineSaid() {}

    /** "training matrix BSL PACK-3: Packaging Operator", "roles held (job 'Welder' not in the training matrix)". */
    static Sentence measuredAgainst(ComplianceReport.Basis basis) {
        if (basis.kind().equals(ComplianceReport.Basis.MATRIX) && basis.site() != null && basis.jobTitle() != null) {
            return basis.line() == null
                    ? Sentence.of("reports.basis.matrix", basis.site(), basis.jobTitle())
                    : Sentence.of("reports.basis.matrix-line", basis.site(), basis.line(), basis.jobTitle());
        }
        if (basis.kind().equals(ComplianceReport.Basis.ROLES_HELD) && basis.site() == null) {
            String title = basis.jobTitle();
            return title == null || title.isBlank()
                    ? Sentence.of("reports.basis.held-no-title")
                    : Sentence.of("reports.basis.held-not-in-matrix", title);
        }
        return Sentence.of("format.as-is", Sentence.Quoted.english(basis.description()));
    }

    /** "MES: BSL.PACK-3.OPERATOR (override)": the target, the role and why it was held; an unknown why as recorded. */
    static Sentence withoutBasis(ComplianceReport.Unjustified u) {
        return switch (u.kind()) {
            case "override", "deferral", "none" ->
                Sentence.of("reports.without-basis." + u.kind(), u.target(), u.role());
            default -> Sentence.of("reports.without-basis.other", u.target(), u.role(), u.kind());
        };
    }
}
