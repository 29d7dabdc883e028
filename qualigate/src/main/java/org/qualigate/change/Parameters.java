package org.qualigate.change;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.qualigate.settings.ApprovedParameters;
import org.springframework.stereotype.Component;

/**
 * The run-time parameters that may change under change control while the service runs, each with its
 * validation, and their approved values (the latest per name); anything else stays in configuration.
 */
@Component
public class Parameters {

    /** The parameters safe to change at run time, with why a value is refused (empty when valid). */
    static final Map<String, Function<String, Optional<String>>> SAFE = new LinkedHashMap<>();

    static {
        SAFE.put(
                "monitoring.alert-recipients",
                v -> v.matches("[^@\\s,]+@[^@\\s,]+(,[^@\\s,]+@[^@\\s,]+)*")
                        ? Optional.empty()
                        : Optional.of("must be e-mail addresses separated by commas"));
        SAFE.put("delivery.max-attempts", v -> intBetween(v, 1, 50));
        SAFE.put("identity.max-failed-attempts", v -> intBetween(v, 3, 10));
        SAFE.put("identity.session-timeout", v -> durationBetween(v, Duration.ofMinutes(5), Duration.ofHours(8)));
        SAFE.put(
                "training.enabled",
                v -> v.equals("true") || v.equals("false") ? Optional.empty() : Optional.of("must be true or false"));
    }

    private final ApprovedParameters approved;

    public Parameters(ApprovedParameters approved) {
        this.approved = approved;
    }

    /** The approved value of the parameter, when one was approved. */
    public Optional<String> value(String name) {
        return approved.value(name);
    }

    /** Every parameter that can be changed, with its approved value or null. */
    public Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        SAFE.keySet().forEach(n -> m.put(n, value(n).orElse(null)));
        return m;
    }

    static Optional<String> refusal(String name, String value) {
        var check = SAFE.get(name);
        if (check == null) {
            return Optional.of("is not a parameter that can change at run time (one of " + SAFE.keySet() + ")");
        }
        return check.apply(value);
    }

    void put(String name, String value, long changeSetId, Instant at) {
        approved.approve(name, value, changeSetId, at);
    }

    private static Optional<String> intBetween(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            return n >= min && n <= max ? Optional.empty() : Optional.of("must be from " + min + " to " + max);
        } catch (NumberFormatException e) {
            return Optional.of("must be a whole number from " + min + " to " + max);
        }
    }

    private static Optional<String> durationBetween(String v, Duration min, Duration max) {
        try {
            Duration d = Duration.parse(v);
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0
                    ? Optional.empty()
                    : Optional.of("must be from " + min + " to " + max);
        } catch (DateTimeParseException e) {
            return Optional.of("must be an ISO-8601 duration, e.g. PT15M");
        }
    }
}
