/**
 * Fault injection for the reliability suite and the crash tests: named points at which the process halts as
 * {@code kill -9} would, armed only by configuration outside the demo profile.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.qualigate.faults;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
