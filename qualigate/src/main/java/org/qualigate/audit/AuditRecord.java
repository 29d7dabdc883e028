package org.qualigate.audit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One state change to record: who did what to which entity, the value before and after (JSON-ready
 * objects or null), why, and the correlation id that ties it to the input that caused it.
 */
public record AuditRecord(
        String actor,
        String action,
        String entityType,
        String entityId,
        @Nullable String employeeId,
        @Nullable Object oldValue,
        @Nullable Object newValue,
        @Nullable String reason,
        @Nullable String correlationId) {

    public AuditRecord {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
    }
}
