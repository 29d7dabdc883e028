/**
 * Watching delivery: the {@code delivery} health component, the alert e-mail on every change between UP
 * and DEGRADED (once per change across instances), the synthetic probe, and the demo's SMTP sink.
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
            "notify"
        })
@NullMarked
package org.qualigate.monitoring;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
