package org.qualigate.ledger;

import java.util.regex.Pattern;

/** The HRIS employee ID: the join key for a person across every connected system. */
public record EmployeeId(String value) implements Comparable<EmployeeId> {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public EmployeeId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("employee ID must be 1-64 letters, digits, '.', '_', '-': " + value);
        }
    }

    public static EmployeeId of(String value) {
        return new EmployeeId(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
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
