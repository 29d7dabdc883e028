package org.qualigate.audit;

import org.jspecify.annotations.Nullable;

/**
 * The canonical form {@link AuditHash#canonical} writes for an entry, written straight from the entry's columns as
 * the database sent them (decision 0108): the bytes are copied where they already are their canonical form, and no
 * column is decoded into a {@code String}. It writes only what it can write exactly as {@link AuditHash#canonical}
 * would: strings of ASCII characters (escaped as RFC 8785 escapes them), PostgreSQL's text of a time in UTC in the
 * years 0000–9999, and JSON values of objects with ASCII names, arrays, such strings, integers of at most 15 digits,
 * {@code true}, {@code false} and {@code null}. For anything else (a non-ASCII character, a fraction or exponent, a
 * longer integer, deep nesting, malformed text) it answers "not written here", and the caller encodes the decoded
 * columns as before, so this decides only how fast an entry is checked, never whether it holds. One instance per
 * thread; the bytes are valid until the next {@link #write}.
 */
final class ColumnsCanonicalForm extends CanonicalBytes {

    static final byte[] ACTION = ascii("{\"action\":");
    static final byte[] ACTOR = ascii(",\"actor\":");
    static final byte[] CORRELATION_ID = ascii(",\"correlationId\":");
    static final byte[] EMPLOYEE_ID = ascii(",\"employeeId\":");
    static final byte[] ENTITY_ID = ascii(",\"entityId\":");
    static final byte[] ENTITY_TYPE = ascii(",\"entityType\":");
    static final byte[] NEW = ascii(",\"new\":");
    static final byte[] OCCURRED_AT = ascii(",\"occurredAt\":");
    static final byte[] OLD = ascii(",\"old\":");
    static final byte[] PREV_HASH = ascii(",\"prevHash\":");
    static final byte[] REASON = ascii(",\"reason\":");
    static final byte[] SEQ = ascii(",\"seq\":");
    static final byte[] TRACE_ID = ascii(",\"traceId\":");
    private static final int DATE_TIME = 19; // yyyy-MM-dd HH:mm:ss
    private static final long LARGEST_PLAIN_SEQ = 999_999_999_999_999L;

    /** Writes the canonical form of entry {@code seq} with these columns; false when it is not written here. */
    boolean write(long seq, byte[] prevHash, EntryContent.Stored c) {
        length = 0;
        memberCount = 0;
        return seq >= 0
                && seq <= LARGEST_PLAIN_SEQ
                && literal(ACTION)
                && string(c.action())
                && literal(ACTOR)
                && string(c.actor())
                && literal(CORRELATION_ID)
                && optional(c.correlationId())
                && literal(EMPLOYEE_ID)
                && optional(c.employeeId())
                && literal(ENTITY_ID)
                && string(c.entityId())
                && literal(ENTITY_TYPE)
                && string(c.entityType())
                && literal(NEW)
                && json(c.newJson())
                && literal(OCCURRED_AT)
                && instant(c.occurredAt())
                && literal(OLD)
                && json(c.oldJson())
                && literal(PREV_HASH)
                && string(prevHash)
                && literal(REASON)
                && optional(c.reason())
                && literal(SEQ)
                && digits(seq)
                && (c.traceId() == null || literal(TRACE_ID) && string(c.traceId()))
                && put((byte) '}');
    }

    private boolean optional(byte @Nullable [] column) {
        return column == null ? literal(NULL) : string(column);
    }

    /**
     * A text column as {@link CanonicalJson#writeString} writes it: between quotes, with {@code "}, {@code \} and the
     * control characters escaped. ASCII only: anything else is left to the caller.
     */
    private boolean string(byte[] column) {
        room(column.length + 2);
        out[length++] = '"';
        for (int i = 0; i < column.length; i++) {
            byte b = column[i];
            if (b < 0) {
                return false;
            }
            if (b >= 0x20 && b != '"' && b != '\\') {
                out[length++] = b;
                continue;
            }
            room(column.length - i + 6);
            out[length++] = '\\';
            switch (b) {
                case '"', '\\' -> out[length++] = b;
                case '\b' -> out[length++] = 'b';
                case '\f' -> out[length++] = 'f';
                case '\n' -> out[length++] = 'n';
                case '\r' -> out[length++] = 'r';
                case '\t' -> out[length++] = 't';
                default -> {
                    out[length++] = 'u';
                    out[length++] = '0';
                    out[length++] = '0';
                    out[length++] = HEX[b >> 4];
                    out[length++] = HEX[b & 0xF];
                }
            }
        }
        out[length++] = '"';
        return true;
    }

    /**
     * The time as {@link java.time.Instant#toString} writes it truncated to microseconds ({@code
     * 2026-11-02T15:00:00.120Z}: a fraction of none, three or six digits), from PostgreSQL's text of it in UTC
     * ({@code 2026-11-02 15:00:00.12+00}). Only a valid date and time of the years 0000–9999 is written here.
     */
    private boolean instant(byte[] column) {
        int n = column.length;
        if (n < DATE_TIME + 3 || column[n - 3] != '+' || column[n - 2] != '0' || column[n - 1] != '0') {
            return false;
        }
        for (int i = 0; i < DATE_TIME; i++) {
            byte c = column[i];
            boolean form = i == 4 || i == 7 ? c == '-' : i == 13 || i == 16 ? c == ':' : i == 10 ? c == ' ' : digit(c);
            if (!form) {
                return false;
            }
        }
        int year = number(column, 0, 4);
        int month = number(column, 5, 2);
        int day = number(column, 8, 2);
        if (month < 1
                || month > 12
                || day < 1
                || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
                || number(column, 11, 2) > 23
                || number(column, 14, 2) > 59
                || number(column, 17, 2) > 59) {
            return false;
        }
        int fraction = n - 3 - DATE_TIME;
        int micros = 0;
        if (fraction > 0) {
            int digits = fraction - 1;
            if (column[DATE_TIME] != '.' || digits < 1 || digits > 6) {
                return false;
            }
            for (int i = 0; i < 6; i++) {
                byte d = i < digits ? column[DATE_TIME + 1 + i] : (byte) '0';
                if (!digit(d)) {
                    return false;
                }
                micros = micros * 10 + (d - '0');
            }
        }
        int written = micros == 0 ? 0 : micros % 1_000 == 0 ? 3 : 6;
        room(DATE_TIME + 10);
        out[length++] = '"';
        System.arraycopy(column, 0, out, length, DATE_TIME);
        out[length + 10] = 'T';
        length += DATE_TIME;
        if (written > 0) {
            out[length++] = '.';
            for (int i = 0; i < written; i++) {
                out[length++] = i < fraction - 1 ? column[DATE_TIME + 1 + i] : (byte) '0';
            }
        }
        out[length++] = 'Z';
        out[length++] = '"';
        return true;
    }

    private boolean digits(long value) {
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        room(n);
        long v = value;
        for (int i = length + n - 1; i >= length; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += n;
        return true;
    }
}
