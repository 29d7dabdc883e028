package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.qualigate.text.SentenceWriter;
import org.qualigate.validation.Verifies;

/**
 * The traceability page says an instrument's calibration with the dates of the policy's explanation (decision 0099):
 * a cycle cut short by a recalibration with its due date and the recalibration, an instrument not met as the cycle
 * that judges the instant says it, in English and German; words it does not know are quoted as recorded.
 */
class TraceInstrumentsTest {

    private final SentenceWriter english = Bundles.writer(Locale.ENGLISH, SentenceWriter.UTC);
    private final SentenceWriter german = Bundles.writer(Locale.GERMAN, ZoneId.of("Europe/Zurich"));

    @Verifies("URS-UI-485")
    @Test
    void aCycleCutShortByARecalibrationIsSaidWithItsDueDateAndTheRecalibrationThatEndedIt() {
        var said = TraceInstruments.said("BSL-BAL-0112", "calibrated until 2027-11-30, recalibrated 2027-03-10");

        assertThat(english.text(said))
                .isEqualTo("equipment BSL-BAL-0112 (calibrated until 30 Nov 2027, recalibrated 10 Mar 2027)");
        assertThat(german.text(said))
                .isEqualTo("Messmittel BSL-BAL-0112 (kalibriert bis 30. Nov. 2027, neu kalibriert am 10. März 2027)");
        assertThat(english.text(TraceInstruments.said("BSL-BAL-0112", "calibrated until 2027-11-30")))
                .isEqualTo("equipment BSL-BAL-0112 (calibrated until 30 Nov 2027)");
        assertThat(english.text(
                        TraceInstruments.said("BSL-BAL-0112", "calibrated, no due date, recalibrated 2027-03-10")))
                .isEqualTo("equipment BSL-BAL-0112 (calibrated, no due date, recalibrated 10 Mar 2027)");
    }

    @Verifies("URS-UI-485")
    @Test
    void anInstrumentNotMetIsSaidWithTheDatesOfTheExplanation() {
        assertThat(english.text(
                        TraceInstruments.said("SGP-TT-0301", "out of calibration since 2027-03-10 (OUT_OF_TOLERANCE)")))
                .isEqualTo("equipment SGP-TT-0301 (out of calibration since 10 Mar 2027: Out of tolerance)");
        assertThat(german.text(
                        TraceInstruments.said("SGP-TT-0301", "out of calibration since 2027-03-10 (OUT_OF_TOLERANCE)")))
                .isEqualTo("Messmittel SGP-TT-0301 (außer Kalibrierung seit 10. März 2027: "
                        + Bundles.MESSAGES.getMessage("cal.status.OUT_OF_TOLERANCE", null, Locale.GERMAN) + ")");
        assertThat(english.text(
                        TraceInstruments.said("SGP-TT-0301", "out of calibration since 2027-04-01 (due 2027-03-31)")))
                .isEqualTo("equipment SGP-TT-0301 (out of calibration since 1 Apr 2027, due 31 Mar 2027)");
        assertThat(english.text(TraceInstruments.said("SGP-TT-0301", "not calibrated before 2027-03-10")))
                .isEqualTo("equipment SGP-TT-0301 (not calibrated before 10 Mar 2027)");
        assertThat(english.text(TraceInstruments.said("SGP-TT-0301", "has no agreed calibration record at this site")))
                .isEqualTo("equipment SGP-TT-0301 (no agreed calibration record)");
        assertThat(english.text(TraceInstruments.said("SGP-TT-0301", "OUT_OF_SERVICE since 2027-03-10T08:00:00Z")))
                .startsWith("equipment SGP-TT-0301 (“OUT_OF_SERVICE since ");
    }
}
