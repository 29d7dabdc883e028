package org.qualigate.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * What an audit entry says, as stored: its old and new values are the JSON text the database holds. The
 * sealer reads it from {@code audit_pending}, {@code verify} from {@code audit_event}; with its place in the
 * chain it gives the entry's hash.
 */
record EntryContent(
        Instant occurredAt,
        String actor,
        String action,
        String entityType,
        String entityId,
        @Nullable String employeeId,
        @Nullable String oldJson,
        @Nullable String newJson,
        @Nullable String reason,
        @Nullable String correlationId) {

    /** The columns {@link #read} expects, in its order. */
    static final String COLUMNS = "occurred_at, actor, action, entity_type, entity_id, employee_id, "
            + "old_value::text, new_value::text, reason, correlation_id";

    /** The content from the result's columns {@code first} to {@code first + 9} ({@link #COLUMNS}). */
    static EntryContent read(ResultSet rs, int first) throws SQLException {
        return new EntryContent(
                rs.getObject(first, OffsetDateTime.class).toInstant(),
                rs.getString(first + 1),
                rs.getString(first + 2),
                rs.getString(first + 3),
                rs.getString(first + 4),
                rs.getString(first + 5),
                rs.getString(first + 6),
                rs.getString(first + 7),
                rs.getString(first + 8),
                rs.getString(first + 9));
    }

    /** The hash of this content as entry {@code seq} of the chain, after the entry whose hash is {@code prevHash}. */
    String hash(long seq, String prevHash) {
        return AuditHash.of(seq, this, prevHash);
    }
}
