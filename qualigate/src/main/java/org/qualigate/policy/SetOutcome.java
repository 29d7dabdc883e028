package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one requirement set of a rule fared: met when all its requirements were met. {@code metUntil} is the
 * instant the set stops being met on its current evidence, grace included (null: no end, or not met).
 */
public record SetOutcome(
        int index,
        boolean met,
        boolean inGrace,
        List<RequirementOutcome> requirements,
        @Nullable Instant metUntil) {

    public SetOutcome {
        requireNonNull(requirements, "requirements");
        requirements = List.copyOf(requirements);
        if (index < 1) {
            throw new IllegalArgumentException("set index is 1-based: " + index);
        }
        if (inGrace && !met) {
            throw new IllegalArgumentException("set " + index + " can only be in grace while it is met");
        }
        if (!met && metUntil != null) {
            throw new IllegalArgumentException("set " + index + " is not met, so it has no end: " + metUntil);
        }
    }

    /** The requirements of this set that were not met. */
    public List<RequirementOutcome> unmet() {
        return requirements.stream().filter(outcome -> !outcome.met()).toList();
    }
}
