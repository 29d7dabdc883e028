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
        String hash) {}
