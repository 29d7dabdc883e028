/**
 * Reports: compliance of a site at any instant (required qualifications and their state, access without basis),
 * its history per day, the monthly compliance report and the audit trail exports.
 */
@ApplicationModule(
        allowedDependencies = {"policy", "ledger", "access", "delivery", "audit", "change", "signature", "jobs", "text"
        })
@NullMarked
package org.qualigate.report;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
