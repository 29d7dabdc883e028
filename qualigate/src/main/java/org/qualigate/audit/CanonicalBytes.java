package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The output of {@link ColumnsCanonicalForm} and the part of it that writes a JSON value from PostgreSQL's text of a
 * {@code jsonb} as {@link CanonicalJson#canonicalizeText} writes it (decision 0108): objects with ASCII names (members
 * sorted by name), arrays, ASCII strings with canonical escapes, integers of at most 15 digits, {@code true},
 * {@code false} and {@code null}. Anything else answers "not written here".
 */
abstract class CanonicalBytes {

    static final byte[] NULL = ascii("null");
    static final byte[] TRUE = ascii("true");
    static final byte[] FALSE = ascii("false");
    static final byte[] HEX = ascii("0123456789abcdef");
    static final int MAX_DEPTH = 32;
    static final int MAX_INTEGER_DIGITS = 15;

    byte[] out = new byte[1_024];
    int length;
    byte[] scratch = new byte[256];
    /** The members of the objects being written, innermost last: where each starts in {@link #out} and ends. */
    int[] members = new int[64];
    /** The members of the object being sorted, in their order. */
    int[] order = new int[16];

    int memberCount;
    byte[] in = out;
    int at;

    /** The bytes written, from 0 to {@link #length()}. */
    byte[] bytes() {
        return out;
    }

    int length() {
        return length;
    }

    boolean literal(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, out, length, b.length);
        length += b.length;
        return true;
    }

    boolean put(byte b) {
        room(1);
        out[length++] = b;
        return true;
    }

    void room(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
    /** A JSON value as {@link CanonicalJson#canonicalizeText} writes it, from PostgreSQL's text of a {@code jsonb}. */
    boolean json(byte @Nullable [] text) {
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

    static int number(byte[] b, int from, int digits) {
        int v = 0;
        for (int i = from; i < from + digits; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int hex(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
