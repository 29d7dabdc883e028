package org.qualigate.audit;

import static org.qualigate.audit.ColumnsCanonicalForm.ACTION;
import static org.qualigate.audit.ColumnsCanonicalForm.ACTOR;
import static org.qualigate.audit.ColumnsCanonicalForm.CORRELATION_ID;
import static org.qualigate.audit.ColumnsCanonicalForm.EMPLOYEE_ID;
import static org.qualigate.audit.ColumnsCanonicalForm.ENTITY_ID;
import static org.qualigate.audit.ColumnsCanonicalForm.ENTITY_TYPE;
import static org.qualigate.audit.ColumnsCanonicalForm.NEW;
import static org.qualigate.audit.ColumnsCanonicalForm.NULL;
import static org.qualigate.audit.ColumnsCanonicalForm.OCCURRED_AT;
import static org.qualigate.audit.ColumnsCanonicalForm.OLD;
import static org.qualigate.audit.ColumnsCanonicalForm.PREV_HASH;
import static org.qualigate.audit.ColumnsCanonicalForm.REASON;
import static org.qualigate.audit.ColumnsCanonicalForm.SEQ;
import static org.qualigate.audit.ColumnsCanonicalForm.TRACE_ID;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Whether an entry's stored hashed text is exactly the canonical form {@link AuditHash#canonical} writes for the
 * entry's columns, shown without re-encoding them (decision 0069): the text is walked member by member in the fixed
 * order the canonical form has, and each member is compared with its column's bytes as the database sent them. A
 * string column is its own canonical form when it has no character JSON escapes, the time is compared digit by digit
 * with PostgreSQL's text of it in UTC, the JSON values by {@link JsonbTextMatch}. Yes only when shown; no means "not
 * shown here" (an escape, a fraction, a time outside the years 0000–9999, or a difference), and the caller decides
 * by re-encoding the columns, so that a yes here is always the re-encoding's yes. One instance per thread.
 */
final class HashedTextMatch {

    private static final byte[] END = ascii("}");
    private static final int DATE_TIME = 19; // yyyy-MM-dd HH:mm:ss
    private static final long LARGEST_PLAIN_SEQ = 999_999_999_999_999L;

    private final JsonbTextMatch values = new JsonbTextMatch();
    private byte[] text = new byte[0];
    private int at;

    /** Whether {@code hashedText} is shown to be the canonical form of entry {@code seq} with these columns. */
    boolean shows(byte[] hashedText, long seq, byte[] prevHash, EntryContent.Stored c) {
        text = hashedText;
        at = 0;
        return literal(ACTION)
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
                && value(c.newJson())
                && literal(OCCURRED_AT)
                && instant(c.occurredAt())
                && literal(OLD)
                && value(c.oldJson())
                && literal(PREV_HASH)
                && string(prevHash)
                && literal(REASON)
                && optional(c.reason())
                && literal(SEQ)
                && seq(seq)
                && trace(c.traceId())
                && at == text.length;
    }

    private boolean literal(byte[] expected) {
        int end = at + expected.length;
        if (end > text.length || !Arrays.equals(text, at, end, expected, 0, expected.length)) {
            return false;
        }
        at = end;
        return true;
    }

    /** A string column: in the text with its quotes, the same bytes, none of which JSON escapes. */
    private boolean string(byte @Nullable [] column) {
        if (column == null || at + column.length + 2 > text.length || text[at] != '"') {
            return false;
        }
        int p = at + 1;
        for (byte b : column) {
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20) || text[p++] != b) {
                return false;
            }
        }
        if (text[p] != '"') {
            return false;
        }
        at = p + 1;
        return true;
    }

    private boolean optional(byte @Nullable [] column) {
        return column == null ? literal(NULL) : string(column);
    }

    private boolean value(byte @Nullable [] jsonbText) {
        if (jsonbText == null) {
            return literal(NULL);
        }
        int end = values.endOf(jsonbText, text, at);
        if (end == JsonbTextMatch.NOT_SHOWN) {
            return false;
        }
        at = end;
        return true;
    }

    /**
     * The time as {@link java.time.Instant#toString} writes it truncated to microseconds ({@code
     * 2026-11-02T15:00:00.120Z}: a fraction of none, three or six digits), against PostgreSQL's text of the stored
     * time in UTC ({@code 2026-11-02 15:00:00.12+00}: the fraction without trailing zeros).
     */
    private boolean instant(byte[] column) {
        int n = column.length;
        if (n < DATE_TIME + 3 || at + DATE_TIME + 3 > text.length || text[at] != '"') {
            return false;
        }
        if (column[n - 3] != '+' || column[n - 2] != '0' || column[n - 1] != '0') {
            return false;
        }
        int p = at + 1;
        for (int i = 0; i < DATE_TIME; i++) {
            byte c = column[i];
            boolean same = i == 10 ? c == ' ' && text[p + i] == 'T' : c == text[p + i];
            boolean form = i == 4 || i == 7 ? c == '-' : i == 13 || i == 16 ? c == ':' : i == 10 || isDigit(c);
            if (!same || !form) {
                return false;
            }
        }
        p += DATE_TIME;
        int fraction = n - 3 - DATE_TIME;
        if (fraction > 0) {
            int digits = fraction - 1;
            // the last digit not zero, so that the fraction has three digits exactly when it is whole milliseconds
            if (column[DATE_TIME] != '.'
                    || digits < 1
                    || digits > 6
                    || column[DATE_TIME + digits] < '1'
                    || column[DATE_TIME + digits] > '9') {
                return false;
            }
            int written = digits <= 3 ? 3 : 6;
            if (p + written + 1 > text.length || text[p] != '.') {
                return false;
            }
            p++;
            for (int i = 0; i < written; i++) {
                byte want = i < digits ? column[DATE_TIME + 1 + i] : (byte) '0';
                if (!isDigit(want) || text[p + i] != want) {
                    return false;
                }
            }
            p += written;
        }
        if (p + 2 > text.length || text[p] != 'Z' || text[p + 1] != '"') {
            return false;
        }
        at = p + 2;
        return true;
    }

    private boolean seq(long seq) {
        return seq > 0 && seq <= LARGEST_PLAIN_SEQ && literal(ascii(Long.toString(seq)));
    }

    private boolean trace(byte @Nullable [] traceId) {
        return traceId == null ? literal(END) : literal(TRACE_ID) && string(traceId) && literal(END);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
