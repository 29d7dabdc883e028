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

    /**
     * A duplicate (the same version) or a stale event (an older one) when a version is stored already; empty when
     * the incoming version is newer, or the first.
     */
    static java.util.Optional<QualityIntakeResult> unlessNewer(
            UUID eventId, java.time.Instant incoming, java.time.@Nullable Instant stored) {
        if (stored == null || incoming.isAfter(stored)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                incoming.equals(stored)
                        ? new QualityIntakeResult(eventId, Outcome.DUPLICATE, null, null)
                        : new QualityIntakeResult(
                                eventId,
                                Outcome.STALE,
                                "lastModifiedAt",
                                "version " + incoming + " is older than the stored " + stored));
    }

    public enum Outcome {
        APPLIED,
        DUPLICATE,
        STALE,
        DUPLICATE_DELIVERY,
        KEPT,
        REJECTED
    }
}
