package org.qualigate.access;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * A role granted by a plant manager for a limited time (at most 24 hours), with a reason, outside the
 * rules; it ends by itself at {@code endsAt} unless ended earlier.
 */
public record AccessOverride(
        UUID id,
        EmployeeId employeeId,
        RoleName role,
        @Nullable String target,
        Instant startsAt,
        Instant endsAt,
        String grantedBy,
        String reason,
        Status status,
        @Nullable Instant endedAt,
        @Nullable String endedBy,
        @Nullable String endReason) {

    /** In force until its end; ended early by someone; or expired at its end. */
    public enum Status {
        ACTIVE,
        ENDED,
        EXPIRED
    }

    /** The instant it stops granting the role: its end, or when it was ended early. */
    public Instant effectiveEnd() {
        return endedAt != null && endedAt.isBefore(endsAt) ? endedAt : endsAt;
    }

    public boolean inForceAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(effectiveEnd());
    }

    /** Whether it grants the role in the target (an override without a target applies to every target). */
    public boolean appliesTo(String targetName) {
        return target == null || target.equals(targetName);
    }

    /** A JSON-ready view for the API and the audit trail. */
    public View view() {
        return new View(
                id.toString(),
                employeeId.value(),
                role.value(),
                target,
                startsAt.toString(),
                endsAt.toString(),
                grantedBy,
                reason,
                status.name(),
                endedAt == null ? null : endedAt.toString(),
                endedBy,
                endReason);
    }

    /** The override as the API and the audit trail show it, its instants as text. */
    public record View(
            String id,
            String employeeId,
            String role,
            @Nullable String target,
            String startsAt,
            String endsAt,
            String grantedBy,
            String reason,
            String status,
            @Nullable String endedAt,
            @Nullable String endedBy,
            @Nullable String endReason) {

        /** The same override with another status and end instant (an expiry written before the row is read back). */
        public View withEnd(String newStatus, Instant end) {
            return new View(
                    id,
                    employeeId,
                    role,
                    target,
                    startsAt,
                    endsAt,
                    grantedBy,
                    reason,
                    newStatus,
                    end.toString(),
                    endedBy,
                    endReason);
        }
    }
}
