package org.qualigate.ui;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qualigate.text.Sentence;

/**
 * An instrument's calibration as the traceability page says it (decisions 0064, 0087, 0099), in the reader's words
 * but with the dates of the policy's own explanation: a cycle cut short by a recalibration is said with its due date
 * and the recalibration that ended it, and an instrument not met is said of the cycle that judges the instant — the
 * page never works a date out again from the evidence's validity.
 */
final class TraceInstruments {

    private static final String DAY = "(\\d{4}-\\d{2}-\\d{2})";
    private static final Pattern UNTIL = Pattern.compile("calibrated until " + DAY + "(?:, recalibrated " + DAY + ")?");
    private static final Pattern NO_END = Pattern.compile("calibrated, no due date(?:, recalibrated " + DAY + ")?");
    private static final Pattern PAST_DUE =
            Pattern.compile("out of calibration since " + DAY + " \\(due " + DAY + "\\)");
    private static final Pattern OUT = Pattern.compile("out of calibration since " + DAY + " \\(([A-Z_]+)\\)");
    private static final Pattern BEFORE = Pattern.compile("not calibrated before " + DAY);
    private static final String NOT_AGREED = "has no agreed calibration record at this site";

    private TraceInstruments() {}

    /**
     * The policy's words about an instrument ("calibrated until 2027-11-30, recalibrated 2027-03-10", "out of
     * calibration since 2027-04-01 (due 2027-03-31)", …) as a sentence; words it does not know are quoted as recorded.
     */
    static Sentence said(String instrument, String words) {
        Matcher m = UNTIL.matcher(words);
        if (m.matches()) {
            return m.group(2) == null
                    ? Sentence.of("trace.instrument.calibrated", instrument, day(m.group(1)))
                    : Sentence.of("trace.instrument.recalibrated", instrument, day(m.group(1)), day(m.group(2)));
        }
        m = NO_END.matcher(words);
        if (m.matches()) {
            return m.group(1) == null
                    ? Sentence.of("trace.instrument.calibrated.no-end", instrument)
                    : Sentence.of("trace.instrument.recalibrated.no-end", instrument, day(m.group(1)));
        }
        m = PAST_DUE.matcher(words);
        if (m.matches()) {
            return Sentence.of("trace.instrument.past-due", instrument, day(m.group(1)), day(m.group(2)));
        }
        m = OUT.matcher(words);
        if (m.matches()) {
            return Sentence.of(
                    "trace.instrument.out", instrument, day(m.group(1)), Sentence.of("cal.status." + m.group(2)));
        }
        m = BEFORE.matcher(words);
        if (m.matches()) {
            return Sentence.of("trace.instrument.not-yet", instrument, day(m.group(1)));
        }
        if (words.equals(NOT_AGREED)) {
            return Sentence.of("trace.instrument.not-agreed", instrument);
        }
        return Sentence.of("trace.instrument.as-recorded", instrument, Sentence.Quoted.english(words));
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }
}
