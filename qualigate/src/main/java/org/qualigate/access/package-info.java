/**
 * Planning: the plant definition (sites, dictionary, rules), entitlements per person, persisted timers,
 * deferred revocations (shift and work-order protection) and emergency overrides with their review tasks.
 */
@ApplicationModule(
        allowedDependencies = {"policy", "ledger", "audit", "connector", "signature", "notify", "text", "jobs"})
@NullMarked
package org.qualigate.access;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
