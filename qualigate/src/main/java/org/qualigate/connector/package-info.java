/** Ports the domain owns towards outside systems ({@link org.qualigate.connector.AccessTarget}, {@link org.qualigate.connector.TrainingTarget}, {@link org.qualigate.connector.HrisSource}), one sub-package per vendor. */
@ApplicationModule(allowedDependencies = {"policy", "ledger", "text"})
@NullMarked
package org.qualigate.connector;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
