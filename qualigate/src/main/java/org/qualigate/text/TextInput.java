package org.qualigate.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for text that comes from outside and may be stored: it is refused, never repaired. A value
 * with a control character (C0, DEL, C1), a lone UTF-16 surrogate or a Unicode noncharacter is refused
 * with the position and code point; bytes that are not strict UTF-8 (overlong forms, encoded surrogates,
 * truncated sequences) are refused rather than decoded leniently. So what is stored is exactly what the
 * sender sent, and PostgreSQL (which cannot hold NUL in text) never fails on it.
 */
public final class TextInput {

    private TextInput() {}

    /** Why the value cannot be stored as it is (empty when it can); line breaks and tabs are refused too. */
    public static Optional<String> refusal(String value) {
        return refusal(value, false);
    }

    /**
     * As {@link #refusal(String)}, but tabs and line breaks (CR, LF) are allowed: for free text such as a
     * reason, a rules file or a CSV field that was quoted across lines.
     */
    public static Optional<String> multiLineRefusal(String value) {
        return refusal(value, true);
    }

    private static Optional<String> refusal(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int cp = value.codePointAt(i);
                    if (isNoncharacter(cp)) {
                        return Optional.of(at(i, cp, "a Unicode noncharacter"));
                    }
                    i++;
                    continue;
                }
                return Optional.of(at(i, c, "a lone UTF-16 surrogate"));
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of(at(i, c, "a lone UTF-16 surrogate"));
            }
            if (multiLine && (c == '\t' || c == '\n' || c == '\r')) {
                continue;
            }
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                return Optional.of(at(i, c, "a control character"));
            }
            if (isNoncharacter(c)) {
                return Optional.of(at(i, c, "a Unicode noncharacter"));
            }
        }
        return Optional.empty();
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static String at(int index, int codePoint, String what) {
        return "contains " + what + " (" + codePoint(codePoint) + ") at character " + (index + 1)
                + "; such text is refused, not cleaned";
    }

    /** {@code U+0000} notation. */
    public static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    /**
     * Whether the bytes are strict UTF-8 (the well-formed sequences of Unicode's table 3-7: no overlong forms,
     * encoded surrogates, code points beyond U+10FFFF or truncated sequences), checked without decoding them.
     * {@link #utf8} says why not, at which byte.
     */
    public static boolean isStrictUtf8(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + more >= n) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                int c = bytes[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /** The bytes as text when they are strict UTF-8; otherwise why not, with the byte offset. */
    public static DecodedText utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return new DecodedText(decoder.decode(in).toString(), null);
        } catch (CharacterCodingException e) {
            // The JDK's decoder stops where the sequence went wrong: overlong forms (C0 80), encoded
            // surrogates (ED A0 80), code points beyond U+10FFFF and truncated sequences all end here.
            return new DecodedText(
                    null,
                    "is not valid UTF-8 at byte " + in.position()
                            + " (invalid, overlong or truncated sequences are refused, not decoded)");
        }
    }

    /**
     * The value for a message or a log line, never for storage as data: every character that
     * {@link #refusal(String)} would refuse is written as {@code \\u0000}, and a long value is cut at
     * {@code max} characters with an ellipsis.
     */
    public static String printable(String value, int max) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                b.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c) || c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return i < value.length() ? b + "…" : b.toString();
    }

    /** Bytes decoded as strict UTF-8, or why they are not. */
    public record DecodedText(
            @Nullable String text, @Nullable String refusal) {

        public DecodedText {
            if ((text == null) == (refusal == null)) {
                throw new IllegalArgumentException("either text or a refusal");
            }
        }

        public boolean valid() {
            return text != null;
        }
    }
}
