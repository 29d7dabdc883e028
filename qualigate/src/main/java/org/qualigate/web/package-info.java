/** The REST API (and later the admin UI): webhooks in, state and explanations out, errors as problem+json. */
@Module(
        uses = {
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
            "quality"
        })
@NullMarked
package org.qualigate.web;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
