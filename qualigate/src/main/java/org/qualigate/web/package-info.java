/** The REST API (and later the admin UI): webhooks in, state and explanations out, errors as problem+json. */
@ApplicationModule(
        allowedDependencies = {
            "policy",
            "ledger",
            "audit",
            "access",
            "intake",
            "delivery",
            "connector",
            "monitoring",
            "training",
            "report",
            "identity",
            "signature",
            "change",
            "text",
            "jobs",
            "staffing",
            "accessreview",
            "quality",
            "calibration",
            "environment",
            "interfaces",
            "connector :: workday",
            "trace",
            "settings"
        })
@NullMarked
package org.qualigate.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
