package org.qualigate.calibration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One calibration conflict: an instrument whose state or dates differ between the maintenance system and the QMS,
 * with both versions as read, and — once QA resolved it — the resolution, the reason and whether the side found
 * wrong holds the chosen version yet.
 */
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
        int attempts,
        @Nullable String lastError,
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

    /** The conflict as the API shows it. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("state", state.name());
        m.put("assetNumber", assetNumber);
        m.put("site", site);
        m.put("maintenance", maintenance);
        m.put("qms", qms);
        m.put("differences", differences);
        m.put("detectedAt", detectedAt);
        m.put("supersededAt", supersededAt);
        m.put("supersededReason", supersededReason);
        m.put("resolution", resolution);
        m.put("resolvedBy", resolvedBy);
        m.put("reason", reason);
        m.put("resolvedAt", resolvedAt);
        m.put("correction", correction);
        m.put("correctionAttempts", attempts);
        m.put("correctionError", lastError);
        m.put("appliedAt", appliedAt);
        return m;
    }
}
