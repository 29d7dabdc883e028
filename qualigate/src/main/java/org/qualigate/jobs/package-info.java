/**
 * Long work in the background: a job is queued in PostgreSQL, taken by one instance under a lease, reports
 * its progress as it goes and ends with a link to its result; a job whose instance stops is marked interrupted,
 * never left running. The kinds of work are {@link org.qualigate.jobs.JobHandler} beans of the modules that own
 * the work (decision 0035).
 */
@ApplicationModule(allowedDependencies = {"audit"})
@NullMarked
package org.qualigate.jobs;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
