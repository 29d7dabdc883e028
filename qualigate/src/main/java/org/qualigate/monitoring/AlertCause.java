package org.qualigate.monitoring;

import java.util.Objects;
import org.qualigate.settings.AlertRules;

/**
 * The root cause an alert is about (decision 0075): its kind ({@code target}, {@code batch}, {@code room},
 * {@code source}, {@code delivery}) and what of that kind ({@code mes}, {@code MAT-1/B1}, a room, a source). Every
 * occurrence of one cause belongs to one alert while it lasts.
 */
record AlertCause(String kind, String subject) {

    AlertCause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        if (!AlertRules.DEFAULTS.containsKey(kind)) {
            throw new IllegalArgumentException("kind must be one of " + AlertRules.KINDS + ", not " + kind);
        }
        if (subject.isBlank() || subject.length() > 200 || subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("subject must be 1-200 characters without control characters");
        }
    }

    /** A target's outage: its deliveries failing. */
    static AlertCause target(String name) {
        return new AlertCause("target", name);
    }

    /** The open non-conformances of one batch of a material. */
    static AlertCause batch(String material, String batch) {
        return new AlertCause("batch", material + "/" + batch);
    }

    /** The excursions of one monitored room. */
    static AlertCause room(String room) {
        return new AlertCause("room", room);
    }

    /** A source's (or directory's) reads refused or held back. */
    static AlertCause source(String name) {
        return new AlertCause("source", name);
    }

    /** Delivery as a whole degraded for a reason no failing target explains (latency, the audit sealer, the probe). */
    static AlertCause delivery() {
        return new AlertCause("delivery", "health");
    }

    /** The key an alert is kept under: {@code target:mes}. */
    String key() {
        return kind + ":" + subject;
    }
}
