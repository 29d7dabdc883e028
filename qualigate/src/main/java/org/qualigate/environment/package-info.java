/**
 * Environmental monitoring: the EMS's cleanroom readings (particle counts, temperature, differential pressure)
 * consumed from a Kafka topic keyed by room, in batches, idempotently (each partition's next offset is stored with
 * the batch's effects); each reading judged against its room's alert and action limits, summed per room, parameter
 * and minute; an excursion beyond an action limit kept as one NC draft per episode for QA, who accept it as a
 * non-conformance or dismiss it under signature; an accepted one is raised in the QMS through its port, once
 * (decision 0085). A record that is not a usable reading is kept for review and passed, so it never holds up the
 * partition behind it. No bootstrap servers configured, no consumer (decision 0066).
 */
@ApplicationModule(allowedDependencies = {"audit", "access", "signature", "text", "connector", "jobs"})
@NullMarked
package org.qualigate.environment;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
