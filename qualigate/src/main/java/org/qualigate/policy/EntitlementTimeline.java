package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One person's timeline under one version of the rules ({@link AccessPolicy#timelineOf}): the spans over which
 * each role is justified, and every instant at which a qualification's standing changes. Both the projection's
 * rows and the decision at any instant are read from it, so a planner evaluates the rules once per person: at
 * each instant it answers as {@link AccessPolicy#evaluate} does (the roles, their grace, the set and evidence of
 * their basis, where they end, the next change point), which {@code EntitlementTimelinePropertiesTest} checks.
 *
 * @param spans in role order, then by time, as {@link AccessPolicy#timeline} gives them
 * @param changePoints ascending and distinct
 */
public record EntitlementTimeline(List<EntitlementSpan> spans, List<Instant> changePoints) {

    public EntitlementTimeline {
        spans = List.copyOf(spans);
        changePoints = List.copyOf(changePoints);
    }

    /** The span of the role that covers the instant: the role is justified then, on its basis; empty when not. */
    public Optional<EntitlementSpan> at(RoleName role, Instant at) {
        requireNonNull(at, "at");
        for (EntitlementSpan span : spans) {
            if (span.role().equals(role) && span.covers(at)) {
                return Optional.of(span);
            }
        }
        return Optional.empty();
    }

    /** The spans that cover the instant, one per justified role, in role order. */
    public List<EntitlementSpan> coveringAt(Instant at) {
        requireNonNull(at, "at");
        return spans.stream().filter(span -> span.covers(at)).toList();
    }

    /** The roles justified at the instant, grace included, as {@link Entitlements#justifiedRoles}. */
    public SortedSet<RoleName> justifiedRoles(Instant at) {
        SortedSet<RoleName> roles = new TreeSet<>();
        coveringAt(at).forEach(span -> roles.add(span.role()));
        return roles;
    }

    /**
     * Where the role justified by this span stops being justified, as {@link RoleDecision#justifiedUntil}: the end
     * of the run of the role's spans that touch each other from this one on (the basis may change inside the run,
     * the role stays); null when the run has no end.
     */
    public @Nullable Instant justifiedUntil(EntitlementSpan span) {
        Instant end = span.until();
        boolean extended = true;
        while (end != null && extended) {
            extended = false;
            for (EntitlementSpan s : spans) {
                if (s.role().equals(span.role()) && s.from().equals(end)) {
                    end = s.until();
                    extended = true;
                    break;
                }
            }
        }
        return end;
    }

    /** The first instant strictly after {@code at} at which a decision can change, as {@link Entitlements}. */
    public Optional<Instant> nextChangeAfter(Instant at) {
        for (Instant point : changePoints) {
            if (point.isAfter(at)) {
                return Optional.of(point);
            }
        }
        return Optional.empty();
    }
}
