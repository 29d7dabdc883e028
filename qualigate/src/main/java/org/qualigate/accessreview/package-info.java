/**
 * Access review campaigns (21 CFR 11.10(d), EU GMP Annex 11 §12): a QA approver reviews who holds access at a site
 * or in a role, confirms or revokes each holder with an electronic signature, and completes the campaign with a
 * signed report; a revocation is a suspension the planner honours (decision 0036).
 */
@ApplicationModule(
        allowedDependencies = {"access", "delivery", "ledger", "policy", "audit", "signature", "report", "text"})
@NullMarked
package org.qualigate.accessreview;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
