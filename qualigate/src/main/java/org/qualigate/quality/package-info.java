/**
 * Quality events: non-conformances from the QMS (signed webhooks and an incremental pull), stored before they are
 * acknowledged, and the batch each one names blocked in the ERP while it is open — level-triggered, never posted
 * twice, parked when the ERP does not know the batch, measured against a service level and audited with its
 * explanation. A recall holds every batch of its range through the same blocking, as a saga that reports it to the
 * regulatory store and gives the batches back on cancellation.
 */
@ApplicationModule(
        allowedDependencies = {
            "audit",
            "connector",
            "faults",
            "access",
            "text",
            "jobs",
            "trace",
            "settings",
            "calibration"
        })
@NullMarked
package org.qualigate.quality;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
