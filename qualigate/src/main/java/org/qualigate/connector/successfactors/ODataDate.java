package org.qualigate.connector.successfactors;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Dates as SuccessFactors sends them: OData v2 JSON {@code /Date(1700000000000)/} or {@code
 * /Date(1700000000000+0000)/} (milliseconds since the epoch in UTC; the offset only says in which zone the value
 * was entered and does not move the instant), and the Learning API's bare epoch milliseconds.
 */
final class ODataDate {

    /** The earliest and latest instants a record may plausibly carry, as the intake accepts them. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00.001Z");

    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d{1,19})(?:([+-])(\\d{4}))?\\)/");

    private ODataDate() {}

    /** The instant of a {@code /Date(…)/} string; empty if the text has another shape. */
    static Optional<Instant> parse(String text) {
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            // The offset (hhmm from SuccessFactors, minutes from some OData v2 producers) is informational only.
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1))));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The instant of a JSON value that is epoch milliseconds (number) or a {@code /Date(…)/} string. */
    static Optional<Instant> of(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            try {
                return Optional.of(Instant.ofEpochMilli(value.asLong()));
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        if (value.isString()) {
            String text = value.asString().strip();
            if (text.matches("-?\\d{1,19}")) {
                try {
                    return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
                } catch (NumberFormatException | java.time.DateTimeException e) {
                    return Optional.empty();
                }
            }
            return parse(text);
        }
        return Optional.empty();
    }

    static boolean plausible(Instant at) {
        return !at.isBefore(EARLIEST) && at.isBefore(LATEST);
    }
}
