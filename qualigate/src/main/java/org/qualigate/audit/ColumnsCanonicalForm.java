package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
final class ColumnsCanonicalForm {

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
    static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final int DATE_TIME = 19; // yyyy-MM-dd HH:mm:ss
    private static final long LARGEST_PLAIN_SEQ = 999_999_999_999_999L;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_INTEGER_DIGITS = 15;

    private byte[] out = new byte[1_024];
    private int length;
    private byte[] scratch = new byte[256];
    /** The members of the objects being written, innermost last: where each starts in {@link #out} and ends. */
    private int[] members = new int[64];
    /** The members of the object being sorted, in their order. */
    private int[] order = new int[16];

    private int memberCount;
    private byte[] in = out;
    private int at;

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

    /** The bytes written, from 0 to {@link #length()}. */
    byte[] bytes() {
        return out;
    }

    int length() {
        return length;
    }

    private boolean literal(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, out, length, b.length);
        length += b.length;
        return true;
    }

    private boolean put(byte b) {
        room(1);
        out[length++] = b;
        return true;
    }

    private void room(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
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

    /** A JSON value as {@link CanonicalJson#canonicalizeText} writes it, from PostgreSQL's text of a {@code jsonb}. */
    private boolean json(byte @Nullable [] text) {
        if (text == null) {
            return literal(NULL);
        }
        in = text;
        at = 0;
        if (!value(0)) {
            return false;
        }
        skipSpace();
        return at == in.length;
    }

    private boolean value(int depth) {
        skipSpace();
        if (at >= in.length) {
            return false;
        }
        return switch (in[at]) {
            case '{' -> depth < MAX_DEPTH && object(depth + 1);
            case '[' -> depth < MAX_DEPTH && array(depth + 1);
            case '"' -> jsonString();
            case 't' -> word(TRUE);
            case 'f' -> word(FALSE);
            case 'n' -> word(NULL);
            default -> integer();
        };
    }

    private boolean word(byte[] w) {
        if (at + w.length > in.length || !Arrays.equals(in, at, at + w.length, w, 0, w.length)) {
            return false;
        }
        at += w.length;
        return literal(w);
    }

    /**
     * An object: its members written in the order they come, each remembered by where it starts and ends in the
     * output; then, if their names are not in order, moved into it (ASCII names: byte order is the UTF-16 order RFC
     * 8785 sorts by). A repeated name is not written here.
     */
    private boolean object(int depth) {
        at++;
        put((byte) '{');
        int open = length;
        int first = memberCount;
        boolean sorted = true;
        skipSpace();
        if (at < in.length && in[at] == '}') {
            at++;
            return put((byte) '}');
        }
        while (true) {
            skipSpace();
            if (at >= in.length || in[at] != '"') {
                return false;
            }
            int start = length;
            if (!name()) {
                return false;
            }
            if (memberCount > first) {
                int order = compareNames(members[2 * (memberCount - 1)], start);
                if (order == 0) {
                    return false;
                }
                sorted &= order < 0;
            }
            skipSpace();
            if (at >= in.length || in[at] != ':') {
                return false;
            }
            at++;
            put((byte) ':');
            if (!value(depth)) {
                return false;
            }
            remember(start, length);
            skipSpace();
            if (at >= in.length) {
                return false;
            }
            byte c = in[at++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return false;
            }
            put((byte) ',');
        }
        boolean done = sorted || sort(open, first);
        memberCount = first;
        return done && put((byte) '}');
    }

    private void remember(int start, int end) {
        if (2 * memberCount + 2 > members.length) {
            members = Arrays.copyOf(members, members.length * 2);
        }
        members[2 * memberCount] = start;
        members[2 * memberCount + 1] = end;
        memberCount++;
    }

    /** A member's name: ASCII, no escapes (its text is then its canonical form). */
    private boolean name() {
        return quoted(false);
    }

    /** Compares the quoted names written at {@code a} and {@code b} in the output. */
    private int compareNames(int a, int b) {
        int i = a + 1;
        int j = b + 1;
        while (true) {
            byte x = out[i++];
            byte y = out[j++];
            if (x == y) {
                if (x == '"') {
                    return 0;
                }
                continue;
            }
            // the closing quote ends the shorter name, which sorts first
            return x == '"' ? -1 : y == '"' ? 1 : Byte.compare(x, y);
        }
    }

    /** Moves the members {@code first} … written after {@code open} into the order of their names. */
    private boolean sort(int open, int first) {
        int n = memberCount - first;
        if (order.length < n) {
            order = new int[Math.max(n, 2 * order.length)];
        }
        for (int i = 0; i < n; i++) {
            order[i] = first + i;
        }
        for (int i = 1; i < n; i++) {
            int m = order[i];
            int j = i - 1;
            while (j >= 0 && compareNames(members[2 * order[j]], members[2 * m]) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = m;
        }
        for (int i = 1; i < n; i++) {
            if (compareNames(members[2 * order[i - 1]], members[2 * order[i]]) == 0) {
                return false;
            }
        }
        int size = length - open;
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
        }
        int p = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                scratch[p++] = ',';
            }
            int start = members[2 * order[i]];
            int end = members[2 * order[i] + 1];
            System.arraycopy(out, start, scratch, p, end - start);
            p += end - start;
        }
        System.arraycopy(scratch, 0, out, open, p);
        return true;
    }

    private boolean array(int depth) {
        at++;
        put((byte) '[');
        skipSpace();
        if (at < in.length && in[at] == ']') {
            at++;
            return put((byte) ']');
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            skipSpace();
            if (at >= in.length) {
                return false;
            }
            byte c = in[at++];
            if (c == ']') {
                return put((byte) ']');
            }
            if (c != ',') {
                return false;
            }
            put((byte) ',');
        }
    }

    /**
     * A string value: ASCII, and its escapes only those {@link CanonicalJson#writeString} writes itself ({@code \"},
     * {@code \\}, {@code \b \f \n \r \t}, a six-character escape with lower-case hex for the other control characters), so the
     * text is its canonical form and is copied as it is.
     */
    private boolean jsonString() {
        return quoted(true);
    }

    /** A string, quotes included, copied as it is: ASCII, and escapes only if {@code escapes} and canonical. */
    private boolean quoted(boolean escapes) {
        int start = at;
        at++;
        while (at < in.length) {
            byte b = in[at];
            if (b == '"') {
                at++;
                return copied(start);
            }
            if (b < 0x20 || (b == '\\' && !(escapes && canonicalEscape()))) {
                return false; // a negative byte (non-ASCII) included
            }
            at += b == '\\' ? escapeLength() : 1;
        }
        return false;
    }

    /** Copies the input from {@code start} to where the reading is. */
    private boolean copied(int start) {
        int n = at - start;
        room(n);
        System.arraycopy(in, start, out, length, n);
        length += n;
        return true;
    }

    private boolean canonicalEscape() {
        if (at + 1 >= in.length) {
            return false;
        }
        return switch (in[at + 1]) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> true;
            case 'u' -> {
                if (at + 5 >= in.length || in[at + 2] != '0' || in[at + 3] != '0') {
                    yield false;
                }
                int high = hex(in[at + 4]);
                int low = hex(in[at + 5]);
                int code = high * 16 + low;
                // only the control characters without a short escape, written with lower-case hex
                yield high >= 0
                        && low >= 0
                        && code < 0x20
                        && code != '\b'
                        && code != '\f'
                        && code != '\n'
                        && code != '\r'
                        && code != '\t';
            }
            default -> false;
        };
    }

    private int escapeLength() {
        return in[at + 1] == 'u' ? 6 : 2;
    }

    /** An integer of at most 15 digits without a leading zero: exact as a double, written with its digits. */
    private boolean integer() {
        int start = at;
        if (in[at] == '-') {
            at++;
        }
        int digitsStart = at;
        while (at < in.length && digit(in[at])) {
            at++;
        }
        int digits = at - digitsStart;
        if (digits == 0 || digits > MAX_INTEGER_DIGITS || (digits > 1 && in[digitsStart] == '0')) {
            return false;
        }
        if (at < in.length && (in[at] == '.' || in[at] == 'e' || in[at] == 'E')) {
            return false;
        }
        if (digits == 1 && in[digitsStart] == '0') {
            return put((byte) '0'); // minus zero included
        }
        return copied(start);
    }

    private void skipSpace() {
        while (at < in.length) {
            byte c = in[at];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    private static int number(byte[] b, int from, int digits) {
        int v = 0;
        for (int i = from; i < from + digits; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int hex(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
