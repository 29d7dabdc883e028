package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.policy.InstrumentCalibration;
import org.qualigate.policy.SiteInstruments;

class InstrumentHistoryTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private static final Instant AGREED = Instant.parse("2026-08-28T09:00:00Z");
    private static final Instant RECALIBRATED = Instant.parse("2026-11-26T10:00:00Z");

    private static InstrumentHistory.Version version(
            InstrumentCalibration.Status status, String due, String last, Instant from, Instant to) {
        return new InstrumentHistory.Version(
                new InstrumentCalibration("BSL-BAL-0112", status, LocalDate.parse(due), from, LocalDate.parse(last)),
                from,
                to);
    }

    private final InstrumentHistory history = new InstrumentHistory(
            BASEL,
            List.of(
                    version(InstrumentCalibration.Status.CALIBRATED, "2026-11-25", "2026-08-27", AGREED, RECALIBRATED),
                    version(InstrumentCalibration.Status.CALIBRATED, "2027-02-24", "2026-11-26", RECALIBRATED, null)));

    @Test
    void beforeAnyStateWasAgreedNothingIsKnown() {
        assertThat(history.knownAt(AGREED.minusSeconds(1)).byInstrument()).isEmpty();
        assertThat(history.knownAt(AGREED.minusSeconds(1)).earlierCycles()).isEmpty();
    }

    @Test
    void theStateKnownAtAnInstantIsTheVersionKnownThen() {
        SiteInstruments known = history.knownAt(AGREED.plusSeconds(60));

        assertThat(known.byInstrument().get("BSL-BAL-0112").dueDate()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(known.earlierCycles()).isEmpty();
    }

    @Test
    void aRecalibrationStartsANewCycleAndKeepsTheEarlierOneAsItWasLastAgreed() {
        SiteInstruments known = history.knownAt(RECALIBRATED);

        assertThat(known.byInstrument().get("BSL-BAL-0112").dueDate()).isEqualTo(LocalDate.parse("2027-02-24"));
        assertThat(known.earlierCycles())
                .singleElement()
                .satisfies(c -> assertThat(c.dueDate()).isEqualTo(LocalDate.parse("2026-11-25")));
        assertThat(history.current()).isEqualTo(known);
        assertThat(history.changes()).containsExactly(AGREED, RECALIBRATED);
    }

    @Test
    void aCycleFoundOutOfToleranceReplacesItsEarlierVersionRatherThanStandingBesideIt() {
        Instant found = Instant.parse("2026-10-01T08:00:00Z");
        InstrumentHistory corrected = new InstrumentHistory(
                BASEL,
                List.of(
                        version(InstrumentCalibration.Status.CALIBRATED, "2026-11-25", "2026-08-27", AGREED, found),
                        version(
                                InstrumentCalibration.Status.OUT_OF_TOLERANCE,
                                "2026-11-25",
                                "2026-08-27",
                                found,
                                null)));

        SiteInstruments known = corrected.knownAt(found);

        assertThat(known.byInstrument().get("BSL-BAL-0112").status())
                .isEqualTo(InstrumentCalibration.Status.OUT_OF_TOLERANCE);
        assertThat(known.earlierCycles()).isEmpty();
        assertThat(corrected
                        .knownAt(found.minusSeconds(1))
                        .byInstrument()
                        .get("BSL-BAL-0112")
                        .status())
                .isEqualTo(InstrumentCalibration.Status.CALIBRATED);
    }
}
