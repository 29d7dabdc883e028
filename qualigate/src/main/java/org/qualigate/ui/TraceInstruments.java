package org.qualigate.ui;

import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.HeldQualification;
import org.qualigate.text.Sentence;

/**
 * An instrument's calibration as the traceability page says it (decision 0064), from the policy's outcome: its
 * evidence holds the due day's end as the expiry and is revoked while the instrument is out of tolerance or service.
 */
final class TraceInstruments {

    private TraceInstruments() {}

    /** "equipment SGP-TT-0301 (calibrated until 2027-01-31)". */
    static Sentence calibrated(String instrument, HeldQualification e, ZoneId site) {
        return e.expiresAt() == null
                ? Sentence.of("trace.instrument.calibrated.no-end", instrument)
                : Sentence.of("trace.instrument.calibrated", instrument, dueDay(e, site));
    }

    /** Out of calibration since the day after its due day, out of tolerance or service, or not agreed at all. */
    static Sentence shortfall(String instrument, @Nullable HeldQualification e, ZoneId site) {
        if (e == null) {
            return Sentence.of("trace.instrument.not-agreed", instrument);
        }
        if (e.revoked() || e.expiresAt() == null) {
            String status = e.evidenceId().split(" ", 2)[0];
            return Sentence.of("trace.instrument.out", instrument, status);
        }
        LocalDate due = dueDay(e, site);
        return Sentence.of(
                "trace.instrument.past-due", instrument, due.plusDays(1).toString(), due.toString());
    }

    // the evidence expires at the start of the day after the due day, at the site
    private static LocalDate dueDay(HeldQualification e, ZoneId site) {
        return LocalDate.ofInstant(java.util.Objects.requireNonNull(e.expiresAt()), site)
                .minusDays(1);
    }
}
