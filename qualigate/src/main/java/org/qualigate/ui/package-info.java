/**
 * The admin UI: server-rendered pages (Thymeleaf + htmx) for plant staff, with its own form log-in and
 * session; page controllers call the modules' services directly, never the REST API.
 */
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
            "change",
            "signature",
            "identity",
            "text",
            "jobs",
            "waiting",
            "staffing",
            "accessreview",
            "quality",
            "calibration",
            "environment",
            "trace",
            "interfaces",
            "settings"
        })
@NullMarked
package org.qualigate.ui;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
