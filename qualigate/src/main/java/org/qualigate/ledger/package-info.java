/** Persons and their qualifications with evidence and full history: the current state the policy reads. */
@Module(uses = {"policy", "audit"})
@NullMarked
package org.qualigate.ledger;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
