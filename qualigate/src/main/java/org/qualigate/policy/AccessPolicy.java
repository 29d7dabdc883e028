package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Decides which roles a person's qualifications justify at an instant under a version of the access rules,
 * and why. Pure: the same rules, qualifications and instant always give the same answer, whatever the order
 * of the qualifications.
 */
public final class AccessPolicy {

    private record Assessed(HeldQualification qualification, Standing standing) {}

    /** {@link #evaluate}, with the site's instruments' calibration for the rules that name an instrument. */
    public Entitlements evaluate(
            AccessRules rules, String site, Collection<HeldQualification> held, SiteInstruments in, Instant at) {
        return in.worded(evaluate(rules, site, in.with(held), at));
    }

    /** {@link #explain}, with the site's instruments' calibration for a rule that names an instrument. */
    public RoleDecision explain(
            AccessRules rules,
            String site,
            RoleName role,
            Collection<HeldQualification> held,
            SiteInstruments in,
            Instant at) {
        return in.worded(explain(rules, site, role, in.with(held), at), at);
    }

    /** {@link #timelineOf}, with the site's instruments' calibration for the rules that name an instrument. */
    public EntitlementTimeline timelineOf(
            AccessRules rules, String site, Collection<HeldQualification> held, SiteInstruments in) {
        return timelineOf(rules, site, in.with(held));
    }

    /** Decides every role the rules give at {@code site} (a rule naming an instrument: see the overload). */
    public Entitlements evaluate(AccessRules rules, String site, Collection<HeldQualification> held, Instant at) {
        requireNonNull(rules, "rules");
        requireNonNull(at, "at");
        List<HeldQualification> qualifications = List.copyOf(held);
        List<RoleDecision> decisions = new ArrayList<>();
        TreeSet<Instant> changePoints = new TreeSet<>();
        for (AccessRule rule : rules.forSite(site)) {
            decisions.add(decide(rule, rule.roleAt(site), qualifications, at));
            changePoints.addAll(changePoints(rule, qualifications, at));
        }
        decisions.sort(Comparator.comparing(RoleDecision::role));
        return new Entitlements(at, rules.version(), decisions, List.copyOf(changePoints));
    }

    /**
     * Every stretch of time over which the rules justify a role at {@code site} on these qualifications, in role
     * order, then by time: at each instant the same answer as {@link #evaluate} (justified, in grace, the set and
     * evidence of its basis), worked out once for each instant at which a standing can change.
     */
    public List<EntitlementSpan> timeline(AccessRules rules, String site, Collection<HeldQualification> held) {
        return timelineOf(rules, site, held).spans();
    }

    /**
     * {@link #timeline} with the instants at which a standing can change: what a planner needs of the rules for
     * one person, decisions at any instant included ({@link EntitlementTimeline}), from one evaluation.
     */
    public EntitlementTimeline timelineOf(AccessRules rules, String site, Collection<HeldQualification> held) {
        requireNonNull(rules, "rules");
        List<HeldQualification> qualifications = List.copyOf(held);
        List<EntitlementSpan> spans = new ArrayList<>();
        TreeSet<Instant> changePoints = new TreeSet<>();
        for (AccessRule rule : rules.forSite(site)) {
            RoleName role = rule.roleAt(site);
            List<HeldQualification> relevant = relevant(rule, qualifications);
            TreeSet<Instant> points = new TreeSet<>();
            for (HeldQualification q : relevant) {
                if (q.revoked()) {
                    continue;
                }
                points.add(q.completedAt());
                if (q.expiresAt() != null) {
                    points.add(q.expiresAt());
                    points.add(q.expiresAt().plus(Standing.graceOf(q, rule.grace())));
                }
            }
            changePoints.addAll(points);
            Instant openedAt = null;
            Basis open = null;
            for (Instant at : points) {
                Basis now = basisAt(rule, relevant, at);
                if (open != null && !open.equals(now)) {
                    spans.add(new EntitlementSpan(role, openedAt, at, open.inGrace(), open.set(), open.evidence()));
                    open = null;
                }
                if (open == null && now != null) {
                    open = now;
                    openedAt = at;
                }
            }
            if (open != null) {
                spans.add(new EntitlementSpan(role, openedAt, null, open.inGrace(), open.set(), open.evidence()));
            }
        }
        spans.sort(Comparator.comparing(EntitlementSpan::role).thenComparing(EntitlementSpan::from));
        return new EntitlementTimeline(spans, List.copyOf(changePoints));
    }

