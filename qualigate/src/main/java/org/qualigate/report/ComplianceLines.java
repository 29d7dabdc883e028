package org.qualigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReportBasis;
import org.qualigate.access.SiteTime;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import org.qualigate.report.ComplianceReport.Context;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Requirement;
import org.qualigate.report.ComplianceReport.State;
import org.qualigate.report.ComplianceReport.Unjustified;

/**
 * The lines of the compliance report for one chunk of people: what each is measured against, each required
 * qualification's state, and what a target held without a basis. A justified role's requirements come from its
 * projection row (for the API's JSON, as the planner rendered them; otherwise from the row's basis); only for a
 * required role that was not justified is the policy asked what was missing.
 */
final class ComplianceLines {

    private final EntitlementProjection projection;
    private final AssignmentHistory history;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final Qualifications qualifications;
    private final AccessPolicy policy = new AccessPolicy();

    ComplianceLines(
            EntitlementProjection projection,
            AssignmentHistory history,
            Overrides overrides,
            Deferrals deferrals,
            Qualifications qualifications) {
        this.projection = projection;
        this.history = history;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.qualifications = qualifications;
    }

    List<Line> lines(List<Persons.Listed> people, Context c) {
        int n = people.size();
        List<String> ids = new ArrayList<>(n);
        for (Persons.Listed p : people) {
            ids.add(p.employeeId().value());
        }
        Map<String, List<Met>> justified = justified(ids, c);
        Map<String, List<AssignmentHistory.Held>> held = history.of(ids, c.at(), c.knownAt());
        // what each person is measured against, and the roles among them the rules did not justify then
        MeasuredAgainst.Expected[] expected = new MeasuredAgainst.Expected[n];
        MeasuredAgainst measured = new MeasuredAgainst(c);
        List<EmployeeId> explain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Persons.Listed p = people.get(i);
            String id = ids.get(i);
            MeasuredAgainst.Expected e =
                    measured.of(p, justified.getOrDefault(id, List.of()), held.getOrDefault(id, List.of()));
            expected[i] = e;
            if (!e.unjustified().isEmpty()) {
                explain.add(p.employeeId());
            }
        }
        Map<EmployeeId, List<Qualification>> known =
                explain.isEmpty() ? Map.of() : qualifications.asKnownAt(explain, c.knownAt());
        List<Line> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Persons.Listed p = people.get(i);
            String id = ids.get(i);
            lines.add(line(
                    p,
                    expected[i],
                    justified.getOrDefault(id, List.of()),
                    held.getOrDefault(id, List.of()),
                    known.getOrDefault(p.employeeId(), List.of()),
                    c));
        }
        return lines;
    }

    /**
     * A role the rules justified for a person then: for the API's JSON, what the planner rendered of its basis;
     * otherwise (or when that text was rendered in another zone) the projection row, whose basis states the dates.
     */
    record Met(
            RoleName role,
            @Nullable List<ReportBasis.Entry> printed,
            @Nullable EntitlementInterval row) {}

    /**
     * The roles the rules justified for these people then, by person. The JSON reads only the rendered text; if
     * any of it was rendered in another zone than the site's, the chunk is read again with the rows' bases.
     */
    private Map<String, List<Met>> justified(List<String> ids, Context c) {
        Map<String, List<Met>> byPerson = new HashMap<>();
        if (c.use() == ComplianceReport.Use.JSON) {
            boolean rendered = true;
            for (ReportBasis.Row r : projection.printed(ids, c.at(), c.knownAt())) {
                List<ReportBasis.Entry> printed =
                        ReportBasis.read(r.reportView(), c.siteTime().zone());
                if (printed == null) {
                    rendered = false;
                    break;
                }
                byPerson.computeIfAbsent(r.employeeId(), k -> new ArrayList<>(4))
                        .add(new Met(r.role(), printed, null));
            }
            if (rendered) {
                return byPerson;
            }
            byPerson.clear();
        }
        for (EntitlementInterval i : projection.of(ids, c.at(), c.knownAt())) {
            byPerson.computeIfAbsent(i.employeeId().value(), k -> new ArrayList<>(4))
                    .add(new Met(i.role(), null, i));
        }
        return byPerson;
    }

    static @Nullable Met met(List<Met> justified, RoleName role) {
        for (Met m : justified) {
            if (m.role().equals(role)) {
                return m;
            }
        }
        return null;
    }

    private Line line(
            Persons.Listed person,
            MeasuredAgainst.Expected expected,
            List<Met> justified,
            List<AssignmentHistory.Held> held,
            List<Qualification> known,
            Context c) {
        // each code once, in the order of the codes (sorted when the line is made)
        List<Requirement> byCode = new ArrayList<>();
        // what the policy is asked with for a role not justified: read once per person, when first needed
        List<HeldQualification> heldQualifications = null;
        Map<String, Qualification> byEvidence = null;
        for (RoleName role : expected.roles()) {
            Met met = met(justified, role);
            if (met != null) {
                justified(met, role, c, byCode);
                continue;
            }
            if (heldQualifications == null || byEvidence == null) {
                heldQualifications = new ArrayList<>(known.size());
                byEvidence = new HashMap<>();
                for (Qualification q : known) {
                    heldQualifications.add(q.held());
                    byEvidence.put(q.evidence().evidenceId(), q);
                }
            }
            RoleDecision d =
                    policy.explain(c.rules().rules(), c.site(), role, heldQualifications, c.instruments(), c.at());
            Optional<SetOutcome> closest = closest(d);
            if (closest.isPresent()) {
                for (RequirementOutcome r : closest.get().requirements()) {
                    merge(byCode, requirement(r, role, byEvidence, c));
                }
            }
        }
        byCode.sort(BY_CODE);
        return new Line(
                person.employeeId().value(),
                person.name(),
                person.jobTitle(),
                expected.basis(),
                expected.names(),
                byCode,
                justifiedRoles(justified),
                accessWithoutBasis(person, justified, held, c));
    }

    /** What a target held without a basis then: by an override or a deferral in force, or none. */
    private List<Unjustified> accessWithoutBasis(
            Persons.Listed person, List<Met> justified, List<AssignmentHistory.Held> held, Context c) {
        List<Unjustified> without = new ArrayList<>(0);
        List<AccessOverride> overridden = null;
        for (AssignmentHistory.Held h : held) {
            if (met(justified, h.role()) != null) {
                continue;
            }
            if (overridden == null) {
                overridden = overrides.inForceAt(person.employeeId(), c.at());
            }
            boolean override = false;
            for (AccessOverride o : overridden) {
                if (o.role().equals(h.role()) && o.appliesTo(h.target())) {
                    override = true;
                    break;
                }
            }
            String kind = override
                    ? "override"
                    : !deferrals
                                    .inForceAt(person.employeeId(), h.role(), c.at())
                                    .isEmpty()
                            ? "deferral"
                            : "none";
            without.add(new Unjustified(h.target(), h.role().value(), kind));
        }
        return without;
    }

    private static final Comparator<Requirement> BY_CODE = Comparator.comparing(Requirement::code);

    /** The names of the roles justified, each once, sorted. */
    private static List<String> justifiedRoles(List<Met> justified) {
        String[] names = new String[justified.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = justified.get(i).role().value();
        }
        return List.of(MeasuredAgainst.sortedOnce(names, names.length, Comparator.naturalOrder()));
    }

    /**
     * The requirements a justified role's row met: as the planner rendered them for the API's JSON, else stated from
     * the row's basis.
     */
    private static void justified(Met met, RoleName role, Context c, List<Requirement> byCode) {
        List<ReportBasis.Entry> printed = met.printed() != null
                ? met.printed()
                : c.use() == ComplianceReport.Use.JSON
                        ? ReportBasis.read(met.row().reportView(), c.siteTime().zone())
                        : null;
        if (printed != null) {
            for (ReportBasis.Entry e : printed) {
                State state = state(e.inGrace(), e.expiresAt(), c);
                merge(
                        byCode,
                        Requirement.printed(
                                e.code(),
                                state,
                                e.expiresAt(),
                                role.value(),
                                new ComplianceReport.Printed(e.text(), e.from(), e.to())));
            }
            return;
        }
        for (EntitlementInterval.Evidence e : met.row().basis()) {
            // an instrument's calibration has no completion to state: its evidence names the agreed state
            SiteTime.RecordDates dates = e.isInstrument()
                    ? null
                    : c.siteTime().dates(e.completedAt(), e.completedOriginal(), e.expiresAt(), e.expiresOriginal());
            merge(
                    byCode,
                    new Requirement(
                            e.code(),
                            state(e.inGrace(), e.expiresAt(), c),
                            e.expiresAt(),
                            e.evidenceId(),
                            e.authority(),
                            List.of(role.value()),
                            null,
                            dates,
                            null));
        }
    }

    /** Of a role not justified, the set closest to being met: most requirements met, the first on a tie. */
    private static Optional<SetOutcome> closest(RoleDecision d) {
        SetOutcome best = null;
        long bestMet = -1;
        for (SetOutcome s : d.sets()) {
            long met = s.requirements().stream().filter(RequirementOutcome::met).count();
            if (met > bestMet) {
                best = s;
                bestMet = met;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Requirement requirement(
            RequirementOutcome r, RoleName role, Map<String, Qualification> byEvidence, Context c) {
        String code = r.requirement().code().value();
        Qualification q =
                r.evidence() == null ? null : byEvidence.get(r.evidence().evidenceId());
        String authority = q == null ? null : q.authority().name();
        Instant expiresAt = r.evidence() == null ? null : r.evidence().expiresAt();
        String evidence = r.evidence() == null ? null : r.evidence().evidenceId();
        State state;
        String detail = null;
        if (r.met()) {
            state = state(r.inGrace(), expiresAt, c);
        } else if (r.evidence() != null
                && !r.evidence().revoked()
                && expiresAt != null
                && !expiresAt.isAfter(c.at())
                && r.evidence().level() >= r.requirement().minimumLevel()) {
            state = State.EXPIRED;
        } else {
            state = State.MISSING;
            detail = r.shortfall();
        }
        // an instrument's calibration has no completion to state (as for a justified role's instrument)
        SiteTime.RecordDates dates = q != null
                ? c.siteTime().dates(q)
                : r.evidence() == null || r.requirement().instrument().isPresent()
                        ? null
                        : c.siteTime().dates(r.evidence().completedAt(), null, expiresAt, null);
        return new Requirement(code, state, expiresAt, evidence, authority, List.of(role.value()), detail, dates, null);
    }

    /** A code several roles require is shown once, in its worst state, with every role that requires it. */
    private static void merge(List<Requirement> byCode, Requirement r) {
        int at = -1;
        for (int i = 0; i < byCode.size(); i++) {
            if (byCode.get(i).code().equals(r.code())) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            byCode.add(r);
            return;
        }
        Requirement seen = byCode.get(at);
        // loops, not streams: a report of 100,000 people merges some 100,000 codes (decision 0070)
        List<String> roles =
                new ArrayList<>(seen.requiredBy().size() + r.requiredBy().size());
        roles.addAll(seen.requiredBy());
        for (String role : r.requiredBy()) {
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        Requirement worse = r.state().ordinal() > seen.state().ordinal() ? r : seen;
        byCode.set(
                at,
                new Requirement(
                        worse.code(),
                        worse.state(),
                        worse.expiresAt(),
                        worse.evidence(),
                        worse.authority(),
                        List.copyOf(roles),
                        worse.detail(),
                        worse.dates(),
                        worse.printed()));
    }

    /** A held qualification's state at the instant: in grace, expiring within the report's days, or valid. */
    private static State state(boolean inGrace, @Nullable Instant expiresAt, Context c) {
        return inGrace
                ? State.IN_GRACE
                : expiresAt != null && expiresAt.isBefore(c.soon()) ? State.EXPIRING : State.VALID;
    }
}
