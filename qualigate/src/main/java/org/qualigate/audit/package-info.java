/** The append-only, hash-chained audit trail: append in the caller's transaction, read, verify. */
@ApplicationModule(allowedDependencies = {"text", "trace", "upkeep"})
@NullMarked
package org.qualigate.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
