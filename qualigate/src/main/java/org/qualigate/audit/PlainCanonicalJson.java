package org.qualigate.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A one-pass canonicalizer for plain JSON text (see {@link #canonicalizeText}). */
final class PlainCanonicalJson {
    private static final NotPlain NOT_PLAIN = new NotPlain();
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER = 64;

    private final String s;
    private int at;

    private PlainCanonicalJson(String s) {
        this.s = s;
    }

    /** The canonical form of plain JSON text, or null when the text is not plain (the general form decides). */
    static @Nullable String canonicalize(String json) {
        try {
            PlainCanonicalJson plain = new PlainCanonicalJson(json);
            StringBuilder out = new StringBuilder(json.length());
            plain.value(out, 0);
            plain.skipSpace();
            if (plain.at != json.length()) {
                throw NOT_PLAIN;
            }
            return out.toString();
        } catch (NotPlain e) {
            return null;
        }
    }

    /** The text is not in the plain form the one-pass canonicalizer takes; the general one decides. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    void skipSpace() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    void value(StringBuilder out, int depth) {
        skipSpace();
        if (at >= s.length()) {
            throw NOT_PLAIN;
        }
        char c = s.charAt(at);
        switch (c) {
            case '{' -> object(out, depth + 1);
            case '[' -> array(out, depth + 1);
            case '"' -> stringTo(out);
            case 't' -> literal("true", out);
            case 'f' -> literal("false", out);
            case 'n' -> literal("null", out);
            default -> number(out);
        }
    }

    private void literal(String word, StringBuilder out) {
        if (!s.startsWith(word, at)) {
            throw NOT_PLAIN;
        }
        at += word.length();
        out.append(word);
    }

    private void object(StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw NOT_PLAIN;
        }
        at++;
        skipSpace();
        if (at < s.length() && s.charAt(at) == '}') {
            at++;
            out.append("{}");
            return;
        }
        // Members are written as they come; only if their names are out of order are they moved.
        int open = out.length();
        out.append('{');
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        boolean sorted = true;
        while (true) {
            skipSpace();
            if (at >= s.length() || s.charAt(at) != '"') {
                throw NOT_PLAIN;
            }
            int quoted = at;
            String name = string();
            int end = at;
            skipSpace();
            if (at >= s.length() || s.charAt(at) != ':') {
                throw NOT_PLAIN;
            }
            at++;
            if (!names.isEmpty()) {
                int order = names.getLast().compareTo(name);
                if (order == 0) {
                    throw NOT_PLAIN;
                }
                sorted &= order < 0;
                out.append(',');
            }
            names.add(name);
            starts.add(out.length());
            writeName(out, name, quoted, end);
            value(out, depth);
            skipSpace();
            if (at >= s.length()) {
                throw NOT_PLAIN;
            }
            char c = s.charAt(at++);
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw NOT_PLAIN;
            }
        }
        if (!sorted) {
            sortMembers(out, open, names, starts);
        }
        out.append('}');
    }

    /** A member's name and the colon after it; the name's text from {@code quoted} to {@code end}, quotes included. */
    private void writeName(StringBuilder out, String name, int quoted, int end) {
        if (end - quoted == name.length() + 2) {
            // no escapes in the text: it is the name's canonical form (string() lets no character through that
            // the canonical form escapes)
            out.append(s, quoted, end);
        } else {
            CanonicalJson.writeString(name, out);
        }
        out.append(':');
    }

    /** Moves the members written after {@code open} into the order of their names. */
    private static void sortMembers(StringBuilder out, int open, List<String> names, List<Integer> starts) {
        int n = names.size();
        String[] members = new String[n];
        for (int i = 0; i < n; i++) {
            int end = i + 1 < n ? starts.get(i + 1) - 1 : out.length();
            members[i] = out.substring(starts.get(i), end);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // String.compareTo orders by UTF-16 code units, as RFC 8785 asks.
        Arrays.sort(order, (a, b) -> names.get(a).compareTo(names.get(b)));
        for (int i = 1; i < n; i++) {
            if (names.get(order[i - 1]).equals(names.get(order[i]))) {
                throw NOT_PLAIN;
            }
        }
        out.setLength(open + 1);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(members[order[i]]);
        }
    }

    private void array(StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw NOT_PLAIN;
        }
        at++;
        out.append('[');
        skipSpace();
        if (at < s.length() && s.charAt(at) == ']') {
            at++;
            out.append(']');
            return;
        }
        boolean first = true;
        while (true) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(out, depth);
            skipSpace();
            if (at >= s.length()) {
                throw NOT_PLAIN;
            }
            char c = s.charAt(at++);
            if (c == ']') {
                break;
            }
            if (c != ',') {
                throw NOT_PLAIN;
            }
        }
        out.append(']');
    }

    /**
     * A string value written in canonical form. Text without escapes, control characters or surrogates (the usual
     * case) is its own canonical form and is copied with its quotes, without being decoded and encoded again.
     */
    private void stringTo(StringBuilder out) {
        int i = at + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append(s, at, i + 1);
                at = i + 1;
                return;
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                break;
            }
            i++;
        }
        CanonicalJson.writeString(string(), out);
    }

    /** A string's value; escapes decoded. Lone surrogates and control characters are not plain. */
    private String string() {
        at++;
        int start = at;
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c == '"') {
                String plain = s.substring(start, at++);
                return checked(plain);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            at++;
        }
        StringBuilder b = new StringBuilder(at - start + 16).append(s, start, at);
        while (at < s.length()) {
            char c = s.charAt(at++);
            if (c == '"') {
                return checked(b.toString());
            }
            if (c < 0x20) {
                throw NOT_PLAIN;
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (at >= s.length()) {
                throw NOT_PLAIN;
            }
            char e = s.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (at + 4 > s.length()) {
                        throw NOT_PLAIN;
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(at++), 16);
                        if (d < 0) {
                            throw NOT_PLAIN;
                        }
                        code = code * 16 + d;
                    }
                    b.append((char) code);
                }
                default -> throw NOT_PLAIN;
            }
        }
        throw NOT_PLAIN;
    }

    private static String checked(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw NOT_PLAIN;
            }
        }
        return value;
    }

    /** A number, as RFC 8785 writes it: short integers as they are, anything else through its double. */
    private void number(StringBuilder out) {
        int start = at;
        if (at < s.length() && s.charAt(at) == '-') {
            at++;
        }
        int intStart = at;
        while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
            at++;
        }
        int intDigits = at - intStart;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
            throw NOT_PLAIN;
        }
        boolean integer = true;
        if (at < s.length() && s.charAt(at) == '.') {
            integer = false;
            at++;
            int fraction = at;
            while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                at++;
            }
            if (at == fraction) {
                throw NOT_PLAIN;
            }
        }
        if (at < s.length() && (s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
            integer = false;
            at++;
            if (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
                at++;
            }
            int exponent = at;
            while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                at++;
            }
            if (at == exponent) {
                throw NOT_PLAIN;
            }
        }
        if (at - start > MAX_NUMBER) {
            throw NOT_PLAIN;
        }
        if (integer && intDigits <= 15) {
            // Exact as a double, and ECMAScript writes such an integer with its digits.
            if (intDigits == 1 && s.charAt(intStart) == '0') {
                out.append('0');
            } else {
                out.append(s, start, at);
            }
            return;
        }
        out.append(CanonicalJson.number(Double.parseDouble(s.substring(start, at))));
    }
}
