package org.qualigate.change;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.qualigate.settings.AlertRules;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.settings.InterfacePauses;
import org.qualigate.text.Refusal;
import org.springframework.stereotype.Component;

/**
 * The run-time parameters that may change under change control while the service runs, each with its
 * validation, and their approved values (the latest per name); anything else stays in configuration.
 */
@Component
public class Parameters {

    /** The parameters safe to change at run time, with why a value is refused (empty when valid). */
    static final Map<String, Function<String, Optional<Refusal>>> SAFE = new LinkedHashMap<>();

    /** The roles an alert rule may name as its recipients (every role of a person). */
    private static final java.util.List<String> ALERTABLE_ROLES = java.util.Arrays.stream(
                    org.qualigate.identity.Role.values())
            .filter(r -> r != org.qualigate.identity.Role.SERVICE)
            .map(Enum::name)
            .toList();

    static {
        SAFE.put(
                "monitoring.alert-recipients",
                v -> v.matches("[^@\\s,]+@[^@\\s,]+(,[^@\\s,]+@[^@\\s,]+)*")
                        ? Optional.empty()
                        : Optional.of(Refusal.whole(
                                "must be e-mail addresses separated by commas", "refusal.parameter.emails")));
        SAFE.put("delivery.max-attempts", v -> intBetween(v, 1, 50));
        SAFE.put("identity.max-failed-attempts", v -> intBetween(v, 3, 10));
        SAFE.put("identity.session-timeout", v -> durationBetween(v, Duration.ofMinutes(5), Duration.ofHours(8)));
        SAFE.put("training.enabled", Parameters::trueOrFalse);
        InterfacePauses.PAUSABLE.keySet().stream()
                .sorted()
                .forEach(i -> SAFE.put(InterfacePauses.parameter(i), Parameters::trueOrFalse));
        // the rules of the alerts correlated by root cause (decision 0075)
        for (String kind : AlertRules.KINDS) {
            SAFE.put(AlertRules.parameter(kind, "enabled"), Parameters::trueOrFalse);
            SAFE.put(AlertRules.parameter(kind, "open-after"), v -> intBetween(v, 1, 10_000));
            SAFE.put(
                    AlertRules.parameter(kind, "update-every"),
                    v -> durationBetween(v, Duration.ofMinutes(5), Duration.ofDays(7)));
            SAFE.put(AlertRules.parameter(kind, "recipient-roles"), Parameters::roles);
        }
    }

    private final ApprovedParameters approved;

    public Parameters(ApprovedParameters approved) {
        this.approved = approved;
    }

    /** The approved value of the parameter, when one was approved. */
    public Optional<String> value(String name) {
        return approved.value(name);
    }

    /**
     * Every parameter that can be changed, with its approved value or null: a map, because it is keyed by the
     * parameters' names, which grow with the pausable interfaces and the alert rules.
     */
    public Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        SAFE.keySet().forEach(n -> m.put(n, value(n).orElse(null)));
        return m;
    }

    /** Why the value is refused for that parameter (no field: the caller names it), empty when it is valid. */
    static Optional<Refusal> refusal(String name, String value) {
        var check = SAFE.get(name);
        if (check == null && InterfacePauses.interfaceOf(name).isPresent()) {
            String iface = InterfacePauses.interfaceOf(name).get();
            return Optional.of(Refusal.whole(
                    "cannot be paused: the interface " + iface + " is not one that may be paused (only "
                            + String.join(", ", InterfacePauses.PAUSABLE.keySet())
                            + "); core flows such as MES roles and QMS training records are never paused",
                    "refusal.parameter.interface-not-pausable",
                    iface,
                    String.join(", ", InterfacePauses.PAUSABLE.keySet())));
        }
        if (check == null) {
            return Optional.of(Refusal.whole(
                    "is not a parameter that can change at run time (one of " + SAFE.keySet() + ")",
                    "refusal.parameter.unknown",
                    String.join(", ", SAFE.keySet())));
        }
        return check.apply(value);
    }

    void put(String name, String value, long changeSetId, Instant at) {
        approved.approve(name, value, changeSetId, at);
    }

    /** Role names separated by commas, or nothing (the alert recipients alone). */
    private static Optional<Refusal> roles(String v) {
        for (String role : v.split(",")) {
            if (!role.isBlank() && !ALERTABLE_ROLES.contains(role.strip())) {
                return Optional.of(Refusal.whole(
                        "must be roles separated by commas, each one of " + ALERTABLE_ROLES,
                        "refusal.parameter.roles",
                        String.join(", ", ALERTABLE_ROLES)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> trueOrFalse(String v) {
        return v.equals("true") || v.equals("false")
                ? Optional.empty()
                : Optional.of(Refusal.whole("must be true or false", "refusal.parameter.boolean"));
    }

    private static Optional<Refusal> intBetween(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            return n >= min && n <= max
                    ? Optional.empty()
                    : Optional.of(
                            Refusal.whole("must be from " + min + " to " + max, "refusal.parameter.between", min, max));
        } catch (NumberFormatException e) {
            return Optional.of(Refusal.whole(
                    "must be a whole number from " + min + " to " + max, "refusal.parameter.whole-number", min, max));
        }
    }

    private static Optional<Refusal> durationBetween(String v, Duration min, Duration max) {
        try {
            Duration d = Duration.parse(v);
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0
                    ? Optional.empty()
                    : Optional.of(Refusal.whole(
                            "must be from " + min + " to " + max,
                            "refusal.parameter.duration-between",
                            min.toString(),
                            max.toString()));
        } catch (DateTimeParseException e) {
            return Optional.of(Refusal.whole("must be an ISO-8601 duration, e.g. PT15M", "refusal.parameter.duration"));
        }
    }
}
