package org.qualigate.ledger;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.QualificationCode;

/** A canonical qualification event from any source, ready for the ledger. */
public record QualificationEvent(
        UUID eventId,
        Kind kind,
        EmployeeId employeeId,
        QualificationCode code,
        int level,
        Instant completedAt,
        @Nullable Instant expiresAt,
        String completedOriginal,
        @Nullable String expiresOriginal,
        Qualification.Authority authority,
        String source,
        String sourceRecordId,
        long sourceVersion,
        String sourceCode,
        @Nullable String sourceName,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt) {

    /** What the source says happened to the record. */
    public enum Kind {
        COMPLETED,
        UPDATED,
        REVOKED
    }
}
