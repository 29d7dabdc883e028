package org.qualigate.calibration;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.qualigate.calibration.CalibrationConflict.Resolution;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.connector.EquipmentCalibrations.Status;

/**
 * The version of an instrument that becomes its agreed calibration state (decision 0064): the one both systems hold
 * when they agree, or the side QA's resolution keeps. An accepted difference agrees on nothing, so the last agreed
 * state stands.
 */
final class AgreedCalibration {

    private AgreedCalibration() {}

    /** The side the resolution keeps, as read with the conflict; null when the difference is accepted. */
    static @Nullable Calibration kept(CalibrationConflict c, Resolution r) {
        Map<String, Object> v = switch (r) {
            case KEEP_MAINTENANCE -> c.maintenance();
            case KEEP_QMS -> c.qms();
            case ACCEPT -> null;
        };
        if (v == null) {
            return null;
        }
        return new Calibration(
                c.assetNumber(),
                c.site(),
                Status.valueOf(String.valueOf(v.get("status"))),
                date(v.get("dueDate")),
                date(v.get("lastCalibration")),
                String.valueOf(v.get("sourceStatus")),
                String.valueOf(v.get("reference")));
    }

    /** How a resolution agreed on a state, for the audit entry and the explanation. */
    static String byResolution(CalibrationConflict c, Resolution r, String resolvedBy, String why) {
        return "QA (" + resolvedBy + ") resolved conflict " + c.id() + ": " + CalibrationConflicts.explain(r)
                + ", because " + why;
    }

    /** How a comparison agreed on a state. */
    static String byComparison(String trigger) {
        return "the maintenance system and the QMS agree (comparison, " + trigger.toLowerCase(java.util.Locale.ROOT)
                + ")";
    }

    private static @Nullable LocalDate date(@Nullable Object text) {
        return text == null ? null : LocalDate.parse(Objects.toString(text));
    }
}
