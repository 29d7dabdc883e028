package org.qualigate.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a rule names an instrument's calibration: {@code equipment: BSL-BAL-0112} in a requirement set. Inside the
 * policy the requirement is a code under a prefix no qualification may use, so an instrument's calibration is met,
 * timed and explained by the same evaluation as a person's qualification.
 */
final class InstrumentRequirement {

    static final String PREFIX_WORD = "equipment:";
    static final String CODE_PREFIX = "CALIBRATED.";

    // an asset number as maintenance systems write it, short enough to fit a qualification code behind the prefix
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,52}");

    private InstrumentRequirement() {}

    /** Whether the text is written as an instrument's calibration ({@code equipment: …}). */
    static boolean names(String text) {
        int colon = text.indexOf(':');
        return colon > 0 && text.substring(0, colon).strip().equalsIgnoreCase("equipment");
    }

    static Requirement parse(String text) {
        String asset = text.substring(text.indexOf(':') + 1).strip();
        if (!ASSET.matcher(asset).matches()) {
            throw new IllegalArgumentException("requirement '" + text + "' must name one instrument by its asset "
                    + "number: 1-53 upper-case letters, digits, '.', '_', '-' (e.g. equipment: BSL-BAL-0112)");
        }
        return new Requirement(code(asset), 1);
    }

    static QualificationCode code(String asset) {
        return QualificationCode.of(CODE_PREFIX + asset);
    }

    static boolean reserved(QualificationCode code) {
        return code.value().startsWith(CODE_PREFIX);
    }

    static Optional<String> instrument(QualificationCode code) {
        return reserved(code) ? Optional.of(code.value().substring(CODE_PREFIX.length())) : Optional.empty();
    }
}
