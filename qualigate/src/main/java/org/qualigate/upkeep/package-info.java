/**
 * The service's upkeep of its own busy tables: the queues it fills and empties all day (unsealed audit entries, work
 * items) are vacuumed by the service once enough dead rows were left in them, rather than a minute apart by autovacuum
 * (decisions 0104, 0111). No other module of Qualigate.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.qualigate.upkeep;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
