package org.qualigate.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;

/**
 * A compliance review opened by an override, closed by someone other than the grantor with a conclusion:
 * justified or not, and why ({@code justified} is empty on reviews closed before the conclusion had that part).
 */
public record ReviewTask(
        UUID id,
        String kind,
        UUID overrideId,
        EmployeeId employeeId,
        Instant openedAt,
        Status status,
        @Nullable String closedBy,
        @Nullable Instant closedAt,
        @Nullable String conclusion,
        @Nullable Boolean justified) {

    /** Open until a reviewer closes it. */
    public enum Status {
        OPEN,
        CLOSED
    }

    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("kind", kind);
        m.put("overrideId", overrideId.toString());
        m.put("employeeId", employeeId.value());
        m.put("openedAt", openedAt.toString());
        m.put("status", status.name());
        m.put("closedBy", closedBy);
        m.put("closedAt", closedAt == null ? null : closedAt.toString());
        m.put("conclusion", conclusion);
        m.put("justified", justified);
        return m;
    }
}
