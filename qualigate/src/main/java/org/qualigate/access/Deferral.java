package org.qualigate.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("employeeId", employeeId.value());
        m.put("target", target);
        m.put("role", role.value());
        m.put("since", since.toString());
        m.put("until", until.toString());
        m.put("bound", bound.toString());
        m.put("reason", reason);
        m.put("status", status.name());
        m.put("endedAt", endedAt == null ? null : endedAt.toString());
        m.put("endReason", endReason);
        return m;
    }
}