    /** What justifies a role at one instant, without the reasons: the set of its basis and that set's evidence. */
    private record Basis(int set, boolean inGrace, List<EntitlementSpan.Basis> evidence) {}

    // The same choices as decide(): each requirement's evidence by chosen(), the basis by RoleDecision.basis().
    private static @Nullable Basis basisAt(AccessRule rule, List<HeldQualification> held, Instant at) {
        Basis best = null;
        Instant bestUntil = null;
        boolean onlyInGrace = true;
        for (int i = 0; i < rule.anyOf().size(); i++) {
            List<EntitlementSpan.Basis> evidence = new ArrayList<>();
            boolean inGrace = false;
            Instant metUntil = null;
            boolean endless = true;
            for (Requirement requirement : rule.anyOf().get(i).allOf()) {
                List<Assessed> candidates = new ArrayList<>();
                for (HeldQualification q : held) {
                    if (q.code().equals(requirement.code())) {
                        candidates.add(new Assessed(q, Standing.of(q, requirement, rule.grace(), at)));
                    }
                }
                Optional<Met> met = chosen(candidates);
                if (met.isEmpty()) {
                    evidence = null;
                    break;
                }
                evidence.add(new EntitlementSpan.Basis(
                        requirement, met.get().evidence(), met.get().inGrace()));
                inGrace |= met.get().inGrace();
                Instant expiresAt = met.get().evidence().expiresAt();
                if (expiresAt != null) {
                    Instant end = expiresAt.plus(Standing.graceOf(met.get().evidence(), rule.grace()));
                    metUntil = metUntil == null || end.isBefore(metUntil) ? end : metUntil;
                    endless = false;
                }
            }
            if (evidence == null) {
                continue;
            }
            onlyInGrace &= inGrace;
            Instant until = endless ? null : metUntil;
            if (best == null || RoleDecision.lastsLonger(until, bestUntil)) {
                best = new Basis(i + 1, false, evidence);
                bestUntil = until;
            }
        }
        return best == null ? null : new Basis(best.set(), onlyInGrace, best.evidence());
    }

    /** Decides one role at {@code site}; a role no rule gives there is not justified, and its decision says so. */
    public RoleDecision explain(
            AccessRules rules, String site, RoleName roleAtSite, Collection<HeldQualification> held, Instant at) {
        requireNonNull(rules, "rules");
        requireNonNull(at, "at");
        List<HeldQualification> qualifications = List.copyOf(held);
        Optional<AccessRule> rule = rules.ruleFor(roleAtSite, site);
        return rule.map(found -> decide(found, roleAtSite, qualifications, at))
                .orElseGet(() -> new RoleDecision(roleAtSite, false, false, null, List.of()));
    }

    private static RoleDecision decide(AccessRule rule, RoleName role, List<HeldQualification> all, Instant at) {
        List<HeldQualification> held = relevant(rule, all);
        List<SetOutcome> sets = new ArrayList<>();
        boolean justified = false;
        boolean onlyInGrace = true;
        for (int i = 0; i < rule.anyOf().size(); i++) {
            SetOutcome set = assess(i + 1, rule.anyOf().get(i), rule.grace(), held, at);
            sets.add(set);
            if (set.met()) {
                justified = true;
                onlyInGrace &= set.inGrace();
            }
        }
        Instant until = justified ? justifiedUntil(rule, held, at, sets) : null;
        return new RoleDecision(role, justified, justified && onlyInGrace, until, sets);
    }

