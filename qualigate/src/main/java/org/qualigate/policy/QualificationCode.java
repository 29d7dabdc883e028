package org.qualigate.policy;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A canonical qualification code, e.g. {@code ASEPTIC-GOWN}, independent of any source system. */
public record QualificationCode(String value) implements Comparable<QualificationCode> {

    /** The form, as a pattern; {@link #isValid} checks it character by character. */
    static final Pattern FORM = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");

    public QualificationCode {
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "qualification code must be 1-64 upper-case letters, digits, '.', '_', '-': " + value);
        }
    }

    public static QualificationCode of(String value) {
        return new QualificationCode(value);
    }

    /**
     * Whether the value has the form {@link #FORM}, checked character by character: a code is made for every
     * record read, and a regex matcher per code was a good part of what reading them allocated.
     */
    static boolean isValid(@Nullable String value) {
        if (value == null || value.isEmpty() || value.length() > 64 || !upperOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!upperOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean upperOrDigit(char c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    @Override
    public int compareTo(QualificationCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
