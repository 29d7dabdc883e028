package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the access rules of one version justify for one person at one site and instant: a decision per
 * role, and the later instants at which a decision could change on the same qualifications (expiries,
 * grace ends, completions dated in the future), ascending.
 */
public record Entitlements(Instant at, String rulesVersion, List<RoleDecision> decisions, List<Instant> changePoints) {

    public Entitlements {
        requireNonNull(at, "at");
        requireNonNull(rulesVersion, "rulesVersion");
        requireNonNull(decisions, "decisions");
        requireNonNull(changePoints, "changePoints");
        decisions = List.copyOf(decisions);
        Set<RoleName> roles = new HashSet<>();
        for (RoleDecision decision : decisions) {
            if (!roles.add(decision.role())) {
                throw new IllegalArgumentException("two decisions for role " + decision.role());
            }
        }
        changePoints = List.copyOf(new TreeSet<>(
                changePoints.stream().filter(point -> point.isAfter(at)).toList()));
    }

    /**
     * Entitlements whose change points are read from the decisions themselves: their ends and the instants
     * of the evidence they name. {@link AccessPolicy#evaluate} also counts qualifications no decision names.
     */
    public Entitlements(Instant at, String rulesVersion, List<RoleDecision> decisions) {
        this(at, rulesVersion, decisions, pointsNamedBy(decisions));
    }

    private static List<Instant> pointsNamedBy(List<RoleDecision> decisions) {
        List<Instant> points = new ArrayList<>();
        Consumer<@Nullable Instant> add = instant -> {
            if (instant != null) {
                points.add(instant);
            }
        };
        for (RoleDecision decision : decisions) {
            add.accept(decision.justifiedUntil());
            for (SetOutcome set : decision.sets()) {
                add.accept(set.metUntil());
                for (RequirementOutcome outcome : set.requirements()) {
                    HeldQualification evidence = outcome.evidence();
                    if (evidence != null) {
                        add.accept(evidence.completedAt());
                        add.accept(evidence.expiresAt());
                    }
                }
            }
        }
        return points;
    }

    /** The roles justified at {@link #at()}, grace included, sorted by name. */
    public SortedSet<RoleName> justifiedRoles() {
        TreeSet<RoleName> roles = new TreeSet<>();
        for (RoleDecision decision : decisions) {
            if (decision.justified()) {
                roles.add(decision.role());
            }
        }
        return Collections.unmodifiableSortedSet(roles);
    }

    /** The decision about {@code role}, if the rules know that role at this site. */
    public Optional<RoleDecision> decision(RoleName role) {
        return decisions.stream()
                .filter(decision -> decision.role().equals(role))
                .findFirst();
    }

    /** The earliest instant strictly after {@link #at()} at which a decision could change, if any. */
    public Optional<Instant> nextChangeAfter() {
        return changePoints.stream().findFirst();
    }
}
