package org.qualigate.policy;

import java.util.regex.Pattern;

/** The name of a role in a target system, e.g. {@code BSL.FILL-1.OPERATOR}. */
public record RoleName(String value) implements Comparable<RoleName> {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._*-]{0,127}");

    public RoleName {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "role name must be 1-128 characters of letters, digits, '.', '_', '-', '*': " + value);
        }
    }

    public static RoleName of(String value) {
        return new RoleName(value);
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
