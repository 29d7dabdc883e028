package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stretch of time over which the rules justify one role on the same basis: from {@code from} (inclusive)
 * to {@code until} (exclusive; null when it has no end), met by requirement set {@code set} with the
 * evidence named per requirement. A role justified on and off, or on changing evidence, is several spans.
 */
public record EntitlementSpan(
        RoleName role, Instant from, @Nullable Instant until, boolean inGrace, int set, List<Basis> basis) {

    /** One requirement of the set and the qualification that met it over the whole span. */
    public record Basis(Requirement requirement, HeldQualification evidence, boolean inGrace) {

        public Basis {
            requireNonNull(requirement, "requirement");
            requireNonNull(evidence, "evidence");
        }
    }

    public EntitlementSpan {
        requireNonNull(role, "role");
        requireNonNull(from, "from");
        basis = List.copyOf(basis);
        if (until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("span of " + role + " ends at " + until + ", not after " + from);
        }
        if (set < 1 || basis.isEmpty()) {
            throw new IllegalArgumentException("a span of " + role + " names the set that met it and its evidence");
        }
    }

    /** Whether {@code at} lies in the span. */
    public boolean covers(Instant at) {
        return !at.isBefore(from) && (until == null || at.isBefore(until));
    }

    /** The evidence ids of the basis, in the order of the set's requirements. */
    public List<String> evidenceIds() {
        return basis.stream().map(b -> b.evidence().evidenceId()).toList();
    }
}
