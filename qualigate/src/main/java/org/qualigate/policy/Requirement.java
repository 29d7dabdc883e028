package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a requirement set: a qualification held at or above a minimum level, or an instrument's calibration
 * ({@code equipment: BSL-BAL-0112}), which a role's holders need in calibration while they hold it.
 */
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
        if (InstrumentRequirement.names(text)) {
            return InstrumentRequirement.parse(text);
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
        if (InstrumentRequirement.reserved(code)) {
            throw new IllegalArgumentException("requirement '" + text + "' uses the prefix kept for instruments' "
                    + "calibration: name the instrument as 'equipment: ASSET-NUMBER'");
        }
        String level = matcher.group(2);
        int minimumLevel = level == null ? 1 : Integer.parseInt(level);
        if (minimumLevel < 1) {
            throw new IllegalArgumentException("requirement '" + text + "' must ask for level 1 or more");
        }
        return new Requirement(code, minimumLevel);
    }

    /** The asset number of the instrument whose calibration this requirement names; empty for a qualification. */
    public Optional<String> instrument() {
        return InstrumentRequirement.instrument(code);
    }

    /** The form {@link #parse} reads: the code alone at level 1, else {@code CODE>=LEVEL}; an instrument as named. */
    @Override
    public String toString() {
        Optional<String> instrument = instrument();
        if (instrument.isPresent()) {
            return InstrumentRequirement.PREFIX_WORD + " " + instrument.get();
        }
        return minimumLevel == 1 ? code.value() : code.value() + ">=" + minimumLevel;
    }
}
