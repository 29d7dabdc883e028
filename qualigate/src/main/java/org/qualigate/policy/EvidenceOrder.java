package org.qualigate.policy;

import java.time.Instant;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/** The orders in which the policy prefers one held qualification to another as evidence, or as the closest miss. */
final class EvidenceOrder {

    private EvidenceOrder() {}

    static final Comparator<@Nullable Instant> LATEST_FIRST_NO_END_FIRST =
            Comparator.nullsFirst(Comparator.<Instant>reverseOrder());

    // Among qualifications that meet a requirement, the one valid longest, then the highest level; the
    // evidence id (then the remaining fields) only makes the choice independent of input order.
    static final Comparator<HeldQualification> LONGEST_VALID = Comparator.comparing(
                    HeldQualification::expiresAt, LATEST_FIRST_NO_END_FIRST)
            .thenComparing(HeldQualification::level, Comparator.reverseOrder())
            .thenComparing(HeldQualification::evidenceId)
            .thenComparing(HeldQualification::completedAt, Comparator.reverseOrder());

    static final Comparator<HeldQualification> EARLIEST_COMPLETION =
            Comparator.comparing(HeldQualification::completedAt).thenComparing(LONGEST_VALID);

    static final Comparator<HeldQualification> HIGHEST_LEVEL = Comparator.comparing(
                    HeldQualification::level, Comparator.reverseOrder())
            .thenComparing(LONGEST_VALID);

    static final Comparator<HeldQualification> LATEST_COMPLETION = Comparator.comparing(
                    HeldQualification::completedAt, Comparator.reverseOrder())
            .thenComparing(LONGEST_VALID);
}
