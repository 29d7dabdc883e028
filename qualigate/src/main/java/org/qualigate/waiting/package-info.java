/**
 * What waits for whom: for each role, the work that waits for a person holding it — change sets to approve
 * or sign, unmapped codes, QMS conflicts, override reviews, events set aside, failed deliveries — each with
 * how long it has waited; and an e-mail to the QA approvers when something new waits for one of them, once per
 * item, through the notices' outbox.
 */
@ApplicationModule(
        allowedDependencies = {
            "change",
            "intake",
            "training",
            "access",
            "delivery",
            "identity",
            "signature",
            "policy",
            "ledger",
            "notify"
        })
@NullMarked
package org.qualigate.waiting;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
