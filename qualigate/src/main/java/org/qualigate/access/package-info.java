/** Planning: the plant definition (sites, dictionary, rules), entitlements per person, persisted timers. */
@Module(uses = {"policy", "ledger", "audit", "connector"})
@NullMarked
package org.qualigate.access;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
