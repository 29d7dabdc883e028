package org.qualigate.sandbox.maximo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An asset of the maintenance system, as the asset object structure exposes it.
 *
 * @param assetnum the asset number, e.g. {@code BSL-BAL-0112}
 * @param siteid the Maximo site
 * @param status the asset status: {@code OPERATING}, {@code NOT READY}, {@code BROKEN} or {@code DECOMMISSIONED}
 * @param calibrationDue {@code pluscduedate}, the calibration due date of measuring and test equipment
 * @param lastCalibration the date of the last calibration (a site extension attribute)
 * @param calibrationResult the last calibration's result, {@code PASS} or {@code FAIL} (a site extension attribute)
 */
public record Asset(
        long assetuid,
        String assetnum,
        String siteid,
        String description,
        String location,
        String assettype,
        String status,
        @Nullable LocalDate calibrationDue,
        @Nullable LocalDate lastCalibration,
        String calibrationResult,
        Instant changed,
        long rowstamp) {

    public static final java.util.Set<String> STATUSES =
            java.util.Set.of("OPERATING", "NOT READY", "BROKEN", "DECOMMISSIONED");
    public static final java.util.Set<String> RESULTS = java.util.Set.of("PASS", "FAIL");

    public Asset {
        Objects.requireNonNull(assetnum, "assetnum");
        Objects.requireNonNull(siteid, "siteid");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown asset status " + status);
        }
        if (!RESULTS.contains(calibrationResult)) {
            throw new IllegalArgumentException("unknown calibration result " + calibrationResult);
        }
    }

    /** The same asset after a change: new status, calibration fields, change time and row stamp. */
    Asset changed(
            String status, @Nullable LocalDate due, @Nullable LocalDate last, String result, Instant at, long stamp) {
        return new Asset(
                assetuid, assetnum, siteid, description, location, assettype, status, due, last, result, at, stamp);
    }
}
