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

    /** Whether the value has the form {@link #FORM}, checked without a regex matcher (a code is made per record read). */
    static boolean isValid(@Nullable String value) {
        return CharacterForms.matches(value, 64, false, "", "._-");
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
