package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Whether one requirement was met at the instant of evaluation, by which evidence, and why: for a met
 * requirement the evidence that met it, for an unmet one the held qualification that came closest (or
 * none when the code is not held at all).
 */
public record RequirementOutcome(
        Requirement requirement,
        boolean met,
        boolean inGrace,
        @Nullable HeldQualification evidence,
        String reason) {

    public RequirementOutcome {
        requireNonNull(requirement, "requirement");
        requireNonNull(reason, "reason");
        if (inGrace && !met) {
            throw new IllegalArgumentException("a requirement can only be in grace while it is met: " + requirement);
        }
        if (met && evidence == null) {
            throw new IllegalArgumentException("a met requirement needs its evidence: " + requirement);
        }
        if (evidence != null && !evidence.code().equals(requirement.code())) {
            throw new IllegalArgumentException(
                    "evidence " + evidence.evidenceId() + " is for " + evidence.code() + ", not " + requirement.code());
        }
    }

    /** What is wrong, without the code in front ("not held", "expired …"); the whole reason if it is met. */
    public String shortfall() {
        String prefix = requirement.instrument().orElse(requirement.code().value()) + " ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }
}
