package org.qualigate.policy;

import org.jspecify.annotations.Nullable;

/**
 * The forms of the policy's codes and names ({@code [first][rest]{0,max-1}} of ASCII letters, digits and a few marks),
 * checked character by character: they are made for every record and role read, and a regex matcher each was a good
 * part of what reading them allocated.
 */
final class CharacterForms {

    private CharacterForms() {}

    /**
     * Whether {@code value} is 1 to {@code max} characters: the first an upper-case letter, a digit, a lower-case letter
     * when {@code lowerCase}, or one of {@code firstMarks}; each other one of those or of {@code marks}.
     */
    static boolean matches(@Nullable String value, int max, boolean lowerCase, String firstMarks, String marks) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean letterOrDigit = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || lowerCase && c >= 'a' && c <= 'z';
            if (!letterOrDigit && firstMarks.indexOf(c) < 0 && (i == 0 || marks.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }
}
