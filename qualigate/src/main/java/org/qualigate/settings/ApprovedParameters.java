package org.qualigate.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The latest approved value of a run-time parameter ({@code parameter_value}, written by an approved
 * PARAMETERS change set). Owners read it where they use the setting, one indexed read on a path that is
 * rare by nature (a failed attempt, an alert), so every instance sees an approval as soon as it commits.
 */
@Component
public class ApprovedParameters {

    private final JdbcClient jdbc;

    public ApprovedParameters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The approved value, when a change set approved one. */
    public Optional<String> value(String name) {
        return jdbc.sql("SELECT value FROM parameter_value WHERE name = ? ORDER BY seq DESC LIMIT 1")
                .param(name)
                .query(String.class)
                .optional();
    }

    /** The approved whole number, or the configured one when none was approved (or it no longer parses). */
    public int intValue(String name, int configured) {
        return value(name)
                .flatMap(v -> {
                    try {
                        return Optional.of(Integer.parseInt(v.strip()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .orElse(configured);
    }

    /** The approved comma-separated list, or the configured one when none was approved. */
    public List<String> listValue(String name, List<String> configured) {
        return value(name)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(configured);
    }
}
