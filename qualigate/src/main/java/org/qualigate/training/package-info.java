/**
 * QMS training-record sync: HRIS-owned qualifications become QMS training records (course codes from the
 * dictionary), certification status on the user profile is kept current, and records the QMS owns are never
 * overwritten; what the QMS refuses or what collides with its own records is kept for review.
 */
@ApplicationModule(
        allowedDependencies = {
            "policy",
            "ledger",
            "audit",
            "access",
            "connector",
            "signature",
            "faults",
            "text",
            "jobs",
            "intake"
        })
@NullMarked
package org.qualigate.training;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
