package org.qualigate.ui;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qualigate.report.ComplianceReport;
import org.qualigate.text.Sentence;

/**
 * What the Reports page says when a reader hovers over a qualification of the compliance report, in the reader's
 * language: the record's completion and validity at the site (or an instrument's calibration as the traceability
 * page says it), the roles that require it and what is short.
 */
final class ReportHover {

    private static final Pattern LEVEL = Pattern.compile("level (\\d+) below required (\\d+)");

    private ReportHover() {}

    /** "completed 12 Nov 2026, valid through 9 Mar 2027, end of day Europe/Zurich; required by BSL.PACK-3.OPERATOR". */
    static Sentence of(ComplianceReport.Requirement r) {
        Optional<String> instrument = TraceStories.instrument(r.code());
        Sentence what;
        if (r.dates() != null) {
            what = Sentence.of("reports.hover.completed", r.dates().completedOn(), TraceStories.validity(r.dates()));
        } else if (instrument.isPresent() && r.evidence() != null) {
            what = TraceInstruments.said(instrument.get(), r.evidence());
        } else {
            what = Sentence.of("reports.hover.no-record");
        }
        if (!r.requiredBy().isEmpty()) {
            what = Sentence.of("reports.hover.required-by", what, String.join(", ", r.requiredBy()));
        }
        return r.detail() == null
                ? what
                : Sentence.of("format.list.semicolon", what, shortfall(r.code(), instrument, r.detail()));
    }

    /** What is short, from the policy's words: said in the reader's language where the page knows them. */
    private static Sentence shortfall(String code, Optional<String> instrument, String detail) {
        if (instrument.isPresent()) {
            return TraceInstruments.said(instrument.get(), detail);
        }
        Matcher level = LEVEL.matcher(detail);
        if (level.matches()) {
            return Sentence.of(
                    "trace.shortfall.level", code, Integer.parseInt(level.group(1)), Integer.parseInt(level.group(2)));
        }
        return switch (detail) {
            case "not held" -> Sentence.of("trace.shortfall.not-held", code);
            case "revoked" -> Sentence.of("trace.shortfall.revoked", code);
            default -> Sentence.of("format.as-is", Sentence.Quoted.english(detail));
        };
    }
}
