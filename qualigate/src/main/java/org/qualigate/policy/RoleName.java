package org.qualigate.policy;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The name of a role in a target system, e.g. {@code BSL.FILL-1.OPERATOR}. */
public record RoleName(String value) implements Comparable<RoleName> {

    /** The form, as a pattern; {@link #isValid} checks it character by character. */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._*-]{0,127}");

    public RoleName {
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "role name must be 1-128 characters of letters, digits, '.', '_', '-', '*': " + value);
        }
    }

    public static RoleName of(String value) {
        return new RoleName(value);
    }

    /** Whether the value has the form {@link #FORM}, checked without a regex matcher (names are made per row read). */
    static boolean isValid(@Nullable String value) {
        return CharacterForms.matches(value, 128, true, "*", "._-");
    }

    @Override
    public int compareTo(RoleName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
