/** Wiring of the service: the embedded PostgreSQL default, the clock, settings. */
@ApplicationModule(
        allowedDependencies = {
            "policy",
            "ledger",
            "audit",
            "intake",
            "access",
            "delivery",
            "connector",
            "web",
            "report",
            "staffing",
            "jobs",
            "trace",
            "connector :: factorytalk",
            "connector :: hris",
            "connector :: qms",
            "connector :: scim",
            "connector :: successfactors",
            "connector :: workday"
        })
@NullMarked
package org.qualigate.config;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
