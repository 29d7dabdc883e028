package org.qualigate.policy;

import java.time.Duration;
import java.time.Instant;

/** Where a held qualification stands against one requirement at one instant. */
enum Standing {
    VALID,
    IN_GRACE,
    FUTURE,
    EXPIRED,
    LEVEL_BELOW,
    REVOKED;

    static Standing of(HeldQualification qualification, Requirement requirement, Duration grace, Instant at) {
        if (qualification.revoked()) {
            return REVOKED;
        }
        if (qualification.level() < requirement.minimumLevel()) {
            return LEVEL_BELOW;
        }
        if (qualification.completedAt().isAfter(at)) {
            return FUTURE;
        }
        Instant expiresAt = qualification.expiresAt();
        if (expiresAt == null || at.isBefore(expiresAt)) {
            return VALID;
        }
        return at.isBefore(expiresAt.plus(graceOf(qualification, grace))) ? IN_GRACE : EXPIRED;
    }

    // an instrument past its due date must not be used: a rule's grace period covers people's qualifications only
    static Duration graceOf(HeldQualification held, Duration grace) {
        return InstrumentRequirement.reserved(held.code()) ? Duration.ZERO : grace;
    }
}
