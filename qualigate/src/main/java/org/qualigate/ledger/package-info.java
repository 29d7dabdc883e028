/** Persons and their qualifications with evidence and full history: the current state the policy reads. */
@ApplicationModule(allowedDependencies = {"policy", "audit"})
@NullMarked
package org.qualigate.ledger;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
