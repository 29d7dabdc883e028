/** Sends the queued notices by e-mail (SMTP) and records the outcome of each. */
@ApplicationModule(allowedDependencies = {"audit", "jobs", "text"})
@NullMarked
package org.qualigate.notify;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
