package org.qualigate.quality;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What became of one quality event: applied (a newer version of the NC), a duplicate (the same version again), stale
 * (an older version: kept, never applied), a duplicate delivery (the same webhook id again), kept for review (a type
 * or version not acted on) or rejected (the field and the reason).
 */
public record QualityIntakeResult(
        UUID eventId,
        Outcome outcome,
        @Nullable String field,
        @Nullable String reason) {

    public enum Outcome {
        APPLIED,
        DUPLICATE,
        STALE,
        DUPLICATE_DELIVERY,
        KEPT,
        REJECTED
    }
}
