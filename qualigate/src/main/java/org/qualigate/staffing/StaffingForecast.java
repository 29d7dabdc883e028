package org.qualigate.staffing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.StaffingMinimum;
import org.qualigate.connector.ShiftSchedule.RosteredShift;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.AccessRules;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import org.qualigate.policy.SiteInstruments;

/**
 * Forecasts, for every rostered shift of a site's lines, how many rostered people will hold each role that has a
 * staffing minimum, and which shifts fall below it. Pure: the same roster, people, rules and instant always give
 * the same forecast. A person holds a role through a shift when the rules ({@link AccessPolicy}) justify it at
 * the shift's start and at its end, when an override or a deferral in force covers the whole shift, or when it
 * lapses during the shift and its revocation would be held back to the shift's end (the person is on shift, as
 * {@code access.Deferrals} does, within the maximum deferral); a role suspended by an access review is not held.
 */
final class StaffingForecast {

    private final AccessPolicy policy = new AccessPolicy();

    /** Everything the forecast reads, as of one instant. */
    public record Inputs(
            String site,
            AccessRules rules,
            List<StaffingMinimum> minimums,
            List<RosteredShift> roster,
            List<String> unreadable,
            Map<EmployeeId, Candidate> people,
            boolean deferralsApply,
            Duration maxDeferral,
            SiteInstruments instruments) {

        public Inputs {
            minimums = List.copyOf(minimums);
            roster = List.copyOf(roster);
            unreadable = List.copyOf(unreadable);
            people = Map.copyOf(people);
        }
    }

    /**
     * A rostered person as the ledger knows them: site, whether active, qualifications, and the overrides and
     * deferrals in force and the roles suspended by an access review.
     */
    public record Candidate(
            EmployeeId employeeId,
            String name,
            String site,
            boolean active,
            List<HeldQualification> qualifications,
            List<Grant> grants,
            Set<RoleName> suspended) {

        public Candidate {
            qualifications = List.copyOf(qualifications);
            grants = List.copyOf(grants);
            suspended = Set.copyOf(suspended);
        }
    }

    /** A role held outside the rules from {@code from} until {@code until}: an override or a deferred revocation. */
    public record Grant(RoleName role, Forecast.How how, Instant from, Instant until) {

        boolean covers(Instant at) {
            return !at.isBefore(from) && at.isBefore(until);
        }

        /** Whether the grant runs from the shift's start through its end. */
        boolean spans(RosteredShift shift) {
            return !from.isAfter(shift.start()) && !until.isBefore(shift.end());
        }
    }

    /** The forecast of the shifts that end after {@code now} and start within {@code days} days of it. */
    public Forecast forecast(Inputs in, Instant now, int days) {
        requireNonNull(in, "in");
        requireNonNull(now, "now");
        if (days < 1) {
            throw new IllegalArgumentException("a forecast covers at least one day: " + days);
        }
        Instant until = now.plus(Duration.ofDays(days));
        // one occurrence per line, shift and start; each person once
        Map<String, List<RosteredShift>> occurrences = new LinkedHashMap<>();
        in.roster().stream()
                .filter(r -> r.site().equals(in.site()))
                .filter(r -> r.end().isAfter(now) && r.start().isBefore(until))
                .sorted(Comparator.comparing(RosteredShift::start)
                        .thenComparing(RosteredShift::line)
                        .thenComparing(r -> r.employeeId().value()))
                .forEach(r -> {
                    List<RosteredShift> people = occurrences.computeIfAbsent(
                            r.line() + "/" + r.shift() + "/" + r.start(), k -> new ArrayList<>());
                    if (people.stream().noneMatch(p -> p.employeeId().equals(r.employeeId()))) {
                        people.add(r);
                    }
                });
        Map<String, RoleDecision> decisionsNow = new LinkedHashMap<>();
        List<Forecast.ShiftForecast> shifts = new ArrayList<>();
        for (List<RosteredShift> people : occurrences.values()) {
            RosteredShift first = people.getFirst();
            List<Forecast.RoleForecast> roles = new ArrayList<>();
            for (StaffingMinimum minimum : in.minimums()) {
                if (!minimum.site().equals(in.site())
                        || !minimum.line().equals(first.line())
                        || !minimum.appliesTo(first.shift())) {
                    continue;
                }
                List<Forecast.Holding> holding = new ArrayList<>();
                List<Forecast.Shortfall> shortfalls = new ArrayList<>();
                for (RosteredShift r : people) {
                    assess(in, minimum.role(), r, now, decisionsNow, holding, shortfalls);
                }
                roles.add(new Forecast.RoleForecast(minimum.role(), minimum.minimum(), holding, shortfalls));
            }
            shifts.add(new Forecast.ShiftForecast(
                    in.site(), first.line(), first.shift(), first.date(), first.start(), first.end(), roles));
        }
        return new Forecast(in.site(), now, until, shifts, in.unreadable());
    }

