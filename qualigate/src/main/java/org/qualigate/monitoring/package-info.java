/**
 * Watching delivery and telling people: the {@code delivery} health component, the alerts correlated by root cause
 * (a target's outage, a batch's non-conformances, a room's excursions, a source's refused reads, delivery's health;
 * one alert with a count and one all-clear each, under change-controlled rules), the synthetic probe, and the demo's
 * SMTP sink.
 */
@ApplicationModule(
        allowedDependencies = {
            "delivery",
            "audit",
            "intake",
            "connector",
            "ledger",
            "policy",
            "settings",
            "text",
            "notify",
            "quality",
            "environment"
        })
@NullMarked
package org.qualigate.monitoring;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
