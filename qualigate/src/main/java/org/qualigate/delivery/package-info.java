/**
 * Level-triggered delivery: a coalesced work item per (person, target), leased with a fencing token;
 * the worker reads desired and actual state, applies the difference, records it, retries with backoff.
 */
@ApplicationModule(
        allowedDependencies = {
            "policy",
            "ledger",
            "audit",
            "access",
            "connector",
            "settings",
            "faults",
            "jobs",
            "trace",
            "upkeep"
        })
@NullMarked
package org.qualigate.delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
