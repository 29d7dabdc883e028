/**
 * Calibration status conflicts: the maintenance system's and the QMS's record of each measuring instrument compared;
 * a difference in state, due date or last calibration waits for QA with both versions, resolved under an
 * electronic signature, and the resolution applied to the side found wrong — level-triggered, audited with both
 * versions and the reason.
 */
@ApplicationModule(allowedDependencies = {"audit", "jobs", "connector", "access", "signature", "text"})
@NullMarked
package org.qualigate.calibration;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
