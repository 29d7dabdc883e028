/** Wiring of the service: the embedded PostgreSQL default, the clock, settings. */
@Module(uses = {"policy", "ledger", "audit", "intake", "access", "delivery", "connector", "web", "report", "staffing"})
@NullMarked
package org.qualigate.config;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
