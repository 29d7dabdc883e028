/**
 * Run-time parameters approved under change control, read by the components that own them at the moment
 * of use (with their configured value as the default), so an approval takes effect on every instance
 * without a restart.
 */
@ApplicationModule(allowedDependencies = {"audit", "notify"})
@NullMarked
package org.qualigate.settings;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
