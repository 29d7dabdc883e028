package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One entry of a requirement set: a qualification held at or above a minimum level. */
public record Requirement(QualificationCode code, int minimumLevel) {

    // "CODE" or "CODE>=LEVEL"; blanks around the parts are tolerated because rule files are hand-written.
    private static final Pattern FORM = Pattern.compile("\\s*([^\\s>=]+)\\s*(?:>=\\s*([0-9]{1,4})\\s*)?");

    public Requirement {
        requireNonNull(code, "code");
        if (minimumLevel < 1) {
            throw new IllegalArgumentException("minimum level of " + code + " must be at least 1: " + minimumLevel);
        }
    }

    /** A requirement at the default minimum level 1. */
    public Requirement(QualificationCode code) {
        this(code, 1);
    }

    /** Parses {@code "GMP-BASIC"} or {@code "ASEPTIC-GOWN>=2"}. */
    public static Requirement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("requirement must not be blank");
        }
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "requirement must be CODE or CODE>=LEVEL (e.g. ASEPTIC-GOWN>=2): '" + text + "'");
        }
        QualificationCode code;
        try {
            code = QualificationCode.of(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("requirement '" + text + "' has a bad code: " + e.getMessage(), e);
        }
        String level = matcher.group(2);
        int minimumLevel = level == null ? 1 : Integer.parseInt(level);
        if (minimumLevel < 1) {
            throw new IllegalArgumentException("requirement '" + text + "' must ask for level 1 or more");
        }
        return new Requirement(code, minimumLevel);
    }

    /** The form {@link #parse} reads: the code alone at level 1, else {@code CODE>=LEVEL}. */
    @Override
    public String toString() {
        return minimumLevel == 1 ? code.value() : code.value() + ">=" + minimumLevel;
    }
}
