package org.qualigate.connector;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One system's record of its measuring equipment's calibration (the maintenance system, or the QMS's equipment
 * record), read whole and corrected one instrument at a time. A failed read throws {@link TargetException}: a
 * comparison on half a read would be wrong, so nothing is concluded from it.
 */
public interface EquipmentCalibrations {

    /** Which system keeps the record. */
    enum System {
        MAINTENANCE,
        QMS
    }

    /**
     * The calibration state in the domain's words. Whether an instrument is due or overdue follows from its due
     * date, compared on its own; these say whether it may be used at all.
     */
    enum Status {
        CALIBRATED,
        OUT_OF_TOLERANCE,
        OUT_OF_SERVICE
    }

    /**
     * One instrument as a system holds it.
     *
     * @param sourceStatus the system's own words for the state (e.g. {@code OPERATING/PASS}, {@code Overdue})
     * @param reference where the record is (the Maximo {@code href}, the QMS record id), for a correction
     */
    record Calibration(
            String assetNumber,
            String site,
            Status status,
            @Nullable LocalDate dueDate,
            @Nullable LocalDate lastCalibration,
            String sourceStatus,
            String reference) {

        public Calibration {
            Objects.requireNonNull(assetNumber, "assetNumber");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(status, "status");
            if (assetNumber.isBlank() || site.isBlank()) {
                throw new IllegalArgumentException("an instrument needs an asset number and a site");
            }
        }
    }

    /**
     * One record as read: the raw record (kept as evidence) and either the calibration or, when the record cannot be
     * used, the field and the reason. One unusable record never stops the read.
     */
    record Row(
            String key,
            byte[] raw,
            @Nullable Calibration calibration,
            @Nullable String field,
            @Nullable String reason) {

        public static Row readable(String key, byte[] raw, Calibration calibration) {
            return new Row(key, raw, calibration, null, null);
        }

        public static Row unreadable(String key, byte[] raw, String field, String reason) {
            return new Row(key, raw, null, field, reason);
        }
    }

    /** The system this adapter reads. */
    System system();

    /** Every instrument's record, page after page, in the system's order. */
    List<Row> readAll();

    /**
     * Sets the instrument's state and dates to those given, on the record {@code current} was read from; writing
     * the values it already holds changes nothing. {@code siteToday} is the day at the instrument's site, for a
     * system that states "overdue" in words.
     */
    void correct(
            Calibration current,
            Status status,
            @Nullable LocalDate dueDate,
            @Nullable LocalDate lastCalibration,
            LocalDate siteToday);
}
