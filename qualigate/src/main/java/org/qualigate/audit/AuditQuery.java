package org.qualigate.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A filter over the audit trail; every criterion is optional. */
public record AuditQuery(
        @Nullable String employeeId,
        @Nullable String entityType,
        @Nullable String entityId,
        @Nullable String action,
        @Nullable Instant from,
        @Nullable Instant to,
        long afterSeq,
        int limit,
        @Nullable String actor) {

    /** A filter without a criterion on who acted. */
    public AuditQuery(
            @Nullable String employeeId,
            @Nullable String entityType,
            @Nullable String entityId,
            @Nullable String action,
            @Nullable Instant from,
            @Nullable Instant to,
            long afterSeq,
            int limit) {
        this(employeeId, entityType, entityId, action, from, to, afterSeq, limit, null);
    }

    public AuditQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000");
        }
    }

    public static AuditQuery forPerson(String employeeId) {
        return new AuditQuery(employeeId, null, null, null, null, null, 0, 10_000);
    }
}
