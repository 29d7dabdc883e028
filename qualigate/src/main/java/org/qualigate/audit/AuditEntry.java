package org.qualigate.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One stored audit entry with its place in the chain. */
public record AuditEntry(
        long seq,
        Instant occurredAt,
        String actor,
        String action,
        String entityType,
        String entityId,
        @Nullable String employeeId,
        @Nullable JsonNode oldValue,
        @Nullable JsonNode newValue,
        @Nullable String reason,
        @Nullable String correlationId,
        String prevHash,
        String hash) {

    /** The entry as the API and exports show it, every field by name, the instant as RFC 3339 text. */
    public java.util.Map<String, Object> view() {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("seq", seq);
        m.put("occurredAt", occurredAt.toString());
        m.put("actor", actor);
        m.put("action", action);
        m.put("entityType", entityType);
        m.put("entityId", entityId);
        m.put("employeeId", employeeId);
        m.put("old", oldValue);
        m.put("new", newValue);
        m.put("reason", reason);
        m.put("correlationId", correlationId);
        m.put("prevHash", prevHash);
        m.put("hash", hash);
        return m;
    }
}
