package org.qualigate.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One stored audit entry with its place in the chain; also how the API and the inspection pack write it, every field
 * by name in this order, the instant as RFC 3339 text.
 */
public record AuditEntry(
        long seq,
        Instant occurredAt,
        String actor,
        String action,
        String entityType,
        String entityId,
        @Nullable String employeeId,
        @JsonProperty("old") @Nullable JsonNode oldValue,
        @JsonProperty("new") @Nullable JsonNode newValue,
        @Nullable String reason,
        @Nullable String correlationId,
        String prevHash,
        String hash,
        @Nullable String traceId) {

    /** An entry recorded under no trace. */
    public AuditEntry(
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
        this(
                seq,
                occurredAt,
                actor,
                action,
                entityType,
                entityId,
                employeeId,
                oldValue,
                newValue,
                reason,
                correlationId,
                prevHash,
                hash,
                null);
    }
}
