package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A qualification a person holds, as policy sees it: the evidence record that proves it, its level and
 * its validity window.
 */
public record HeldQualification(
        String evidenceId,
        QualificationCode code,
        int level,
        Instant completedAt,
        @Nullable Instant expiresAt,
        boolean revoked) {

    public HeldQualification {
        requireNonNull(evidenceId, "evidenceId");
        requireNonNull(code, "code");
        requireNonNull(completedAt, "completedAt");
        if (evidenceId.isBlank()) {
            throw new IllegalArgumentException("evidence id of " + code + " must not be blank");
        }
        if (level < 1) {
            throw new IllegalArgumentException(
                    "level of " + code + " (" + evidenceId + ") must be at least 1: " + level);
        }
        if (expiresAt != null && !expiresAt.isAfter(completedAt)) {
            throw new IllegalArgumentException("qualification " + code + " (" + evidenceId + ") expires at " + expiresAt
                    + ", not after its completion at " + completedAt);
        }
    }

    /** Not revoked, completed at or before {@code at}, and not yet expired ({@code at < expiresAt}). */
    public boolean validAt(Instant at) {
        return !revoked && !completedAt.isAfter(at) && (expiresAt == null || at.isBefore(expiresAt));
    }
}
