package org.qualigate.ledger;

import java.util.regex.Pattern;

/** The HRIS employee ID: the join key for a person across every connected system. */
public record EmployeeId(String value) implements Comparable<EmployeeId> {

    /** The form, as a pattern; {@link #isValid} checks it character by character (a site's report makes 100,000). */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public EmployeeId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("employee ID must be 1-64 letters, digits, '.', '_', '-': " + value);
        }
    }

    public static EmployeeId of(String value) {
        return new EmployeeId(value);
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > 64 || !alphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    @Override
    public int compareTo(EmployeeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