    private void assess(
            Inputs in,
            RoleName role,
            RosteredShift shift,
            Instant now,
            Map<String, RoleDecision> decisionsNow,
            List<Forecast.Holding> holding,
            List<Forecast.Shortfall> shortfalls) {
        Candidate person = in.people().get(shift.employeeId());
        Optional<Forecast.Shortfall> unavailable = unavailable(person, role, shift);
        if (person == null || unavailable.isPresent()) {
            unavailable.ifPresent(shortfalls::add);
            return;
        }
        RoleDecision atStart = decide(in, person, role, shift.start());
        RoleDecision atEnd = decide(in, person, role, shift.end());
        RoleDecision current =
                decisionsNow.computeIfAbsent(person.employeeId() + "/" + role, k -> decide(in, person, role, now));
        Optional<Grant> grantNow = grant(person, role, now);
        Instant lapsesAt = current.justified()
                ? current.justifiedUntil()
                : grantNow.map(Grant::until).orElse(null);
        if (atStart.justified() && atEnd.justified()) {
            holding.add(new Forecast.Holding(
                    person.employeeId(),
                    person.name(),
                    atStart.inGrace() || atEnd.inGrace() ? Forecast.How.GRACE : Forecast.How.RULES,
                    lapsesAt));
            return;
        }
        Optional<Grant> whole = person.grants().stream()
                .filter(g -> g.role().equals(role) && g.spans(shift))
                .findFirst();
        if (whole.isPresent()) {
            holding.add(new Forecast.Holding(
                    person.employeeId(), person.name(), whole.get().how(), lapsesAt));
            return;
        }
        Optional<Grant> coversStart = grant(person, role, shift.start());
        if ((atStart.justified() || coversStart.isPresent()) && in.deferralsApply()) {
            // it lapses during the shift: the revocation waits for the shift's end, within the maximum deferral
            Instant lapse = lapseWithin(atStart, coversStart, shift.start());
            if (!shift.end().isAfter(lapse.plus(in.maxDeferral()))) {
                holding.add(new Forecast.Holding(person.employeeId(), person.name(), Forecast.How.DEFERRAL, lapse));
                return;
            }
        }
        RoleDecision missingAt = atStart.justified() ? atEnd : atStart;
        shortfalls.add(new Forecast.Shortfall(
                person.employeeId(),
                person.name(),
                current.justified() || grantNow.isPresent() ? Forecast.Why.LAPSES : Forecast.Why.NOT_QUALIFIED,
                lapsesAt,
                missing(missingAt, atStart.justified() ? shift.end() : shift.start())));
    }

    /** Why the rostered person cannot count for the role whatever their qualifications: unknown, inactive, suspended. */
    private static Optional<Forecast.Shortfall> unavailable(
            @Nullable Candidate person, RoleName role, RosteredShift shift) {
        if (person == null) {
            return Optional.of(new Forecast.Shortfall(
                    shift.employeeId(), shift.employeeId().value(), Forecast.Why.UNKNOWN_PERSON, null, List.of()));
        }
        Forecast.Why why = !person.active()
                ? Forecast.Why.INACTIVE
                : person.suspended().contains(role) ? Forecast.Why.SUSPENDED : null;
        return Optional.ofNullable(why)
                .map(w -> new Forecast.Shortfall(person.employeeId(), person.name(), w, null, List.of()));
    }

    private RoleDecision decide(Inputs in, Candidate person, RoleName role, Instant at) {
        return policy.explain(in.rules(), person.site(), role, person.qualifications(), in.instruments(), at);
    }

    private static Optional<Grant> grant(Candidate person, RoleName role, Instant at) {
        return person.grants().stream()
                .filter(g -> g.role().equals(role) && g.covers(at))
                .max(Comparator.comparing(Grant::until));
    }

    /** When a role held at the shift's start stops being held: the later of the rules' end and the grant's end. */
    private static Instant lapseWithin(RoleDecision atStart, Optional<Grant> grant, Instant start) {
        Instant lapse = start;
        if (atStart.justified() && atStart.justifiedUntil() != null) {
            lapse = atStart.justifiedUntil();
        }
        if (grant.isPresent() && grant.get().until().isAfter(lapse)) {
            lapse = grant.get().until();
        }
        return lapse;
    }

    /**
     * The unmet requirements of the set closest to being met at the instant (fewest unmet, then rule order): the
     * training that would restore the role.
     */
    private static List<Forecast.Missing> missing(RoleDecision decision, Instant at) {
        Optional<SetOutcome> closest = decision.sets().stream()
                .min(Comparator.comparingInt((SetOutcome s) -> s.unmet().size()).thenComparingInt(SetOutcome::index));
        if (closest.isEmpty()) {
            return List.of();
        }
        List<Forecast.Missing> missing = new ArrayList<>();
        for (RequirementOutcome outcome : closest.get().unmet()) {
            HeldQualification closestHeld = outcome.evidence();
            @Nullable
            Instant expiredAt = closestHeld != null
                            && closestHeld.expiresAt() != null
                            && !closestHeld.expiresAt().isAfter(at)
                    ? closestHeld.expiresAt()
                    : null;
            missing.add(new Forecast.Missing(
                    outcome.requirement().code(), outcome.requirement().minimumLevel(), expiredAt, outcome.reason()));
        }
        return missing;
    }
}