    private static List<HeldQualification> relevant(AccessRule rule, List<HeldQualification> held) {
        // Plain loops: this runs for every rule of every planned person, and a rule names a handful of codes.
        List<HeldQualification> relevant = new ArrayList<>(held.size());
        for (HeldQualification qualification : held) {
            if (requires(rule, qualification.code())) {
                relevant.add(qualification);
            }
        }
        return relevant;
    }

    private static boolean requires(AccessRule rule, QualificationCode code) {
        for (RequirementSet set : rule.anyOf()) {
            for (Requirement requirement : set.allOf()) {
                if (requirement.code().equals(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static SetOutcome assess(
            int index, RequirementSet set, Duration grace, List<HeldQualification> held, Instant at) {
        List<RequirementOutcome> outcomes = new ArrayList<>();
        boolean met = true;
        boolean inGrace = false;
        Instant metUntil = null;
        boolean endless = true;
        for (Requirement requirement : set.allOf()) {
            RequirementOutcome outcome = assess(requirement, grace, held, at);
            outcomes.add(outcome);
            met &= outcome.met();
            inGrace |= outcome.inGrace();
            if (outcome.met()) {
                HeldQualification evidence = requireNonNull(outcome.evidence());
                Instant expiresAt = evidence.expiresAt();
                if (expiresAt != null) {
                    Instant end = expiresAt.plus(Standing.graceOf(evidence, grace));
                    metUntil = metUntil == null || end.isBefore(metUntil) ? end : metUntil;
                    endless = false;
                }
            }
        }
        return new SetOutcome(index, met, met && inGrace, outcomes, met && !endless ? metUntil : null);
    }

    private static RequirementOutcome assess(
            Requirement requirement, Duration grace, List<HeldQualification> held, Instant at) {
        List<Assessed> candidates = held.stream()
                .filter(qualification -> qualification.code().equals(requirement.code()))
                .map(qualification -> new Assessed(qualification, Standing.of(qualification, requirement, grace, at)))
                .toList();
        Optional<Met> met = chosen(candidates);
        if (met.isPresent() && !met.get().inGrace()) {
            HeldQualification evidence = met.get().evidence();
            String validity = evidence.expiresAt() == null ? "no expiry" : "valid until " + evidence.expiresAt();
            return new RequirementOutcome(
                    requirement,
                    true,
                    false,
                    evidence,
                    "met by " + evidence.evidenceId() + " (level " + evidence.level() + ", " + validity + ")");
        }
        if (met.isPresent()) {
            HeldQualification evidence = met.get().evidence();
            Instant expiresAt = requireNonNull(evidence.expiresAt());
            return new RequirementOutcome(
                    requirement,
                    true,
                    true,
                    evidence,
                    "met in grace by " + evidence.evidenceId() + " (level " + evidence.level() + ", expired "
                            + expiresAt + ", grace until " + expiresAt.plus(grace) + ")");
        }
        String code = requirement.code().value();
        // For what is missing, show the qualification closest to meeting it: one already recorded for
        // later, then the most recent expiry, a level too low, a revocation.
        Optional<HeldQualification> future = best(candidates, Standing.FUTURE, EvidenceOrder.EARLIEST_COMPLETION);
        if (future.isPresent()) {
            return unmet(
                    requirement,
                    future.get(),
                    code + " completed in the future " + future.get().completedAt());
        }
        Optional<HeldQualification> expired = best(candidates, Standing.EXPIRED, EvidenceOrder.LONGEST_VALID);
        if (expired.isPresent()) {
            return unmet(
                    requirement,
                    expired.get(),
                    code + " expired " + expired.get().expiresAt());
        }
        Optional<HeldQualification> low = best(candidates, Standing.LEVEL_BELOW, EvidenceOrder.HIGHEST_LEVEL);
        if (low.isPresent()) {
            return unmet(
                    requirement,
                    low.get(),
                    code + " level " + low.get().level() + " below required " + requirement.minimumLevel());
        }
        Optional<HeldQualification> revoked = best(candidates, Standing.REVOKED, EvidenceOrder.LATEST_COMPLETION);
        if (revoked.isPresent()) {
            return unmet(requirement, revoked.get(), code + " revoked");
        }
        return new RequirementOutcome(requirement, false, false, null, code + " not held");
    }

    /** The qualification that meets a requirement, and whether only in grace. */
    private record Met(HeldQualification evidence, boolean inGrace) {}

    /**
     * The one choice of evidence every answer shares: the valid qualification that lasts longest, else the one
     * in grace that lasts longest; empty when none meets the requirement.
     */
    private static Optional<Met> chosen(List<Assessed> candidates) {
        // a loop rather than streams: a timeline asks this at every change point of every rule
        HeldQualification valid = null;
        HeldQualification inGrace = null;
        for (Assessed a : candidates) {
            if (a.standing() == Standing.VALID) {
                if (valid == null || EvidenceOrder.LONGEST_VALID.compare(a.qualification(), valid) < 0) {
                    valid = a.qualification();
                }
            } else if (a.standing() == Standing.IN_GRACE
                    && (inGrace == null || EvidenceOrder.LONGEST_VALID.compare(a.qualification(), inGrace) < 0)) {
                inGrace = a.qualification();
            }
        }
        if (valid != null) {
            return Optional.of(new Met(valid, false));
        }
        return inGrace == null ? Optional.empty() : Optional.of(new Met(inGrace, true));
    }

    private static RequirementOutcome unmet(Requirement requirement, HeldQualification closest, String reason) {
        return new RequirementOutcome(requirement, false, false, closest, reason);
    }

    private static Optional<HeldQualification> best(
            List<Assessed> candidates, Standing standing, Comparator<HeldQualification> order) {
        return candidates.stream()
                .filter(candidate -> candidate.standing() == standing)
                .map(Assessed::qualification)
                .min(order);
    }

    private static boolean justifiedAt(AccessRule rule, List<HeldQualification> held, Instant at) {
        return rule.anyOf().stream()
                .anyMatch(set -> set.allOf().stream()
                        .allMatch(requirement -> held.stream()
                                .filter(qualification -> qualification.code().equals(requirement.code()))
                                .map(qualification -> Standing.of(qualification, requirement, rule.grace(), at))
                                .anyMatch(s -> s == Standing.VALID || s == Standing.IN_GRACE)));
    }

    // Every met set stays met until its metUntil, so the role is justified at least until the latest of them
    // (and for ever if one of them has no end). Past that, justification only changes at a change point: the
    // first one at which the role is not justified is where it ends.
    private static @Nullable Instant justifiedUntil(
            AccessRule rule, List<HeldQualification> held, Instant at, List<SetOutcome> sets) {
        Instant horizon = at;
        for (SetOutcome set : sets) {
            if (set.met()) {
                Instant metUntil = set.metUntil();
                if (metUntil == null) {
                    return null;
                }
                horizon = metUntil.isAfter(horizon) ? metUntil : horizon;
            }
        }
        for (Instant point : changePoints(rule, held, at).tailSet(horizon, true)) {
            if (!justifiedAt(rule, held, point)) {
                return point;
            }
        }
        return null;
    }

    /** The instants after {@code at} at which the standing of a qualification against the rule changes. */
    private static TreeSet<Instant> changePoints(AccessRule rule, List<HeldQualification> held, Instant at) {
        TreeSet<Instant> points = new TreeSet<>();
        for (RequirementSet set : rule.anyOf()) {
            for (Requirement requirement : set.allOf()) {
                for (HeldQualification qualification : held) {
                    if (qualification.revoked() || !qualification.code().equals(requirement.code())) {
                        continue;
                    }
                    points.add(qualification.completedAt());
                    Instant expiresAt = qualification.expiresAt();
                    if (expiresAt != null) {
                        points.add(expiresAt);
                        points.add(expiresAt.plus(Standing.graceOf(qualification, rule.grace())));
                    }
                }
            }
        }
        return new TreeSet<>(points.tailSet(at, false));
    }
}
