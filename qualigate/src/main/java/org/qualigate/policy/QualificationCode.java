package org.qualigate.policy;

import java.util.regex.Pattern;

/** A canonical qualification code, e.g. {@code ASEPTIC-GOWN}, independent of any source system. */
public record QualificationCode(String value) implements Comparable<QualificationCode> {

    private static final Pattern FORM = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");

    public QualificationCode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "qualification code must be 1-64 upper-case letters, digits, '.', '_', '-': " + value);
        }
    }

    public static QualificationCode of(String value) {
        return new QualificationCode(value);
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
