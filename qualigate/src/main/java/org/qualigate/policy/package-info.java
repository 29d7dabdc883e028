/** Access rules and their pure evaluation: qualifications + rules + instant → entitlements with basis. JDK only. */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.qualigate.policy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
