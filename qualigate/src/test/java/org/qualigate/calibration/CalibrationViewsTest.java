package org.qualigate.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * A calibration conflict written by the service's mapper (values and contents {@code non_null}): the same fields,
 * order and absences as the map it replaced, its signatures last.
 */
class CalibrationViewsTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000009");

    @Verifies("URS-INT-260")
    @Test
    void anOpenConflictLeavesOutItsResolutionAndAResolvedOneShowsItsCorrection() {
        var open = new CalibrationConflict(
                ID,
                "BAL-001",
                "BSL",
                Map.of("state", "IN_CALIBRATION"),
                Map.of("state", "OUT_OF_CALIBRATION"),
                "state",
                AT,
                CalibrationConflict.State.OPEN,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                null);
        var resolved = new CalibrationConflict(
                ID,
                "BAL-001",
                "BSL",
                Map.of("state", "IN_CALIBRATION"),
                Map.of("state", "OUT_OF_CALIBRATION"),
                "state",
                AT,
                CalibrationConflict.State.RESOLVED,
                null,
                null,
                CalibrationConflict.Resolution.KEEP_MAINTENANCE,
                "user:qa",
                "the balance was calibrated",
                AT,
                CalibrationConflict.Correction.PENDING,
                2,
                "503",
                null);

        assertThat(SERVICE.writeValueAsString(open.view(List.of())))
                .isEqualTo("{\"id\":\"00000000-0000-0000-0000-000000000009\",\"state\":\"OPEN\",\"assetNumber\":"
                        + "\"BAL-001\",\"site\":\"BSL\",\"maintenance\":{\"state\":\"IN_CALIBRATION\"},\"qms\":{\"state\":"
                        + "\"OUT_OF_CALIBRATION\"},\"differences\":\"state\",\"detectedAt\":\"2026-12-07T08:00:00Z\","
                        + "\"correctionAttempts\":0,\"signatures\":[]}");
        assertThat(SERVICE.writeValueAsString(resolved.view(List.of())))
                .isEqualTo("{\"id\":\"00000000-0000-0000-0000-000000000009\",\"state\":\"RESOLVED\",\"assetNumber\":"
                        + "\"BAL-001\",\"site\":\"BSL\",\"maintenance\":{\"state\":\"IN_CALIBRATION\"},\"qms\":{\"state\":"
                        + "\"OUT_OF_CALIBRATION\"},\"differences\":\"state\",\"detectedAt\":\"2026-12-07T08:00:00Z\","
                        + "\"resolution\":\"KEEP_MAINTENANCE\",\"resolvedBy\":\"user:qa\",\"reason\":"
                        + "\"the balance was calibrated\",\"resolvedAt\":\"2026-12-07T08:00:00Z\",\"correction\":\"PENDING\","
                        + "\"correctionAttempts\":2,\"correctionError\":\"503\",\"signatures\":[]}");
    }

    @Test
    void aRecordKeptAsUnreadableShowsItsSystemKeyFieldReasonAndRawText() {
        var kept = new CalibrationReview.UnreadableRecord(
                ID,
                "QMS",
                "BAL-001",
                "dueDate",
                "not a date: \"soon\"",
                "{\"assetNumber\":\"BAL-001\",\"dueDate\":\"soon\"}",
                AT,
                AT.plusSeconds(90));

        assertThat(SERVICE.writeValueAsString(List.of(kept)))
                .isEqualTo(
                        "[{\"id\":\"00000000-0000-0000-0000-000000000009\",\"system\":\"QMS\",\"key\":\"BAL-001\",\"fi"
                                + "eld\":\"dueDate\",\"reason\":\"not a date: \\\"soon\\\"\",\"raw\":\"{\\\"assetNumber\\\":\\\"BAL-001"
                                + "\\\",\\\"dueDate\\\":\\\"soon\\\"}\",\"firstSeenAt\":\"2026-12-07T08:00:00Z\",\"lastSeenAt\":\"202"
                                + "6-12-07T08:01:30Z\"}]");
    }
}
