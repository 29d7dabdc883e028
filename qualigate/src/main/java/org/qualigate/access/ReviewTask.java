package org.qualigate.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;

/** A compliance review opened by an override, closed with a conclusion by someone other than the grantor. */
public record ReviewTask(
        UUID id,
        String kind,
        UUID overrideId,
        EmployeeId employeeId,
        Instant openedAt,
        Status status,
        @Nullable String closedBy,
        @Nullable Instant closedAt,
        @Nullable String conclusion) {

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
        return m;
    }
}
