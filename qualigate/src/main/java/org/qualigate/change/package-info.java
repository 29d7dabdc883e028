/**
 * Change control (EU GMP Annex 11 §10): rules, dictionary mappings and run-time parameters change only
 * through change sets that are drafted, signed by their author, previewed, and approved with a signature
 * by a different person; every version is kept and comparable.
 */
@ApplicationModule(
        allowedDependencies = {
            "signature",
            "identity",
            "access",
            "audit",
            "policy",
            "ledger",
            "intake",
            "settings",
            "text"
        })
@NullMarked
package org.qualigate.change;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
