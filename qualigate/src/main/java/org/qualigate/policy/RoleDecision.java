package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Whether one role was justified at an instant, with its basis: every requirement set of the rule, what
 * met each requirement and what was missing.
 *
 * <p>{@code inGrace}: justified only because a rule's grace period still covers an expired qualification.
 * {@code justifiedUntil}: the instant the role stops being justified if nothing else happens (renewals
 * already recorded are taken into account); null when there is no end, and when the role is not justified.
 */
public record RoleDecision(
        RoleName role,
        boolean justified,
        boolean inGrace,
        @Nullable Instant justifiedUntil,
        List<SetOutcome> sets) {

    public RoleDecision {
        requireNonNull(role, "role");
        requireNonNull(sets, "sets");
        sets = List.copyOf(sets);
        if (inGrace && !justified) {
            throw new IllegalArgumentException("role " + role + " can only be in grace while it is justified");
        }
        if (!justified && justifiedUntil != null) {
            throw new IllegalArgumentException(
                    "role " + role + " is not justified, so it has no end: " + justifiedUntil);
        }
        if (justified != sets.stream().anyMatch(SetOutcome::met)) {
            throw new IllegalArgumentException("role " + role + " is justified exactly when one of its sets is met");
        }
    }

    /** The met set that lasts longest (the first in rule order on a tie); empty when not justified. */
    public Optional<SetOutcome> basis() {
        SetOutcome best = null;
        for (SetOutcome set : sets) {
            if (set.met() && (best == null || lastsLonger(set.metUntil(), best.metUntil()))) {
                best = set;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean lastsLonger(@Nullable Instant candidate, @Nullable Instant current) {
        if (current == null) {
            return false;
        }
        return candidate == null || candidate.isAfter(current);
    }

    /**
     * One line for people, e.g. {@code "BSL.FILL-1.OPERATOR justified by set 1: GMP-BASIC (TR-1), … until
     * 2027-05-20T21:59:59Z"} or {@code "IND.OSD-1.OPERATOR not justified: set 1 missing GRAN-OP (not held); set
     * 2 missing PRESS-OP (expired 2026-03-02T05:00:00Z)"}.
     */
    public String summary() {
        Optional<SetOutcome> basis = basis();
        if (basis.isPresent()) {
            SetOutcome set = basis.get();
            String evidence =
                    set.requirements().stream().map(RoleDecision::evidenceText).collect(Collectors.joining(", "));
            String end = justifiedUntil == null ? ", with no end date" : " until " + justifiedUntil;
            return role + " justified" + (inGrace ? " in grace" : "") + " by set " + set.index() + ": " + evidence
                    + end;
        }
        if (sets.isEmpty()) {
            return role + " not justified: no access rule gives this role at this site";
        }
        return role + " not justified: "
                + sets.stream().map(RoleDecision::missingText).collect(Collectors.joining("; "));
    }

    private static String evidenceText(RequirementOutcome outcome) {
        HeldQualification evidence = requireNonNull(outcome.evidence());
        String grace = outcome.inGrace() ? ", in grace after expiry " + evidence.expiresAt() : "";
        return label(outcome.requirement()) + " (" + evidence.evidenceId() + grace + ")";
    }

    private static String missingText(SetOutcome set) {
        return "set " + set.index() + " missing "
                + set.unmet().stream()
                        .map(outcome -> label(outcome.requirement()) + " (" + outcome.shortfall() + ")")
                        .collect(Collectors.joining(", "));
    }

    /** A qualification by its code, an instrument as "equipment BSL-BAL-0112". */
    private static String label(Requirement requirement) {
        return requirement
                .instrument()
                .map(i -> "equipment " + i)
                .orElse(requirement.code().value());
    }
}
