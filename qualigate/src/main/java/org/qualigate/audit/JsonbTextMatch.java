package org.qualigate.audit;

import java.util.Arrays;

/**
 * Whether a JSON value as PostgreSQL writes a {@code jsonb} back ({@code value::text}: members ordered by the length
 * of their names, a space after every comma and colon) is, in canonical form (RFC 8785), exactly the text at a given
 * place of an entry's hashed text — shown by walking both side by side, with no text re-encoded. An object's members
 * are found by name: the hashed text's names must be strictly increasing (so distinct), as many as the value's and
 * each one of the value's, which makes them the same members. Only what is its own canonical form on both sides is
 * taken: strings and names without escapes (names in ASCII, where byte order is the UTF-16 order RFC 8785 sorts by),
 * integers of at most 15 digits, {@code true}, {@code false}, {@code null}. Anything else (a fraction, an escape, a
 * deep or wide object) answers "not shown here", and the caller decides by re-encoding; so a yes from here is always
 * the re-encoding's yes. One instance per thread: it keeps its place between calls.
 */
final class JsonbTextMatch {

    /** Not shown here: the caller re-encodes. */
    static final int NOT_SHOWN = -1;

    private static final int MAX_DEPTH = 32;
    private static final int MAX_MEMBERS = 64;

    private byte[] value = new byte[0];
    private byte[] text = new byte[0];
    private int vi;
    private int ti;
    private int[] members = new int[3 * MAX_MEMBERS];
    private int top;

    /**
     * Where the canonical form of {@code jsonbText} ends in {@code hashedText} when it starts there at {@code from};
     * {@link #NOT_SHOWN} when that is not shown by the walk.
     */
    int endOf(byte[] jsonbText, byte[] hashedText, int from) {
        value = jsonbText;
        text = hashedText;
        vi = 0;
        ti = from;
        top = 0;
        if (!value(0)) {
            return NOT_SHOWN;
        }
        return vi == value.length ? ti : NOT_SHOWN;
    }

    private boolean value(int depth) {
        if (vi >= value.length || ti >= text.length) {
            return false;
        }
        return switch (value[vi]) {
            case '{' -> depth < MAX_DEPTH && object(depth + 1);
            case '[' -> depth < MAX_DEPTH && array(depth + 1);
            case '"' -> string(false);
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> integer();
        };
    }

    private boolean object(int depth) {
        if (text[ti] != '{') {
            return false;
        }
        int base = top;
        int count = collectMembers();
        if (count < 0) {
            return false;
        }
        int end = vi;
        ti++;
        int previous = -1;
        int previousLength = 0;
        for (int m = 0; m < count; m++) {
            if (m > 0 && !expectText(',')) {
                return false;
            }
            int name = ti;
            int nameEnd = stringEnd(text, ti, true);
            if (nameEnd < 0 || !expectTextAt(nameEnd, ':')) {
                return false;
            }
            int length = nameEnd - name;
            if (previous >= 0 && Arrays.compare(text, previous, previous + previousLength, text, name, nameEnd) >= 0) {
                return false;
            }
            int found = find(base, count, name, length);
            if (found < 0) {
                return false;
            }
            previous = name;
            previousLength = length;
            ti = nameEnd + 1;
            vi = members[found + 2];
            if (!value(depth)) {
                return false;
            }
        }
        top = base;
        vi = end;
        return expectText('}');
    }

    /**
     * Reads the value's object from {@code vi} (at its opening brace) to just after its closing one, keeping each
     * member's name (start and end) and value start above {@code top}; how many members, or -1.
     */
    private int collectMembers() {
        vi++;
        skipSpace();
        if (vi < value.length && value[vi] == '}') {
            vi++;
            return 0;
        }
        int count = 0;
        while (true) {
            skipSpace();
            int nameEnd = stringEnd(value, vi, true);
            if (nameEnd < 0 || count == MAX_MEMBERS || top + 3 > members.length && !grow()) {
                return -1;
            }
            members[top++] = vi;
            members[top++] = nameEnd;
            vi = nameEnd;
            skipSpace();
            if (vi >= value.length || value[vi++] != ':') {
                return -1;
            }
            skipSpace();
            members[top++] = vi;
            if (!skipValue()) {
                return -1;
            }
            count++;
            skipSpace();
            if (vi >= value.length) {
                return -1;
            }
            byte c = value[vi++];
            if (c == '}') {
                return count;
            }
            if (c != ',') {
                return -1;
            }
        }
    }

