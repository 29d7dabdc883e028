/** Intake: signed webhooks and the HRIS directory, turned into canonical events stored before they are acknowledged. */
@ApplicationModule(
        allowedDependencies = {"policy", "ledger", "audit", "access", "connector", "text", "faults", "jobs", "trace"})
@NullMarked
package org.qualigate.intake;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
