/**
 * Quality events: non-conformances from the QMS (signed webhooks and an incremental pull), stored before they are
 * acknowledged, and the batch each one names blocked in the ERP while it is open — level-triggered, never posted
 * twice, parked when the ERP does not know the batch, measured against a service level and audited with its
 * explanation.
 */
@ApplicationModule(allowedDependencies = {"audit", "connector", "faults", "access", "text", "jobs"})
@NullMarked
package org.qualigate.quality;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
