package org.qualigate.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One calibration conflict: an instrument whose state or dates differ between the maintenance system and the QMS,
 * with both versions as read, and — once QA resolved it — the resolution, the reason and whether the side found
 * wrong holds the chosen version yet. Jackson writes it as the API shows it: its fields in this order, the
 * correction's attempts and last error named as such, what has not happened yet (superseded, resolved) left out.
 */
@JsonPropertyOrder({
    "id",
    "state",
    "assetNumber",
    "site",
    "maintenance",
    "qms",
    "differences",
    "detectedAt",
    "supersededAt",
    "supersededReason",
    "resolution",
    "resolvedBy",
    "reason",
    "resolvedAt",
    "correction",
    "correctionAttempts",
    "correctionError",
    "appliedAt"
})
public record CalibrationConflict(
        UUID id,
        String assetNumber,
        String site,
        Map<String, Object> maintenance,
        Map<String, Object> qms,
        String differences,
        Instant detectedAt,
        State state,
        @Nullable Instant supersededAt,
        @Nullable String supersededReason,
        @Nullable Resolution resolution,
        @Nullable String resolvedBy,
        @Nullable String reason,
        @Nullable Instant resolvedAt,
        @Nullable Correction correction,
        @JsonProperty("correctionAttempts") int attempts,
        @JsonProperty("correctionError") @Nullable String lastError,
        @Nullable Instant appliedAt) {

    /** Where a conflict stands. */
    public enum State {
        /** Waiting for QA. */
        OPEN,
        /** QA resolved it under signature. */
        RESOLVED,
        /** The systems changed before QA resolved it: they agree again, or a newer pair of versions replaced it. */
        SUPERSEDED
    }

    /** Which side QA found right. */
    public enum Resolution {
        /** The maintenance system is right: the QMS's equipment record is corrected to its version. */
        KEEP_MAINTENANCE,
        /** The QMS is right: the maintenance system's asset is corrected to its version. */
        KEEP_QMS,
        /** The difference is accepted as it stands (the reason says why); neither side is changed. */
        ACCEPT
    }

    /** The correction of the side found wrong. */
    public enum Correction {
        PENDING,
        APPLIED,
        NOT_NEEDED
    }

    public boolean open() {
        return state == State.OPEN;
    }

    /** The conflict as the API shows it, with its signatures (each with its check) last. */
    public View view(List<Map<String, Object>> signatures) {
        return new View(this, signatures);
    }

    /** A conflict as the API answers it: its own fields in place, then its signatures. */
    public record View(@JsonUnwrapped CalibrationConflict conflict, List<Map<String, Object>> signatures) {}
}
