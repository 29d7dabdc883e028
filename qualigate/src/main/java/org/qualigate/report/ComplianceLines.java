package org.qualigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReportBasis;
import org.qualigate.access.SiteTime;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import org.qualigate.report.ComplianceReport.Basis;
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

    List<Line> lines(List<Person> people, Context c) {
        List<String> ids = people.stream().map(p -> p.employeeId().value()).toList();
        Map<String, List<Met>> justified = justified(ids, c);
        Map<String, List<AssignmentHistory.Held>> held = history.of(ids, c.at(), c.knownAt());
        // what each person is measured against, and the roles among them the rules did not justify then
        Map<String, Expected> expected = new HashMap<>();
        Map<String, Optional<Matrix>> jobs = new HashMap<>();
        List<EmployeeId> explain = new ArrayList<>();
        for (Person p : people) {
            String id = p.employeeId().value();
            Expected e = expected(p, c, jobs, justified.getOrDefault(id, List.of()), held.getOrDefault(id, List.of()));
            expected.put(id, e);
            if (!e.unjustified().isEmpty()) {
                explain.add(p.employeeId());
            }
        }
        Map<EmployeeId, List<Qualification>> known =
                explain.isEmpty() ? Map.of() : qualifications.asKnownAt(explain, c.knownAt());
        List<Line> lines = new ArrayList<>(people.size());
        for (Person p : people) {
            String id = p.employeeId().value();
            lines.add(line(
                    p,
                    expected.get(id),
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
    private record Met(
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

    /** A job of the training matrix as the report measures against it: its roles at the site and its description. */
    private record Matrix(Basis basis, List<RoleName> roles) {}

    /** The roles a person is measured against and why, and which of them the rules did not justify then. */
    private record Expected(Basis basis, List<RoleName> roles, List<RoleName> unjustified) {}

    private static Expected expected(
            Person p,
            Context c,
            Map<String, Optional<Matrix>> jobs,
            List<Met> justified,
            List<AssignmentHistory.Held> held) {
        // the people of a site share a few job titles: each is looked up in the matrix once per chunk
        Optional<Matrix> job = p.jobTitle() == null
                ? Optional.empty()
                : jobs.computeIfAbsent(
                        p.jobTitle(),
                        title -> c.rules()
                                .trainingMatrix()
                                .jobOf(c.site(), title)
                                .map(j -> new Matrix(
                                        new Basis(Basis.MATRIX, j.describe(c.site())),
                                        List.copyOf(new TreeSet<>(j.rolesAt(c.site()))))));
        List<RoleName> roles;
        Basis basis;
        if (job.isPresent()) {
            roles = job.get().roles();
            basis = job.get().basis();
        } else {
            SortedSet<RoleName> all = new TreeSet<>();
            justified.forEach(m -> all.add(m.role()));
            for (AssignmentHistory.Held h : held) {
                if (c.rules().rules().ruleFor(h.role(), c.site()).isPresent()) {
                    all.add(h.role());
                }
            }
            roles = List.copyOf(all);
            basis = new Basis(
                    Basis.ROLES_HELD,
                    p.jobTitle() == null || p.jobTitle().isBlank()
                            ? "roles held (no job title)"
                            : "roles held (job '" + p.jobTitle() + "' not in the training matrix)");
        }
        List<RoleName> unjustified = new ArrayList<>(0);
        for (RoleName r : roles) {
            if (met(justified, r) == null) {
                unjustified.add(r);
            }
        }
        return new Expected(basis, roles, unjustified);
    }

    private static @Nullable Met met(List<Met> justified, RoleName role) {
        for (Met m : justified) {
            if (m.role().equals(role)) {
                return m;
            }
        }
        return null;
    }

    private Line line(
            Person person,
            Expected expected,
            List<Met> justified,
            List<AssignmentHistory.Held> held,
            List<Qualification> known,
            Context c) {
        Map<String, Requirement> byCode = new TreeMap<>();
        for (RoleName role : expected.roles()) {
            Met met = met(justified, role);
            if (met != null) {
                justified(met, role, c, byCode);
                continue;
            }
            RoleDecision d = policy.explain(
                    c.rules().rules(),
                    c.site(),
                    role,
                    known.stream().map(Qualification::held).toList(),
                    c.instruments(),
                    c.at());
            Map<String, Qualification> byEvidence = new HashMap<>();
            known.forEach(q -> byEvidence.put(q.evidence().evidenceId(), q));
            closest(d).ifPresent(set -> {
                for (RequirementOutcome r : set.requirements()) {
                    merge(byCode, requirement(r, role, byEvidence, c));
                }
            });
        }
        List<Unjustified> without = new ArrayList<>(0);
        for (AssignmentHistory.Held h : held) {
            if (met(justified, h.role()) != null) {
                continue;
            }
            String kind = overrides.inForceAt(person.employeeId(), c.at()).stream()
                            .anyMatch(o -> o.role().equals(h.role()) && o.appliesTo(h.target()))
                    ? "override"
                    : !deferrals
                                    .inForceAt(person.employeeId(), h.role(), c.at())
                                    .isEmpty()
                            ? "deferral"
                            : "none";
            without.add(new Unjustified(h.target(), h.role().value(), kind));
        }
        return new Line(
                person.employeeId().value(),
                person.displayName(),
                person.jobTitle(),
                expected.basis(),
                values(expected.roles()),
                List.copyOf(byCode.values()),
                justifiedRoles(justified),
                without);
    }

    private static List<String> values(List<RoleName> roles) {
        String[] values = new String[roles.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = roles.get(i).value();
        }
        return List.of(values);
    }

    /** The names of the roles justified, each once, sorted. */
    private static List<String> justifiedRoles(List<Met> justified) {
        SortedSet<String> roles = new TreeSet<>();
        for (Met m : justified) {
            roles.add(m.role().value());
        }
        return List.copyOf(roles);
    }

    /**
     * The requirements a justified role's row met: as the planner rendered them for the API's JSON, else stated from
     * the row's basis.
     */
    private static void justified(Met met, RoleName role, Context c, Map<String, Requirement> byCode) {
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
    private static void merge(Map<String, Requirement> byCode, Requirement r) {
        Requirement seen = byCode.putIfAbsent(r.code(), r);
        if (seen == null) {
            return;
        }
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
        byCode.put(
                r.code(),
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
