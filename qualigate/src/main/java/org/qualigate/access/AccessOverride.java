package org.qualigate.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("employeeId", employeeId.value());
        m.put("role", role.value());
        m.put("target", target);
        m.put("startsAt", startsAt.toString());
        m.put("endsAt", endsAt.toString());
        m.put("grantedBy", grantedBy);
        m.put("reason", reason);
        m.put("status", status.name());
        m.put("endedAt", endedAt == null ? null : endedAt.toString());
        m.put("endedBy", endedBy);
        m.put("endReason", endReason);
        return m;
    }
}
