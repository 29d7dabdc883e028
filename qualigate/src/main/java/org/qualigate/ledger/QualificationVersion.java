package org.qualigate.ledger;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.QualificationCode;

/** One version of a qualification record as it was applied, kept forever. */
record QualificationVersion(
        long sourceVersion,
        QualificationCode code,
        int level,
        Instant completedAt,
        @Nullable Instant expiresAt,
        Qualification.Status status,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt,
        UUID eventId,
        Instant recordedAt) {}