    private boolean grow() {
        if (members.length >= 3 * MAX_MEMBERS * MAX_DEPTH) {
            return false;
        }
        members = Arrays.copyOf(members, members.length * 2);
        return true;
    }

    /** The member of the object kept from {@code base} whose name is the text's name at {@code name}; -1 if none. */
    private int find(int base, int count, int name, int length) {
        for (int m = base; m < base + 3 * count; m += 3) {
            if (members[m + 1] - members[m] == length
                    && Arrays.equals(value, members[m], members[m + 1], text, name, name + length)) {
                return m;
            }
        }
        return -1;
    }

    private boolean array(int depth) {
        if (text[ti] != '[') {
            return false;
        }
        vi++;
        ti++;
        skipSpace();
        if (vi < value.length && value[vi] == ']') {
            vi++;
            return expectText(']');
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            skipSpace();
            if (vi >= value.length) {
                return false;
            }
            byte c = value[vi++];
            if (c == ']') {
                return expectText(']');
            }
            if (c != ',' || !expectText(',')) {
                return false;
            }
            skipSpace();
        }
    }

    /** A string with no escapes: its own canonical form, so the same bytes in the text. */
    private boolean string(boolean ascii) {
        int end = stringEnd(value, vi, ascii);
        return end >= 0 && same(end - vi);
    }

    private boolean word(String word) {
        int n = word.length();
        for (int i = 0; i < n; i++) {
            if (vi + i >= value.length || value[vi + i] != word.charAt(i)) {
                return false;
            }
        }
        return same(n);
    }

    /** An integer of at most 15 digits, no leading zero and not {@code -0}: its own canonical form. */
    private boolean integer() {
        int i = vi;
        if (value[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < value.length && value[i] >= '0' && value[i] <= '9') {
            i++;
        }
        int n = i - digits;
        if (n == 0 || n > 15 || (value[digits] == '0' && (n > 1 || digits > vi))) {
            return false;
        }
        if (i < value.length && (value[i] == '.' || value[i] == 'e' || value[i] == 'E')) {
            return false;
        }
        return same(i - vi) && (ti >= text.length || !isNumberPart(text[ti]));
    }

    private static boolean isNumberPart(byte b) {
        return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
    }

    /** Whether the next {@code n} bytes of the value are the next {@code n} of the text; both move past them. */
    private boolean same(int n) {
        if (ti + n > text.length || !Arrays.equals(value, vi, vi + n, text, ti, ti + n)) {
            return false;
        }
        vi += n;
        ti += n;
        return true;
    }

    /**
     * Just past the closing quote of the string whose opening quote is at {@code at}, or -1 if there is none there
     * or the string has an escape, a control character or (when {@code ascii}) a byte outside ASCII.
     */
    static int stringEnd(byte[] b, int at, boolean ascii) {
        if (at >= b.length || b[at] != '"') {
            return -1;
        }
        for (int i = at + 1; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' || (c >= 0 && c < 0x20) || (ascii && c < 0)) {
                return -1;
            }
        }
        return -1;
    }

    /** Skips one value of the value's text (escapes in strings included); false if it ends first. */
    private boolean skipValue() {
        int depth = 0;
        while (vi < value.length) {
            byte c = value[vi];
            if (c == '"') {
                vi = skipString(vi);
                if (vi < 0) {
                    return false;
                }
            } else if (c == '{' || c == '[') {
                depth++;
                vi++;
            } else if (c == '}' || c == ']' || c == ',') {
                if (depth == 0) {
                    return true;
                }
                if (c != ',') {
                    depth--;
                }
                vi++;
            } else {
                vi++;
            }
        }
        return depth == 0;
    }

    private int skipString(int at) {
        for (int i = at + 1; i < value.length; i++) {
            if (value[i] == '\\') {
                i++;
            } else if (value[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    private void skipSpace() {
        while (vi < value.length && value[vi] == ' ') {
            vi++;
        }
    }

    private boolean expectText(char c) {
        if (ti < text.length && text[ti] == c) {
            ti++;
            return true;
        }
        return false;
    }

    private boolean expectTextAt(int at, char c) {
        return at < text.length && text[at] == c;
    }
}
