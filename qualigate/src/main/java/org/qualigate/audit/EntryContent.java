package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import org.jspecify.annotations.Nullable;

/**
 * What an audit entry says, as stored: its old and new values are the JSON text the database holds. The
 * sealer reads it from {@code audit_pending}, {@code verify} from {@code audit_event}, both through {@link Stored} (the
 * one reading of these columns); with its place in the chain it gives the entry's hash.
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
        @Nullable String correlationId,
        @Nullable String traceId) {

    /**
     * The columns {@link Stored#read} expects, in its order, all as text: the time in PostgreSQL's ISO form, the values
     * as the JSON text {@code jsonb} gives. Text, since the driver turns to the binary form of a time for a statement
     * it has prepared on the server after a few runs.
     */
    static final String COLUMNS = "occurred_at::text, actor, action, entity_type, entity_id, employee_id, "
            + "old_value::text, new_value::text, reason, correlation_id, trace_id";

    /** Content recorded under no trace. */
    EntryContent(
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
        this(
                occurredAt,
                actor,
                action,
                entityType,
                entityId,
                employeeId,
                oldJson,
                newJson,
                reason,
                correlationId,
                null);
    }

    /** The content from the result's columns {@code first} to {@code first + 10} ({@link #COLUMNS}). */
    static EntryContent read(ResultSet rs, int first) throws SQLException {
        return Stored.read(rs, first).content();
    }

    /** The hash of this content as entry {@code seq} of the chain, after the entry whose hash is {@code prevHash}. */
    String hash(long seq, String prevHash) {
        return AuditHash.of(seq, this, prevHash);
    }

    /**
     * The same columns as the database sent them ({@link #COLUMNS}: UTF-8 text), undecoded: {@code verify} compares
     * them with the entry's hashed text as bytes, and decodes them ({@link #content()}) only where that comparison
     * shows nothing.
     */
    record Stored(
            byte[] occurredAt,
            byte[] actor,
            byte[] action,
            byte[] entityType,
            byte[] entityId,
            byte @Nullable [] employeeId,
            byte @Nullable [] oldJson,
            byte @Nullable [] newJson,
            byte @Nullable [] reason,
            byte @Nullable [] correlationId,
            byte @Nullable [] traceId) {

        /** PostgreSQL's text of a {@code timestamptz} (DateStyle ISO, which the driver keeps), in any zone. */
        private static final DateTimeFormatter STORED_TIME = new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .appendLiteral(' ')
                .append(DateTimeFormatter.ISO_LOCAL_TIME)
                .appendOffset("+HH:mm", "+00")
                .toFormatter();

        /** The columns {@link #COLUMNS} from the result's column {@code first} on, as bytes. */
        static Stored read(ResultSet rs, int first) throws SQLException {
            return new Stored(
                    rs.getBytes(first),
                    rs.getBytes(first + 1),
                    rs.getBytes(first + 2),
                    rs.getBytes(first + 3),
                    rs.getBytes(first + 4),
                    rs.getBytes(first + 5),
                    rs.getBytes(first + 6),
                    rs.getBytes(first + 7),
                    rs.getBytes(first + 8),
                    rs.getBytes(first + 9),
                    rs.getBytes(first + 10));
        }

        /** The columns decoded: what the entry says. */
        EntryContent content() {
            return new EntryContent(
                    OffsetDateTime.parse(text(occurredAt), STORED_TIME).toInstant(),
                    text(actor),
                    text(action),
                    text(entityType),
                    text(entityId),
                    optional(employeeId),
                    optional(oldJson),
                    optional(newJson),
                    optional(reason),
                    optional(correlationId),
                    optional(traceId));
        }

        private static String text(byte[] utf8) {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        private static @Nullable String optional(byte @Nullable [] utf8) {
            return utf8 == null ? null : text(utf8);
        }
    }
}
