package org.qualigate.access;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * A revocation held back: the role stays in the target until {@code until}, because of {@code reason}, and
 * never beyond {@code bound} (first deferred at {@code since} plus the configured maximum).
 */
public record Deferral(
        UUID id,
        EmployeeId employeeId,
        String target,
        RoleName role,
        Instant since,
        Instant until,
        Instant bound,
        String reason,
        Status status,
        @Nullable Instant endedAt,
        @Nullable String endReason) {

    /** Held; released (the hold ended, the role goes); cancelled (the role is no longer to be revoked). */
    public enum Status {
        ACTIVE,
        RELEASED,
        CANCELLED
    }

    /** Whether the revocation was held back at the instant. */
    public boolean inForceAt(Instant at) {
        Instant end = endedAt != null && endedAt.isBefore(until) ? endedAt : until;
        return !at.isBefore(since) && at.isBefore(end);
    }

    /** A JSON-ready view for the API and the audit trail. */
    public View view() {
        return new View(
                id.toString(),
                employeeId.value(),
                target,
                role.value(),
                since.toString(),
                until.toString(),
                bound.toString(),
                reason,
                status.name(),
                endedAt == null ? null : endedAt.toString(),
                endReason);
    }

    /** The deferral as the API and the audit trail show it, its instants as text. */
    public record View(
            String id,
            String employeeId,
            String target,
            String role,
            String since,
            String until,
            String bound,
            String reason,
            String status,
            @Nullable String endedAt,
            @Nullable String endReason) {}
}
