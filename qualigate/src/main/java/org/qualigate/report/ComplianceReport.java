package org.qualigate.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Deferrals;
import org.qualigate.access.Overrides;
import org.qualigate.access.PersonAccess;
import org.qualigate.access.PlantDefinition;
import org.qualigate.delivery.Assignments;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.AccessRules;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RequirementSet;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The compliance of one site at an instant: every active person, each qualification any rule of the site
 * requires with its state (valid, in grace, expiring within N days, expired, missing), the roles the rules
 * justified, and the access a target holds without basis (an override or a deferral is named as such). An
 * instant in the past is answered as Qualigate knew it then. Assignments are the last ones read back: they
 * have no history yet, so access without basis is reported as held now.
 */
@Component
public class ComplianceReport {

    /** The state of one required qualification. */
    public enum State {
        VALID("valid"),
        EXPIRING("expiring"),
        IN_GRACE("in grace"),
        EXPIRED("expired"),
        MISSING("missing");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One required qualification of a person. */
    public record Requirement(
            String code,
            State state,
            @Nullable Instant expiresAt,
            @Nullable String evidence,
            @Nullable String authority) {}

    /** A role a target holds that the rules do not justify; {@code kind} is override, deferral or none. */
    public record Unjustified(String target, String role, String kind) {}

    /** One person's line of the report. */
    public record Line(
            String employeeId,
            String name,
            List<Requirement> qualifications,
            List<String> rolesJustified,
            List<Unjustified> accessWithoutBasis) {}

    /** The report. */
    public record Report(String site, Instant at, int expiringWithinDays, List<Line> people) {}

    private final Persons persons;
    private final PlantDefinition plant;
    private final Assignments assignments;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final Clock clock;
    private final Qualifications qualifications;
    private final JdbcClient jdbc;
    private static final int CHUNK = 2000;
    private final AccessPolicy policy = new AccessPolicy();

    ComplianceReport(
            Qualifications qualifications,
            JdbcClient jdbc,
            Persons persons,
            PlantDefinition plant,
            Assignments assignments,
            Overrides overrides,
            Deferrals deferrals,
            Clock clock) {
        this.qualifications = qualifications;
        this.jdbc = jdbc;
        this.persons = persons;
        this.plant = plant;
        this.assignments = assignments;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.clock = clock;
    }

    public Report of(String site, Instant at, int expiringWithinDays) {
        Instant now = clock.instant();
        boolean past = at.isBefore(now.minusSeconds(1));
        List<AccessRule> rules = plant.current().rules().forSite(site);
        SortedSet<QualificationCode> required = new TreeSet<>(Comparator.comparing(QualificationCode::value));
        for (AccessRule rule : rules) {
            for (RequirementSet set : rule.anyOf()) {
                set.allOf().forEach(r -> required.add(r.code()));
            }
        }
        Instant soon = at.plus(Duration.ofDays(expiringWithinDays));
        List<Line> lines = new ArrayList<>();
        // The site's qualifications (as known then, for a past instant) a chunk of people per query, and who
        // holds any assignment at once; then the pure policy per person: a site of 100,000 people is neither
        // 100,000 round trips nor every qualification in memory at once.
        AccessRules rulesThen =
                past ? plant.inForceAt(jdbc, at).rules() : plant.current().rules();
        Set<String> assigned = new HashSet<>(jdbc.sql(
                        "SELECT DISTINCT a.employee_id FROM assignment a JOIN person p ON p.employee_id = a.employee_id "
                                + "WHERE p.site = ?")
                .param(site)
                .query(String.class)
                .list());
        List<Person> atSite = persons.all().stream()
                .filter(p -> p.site().equals(site) && p.status() == Person.Status.ACTIVE)
                .toList();
        for (int from = 0; from < atSite.size(); from += CHUNK) {
            List<Person> chunk = atSite.subList(from, Math.min(from + CHUNK, atSite.size()));
            List<EmployeeId> ids = chunk.stream().map(Person::employeeId).toList();
            Map<EmployeeId, List<Qualification>> quals =
                    past ? qualifications.asKnownAt(ids, at) : qualifications.of(ids);
            for (Person person : chunk) {
                lines.add(line(
                        person,
                        quals.getOrDefault(person.employeeId(), List.of()),
                        rulesThen,
                        rules,
                        required,
                        site,
                        at,
                        soon,
                        assigned));
            }
        }
        lines.sort(Comparator.comparing(Line::employeeId));
        return new Report(site, at, expiringWithinDays, lines);
    }

    private Line line(
            Person person,
            List<Qualification> quals,
            AccessRules rulesThen,
            List<AccessRule> rules,
            SortedSet<QualificationCode> required,
            String site,
            Instant at,
            Instant soon,
            Set<String> assigned) {
        PersonAccess access = new PersonAccess(
                person,
                quals,
                policy.evaluate(
                        rulesThen, site, quals.stream().map(Qualification::held).toList(), at),
                true);
        List<RoleDecision> inGrace = access.entitlements().decisions().stream()
                .filter(RoleDecision::inGrace)
                .toList();
        List<Requirement> states = new ArrayList<>();
        for (QualificationCode code : required) {
            states.add(state(
                    code,
                    access.qualifications(),
                    at,
                    soon,
                    !inGrace.isEmpty() && graceCovers(code, inGrace, rules, site)));
        }
        SortedSet<RoleName> justified = access.desiredRoles();
        List<Unjustified> without = new ArrayList<>();
        List<Assignments.Assignment> held =
                assigned.contains(person.employeeId().value())
                        ? assignments.of(person.employeeId().value())
                        : List.of();
        for (Assignments.Assignment a : held) {
            if (justified.contains(a.role())) {
                continue;
            }
            String kind = overrides.inForceAt(person.employeeId(), at).stream()
                            .anyMatch(o -> o.role().equals(a.role()))
                    ? "override"
                    : !deferrals.inForceAt(person.employeeId(), a.role(), at).isEmpty() ? "deferral" : "none";
            without.add(new Unjustified(a.target(), a.role().value(), kind));
        }
        return new Line(
                person.employeeId().value(),
                person.displayName(),
                states,
                justified.stream().map(RoleName::value).toList(),
                without);
    }

    private static boolean graceCovers(
            QualificationCode code, List<RoleDecision> inGrace, List<AccessRule> rules, String site) {
        for (RoleDecision d : inGrace) {
            for (AccessRule rule : rules) {
                if (rule.roleAt(site).equals(d.role())
                        && rule.anyOf().stream()
                                .anyMatch(s -> s.allOf().stream()
                                        .anyMatch(r -> r.code().equals(code)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Requirement state(
            QualificationCode code, List<Qualification> quals, Instant at, Instant soon, boolean graceCovers) {
        Qualification best = null;
        for (Qualification q : quals) {
            if (!q.code().equals(code) || q.completedAt().isAfter(at)) {
                continue;
            }
            if (best == null || lastsLonger(q, best, at)) {
                best = q;
            }
        }
        if (best == null) {
            return new Requirement(code.value(), State.MISSING, null, null, null);
        }
        State state;
        if (best.held().validAt(at)) {
            state = best.expiresAt() != null && best.expiresAt().isBefore(soon) ? State.EXPIRING : State.VALID;
        } else {
            state = graceCovers && best.status() == Qualification.Status.VALID ? State.IN_GRACE : State.EXPIRED;
        }
        return new Requirement(
                code.value(),
                state,
                best.expiresAt(),
                best.evidence().evidenceId(),
                best.authority().name());
    }

    /** A valid record beats an invalid one; among equals, the one that lasts longer. */
    private static boolean lastsLonger(Qualification a, Qualification b, Instant at) {
        boolean va = a.held().validAt(at);
        boolean vb = b.held().validAt(at);
        if (va != vb) {
            return va;
        }
        if (a.expiresAt() == null || b.expiresAt() == null) {
            return a.expiresAt() == null && b.expiresAt() != null;
        }
        return a.expiresAt().isAfter(b.expiresAt());
    }

    /** The report as CSV: one line per person and required qualification. */
    public static String csv(Report report) {
        StringBuilder out = new StringBuilder(
                "site,at,employee_id,name,qualification,state,expires_at,evidence,authority,roles_justified,access_without_basis\n");
        for (Line line : report.people()) {
            String roles = String.join(";", line.rolesJustified());
            String without = String.join(
                    ";",
                    line.accessWithoutBasis().stream()
                            .map(u -> u.target() + ":" + u.role() + "(" + u.kind() + ")")
                            .toList());
            for (Requirement r : line.qualifications()) {
                out.append(String.join(
                                ",",
                                cell(report.site()),
                                cell(report.at().toString()),
                                cell(line.employeeId()),
                                cell(line.name()),
                                cell(r.code()),
                                cell(r.state().label()),
                                cell(r.expiresAt() == null ? "" : r.expiresAt().toString()),
                                cell(r.evidence() == null ? "" : r.evidence()),
                                cell(r.authority() == null ? "" : r.authority()),
                                cell(roles),
                                cell(without)))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet does not run it. */
    private static String cell(String value) {
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** The JSON view (states as their labels). */
    public static Map<String, Object> view(Report report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", report.site());
        m.put("at", report.at());
        m.put("expiringWithinDays", report.expiringWithinDays());
        m.put("count", report.people().size());
        List<Map<String, Object>> people = new ArrayList<>();
        for (Line line : report.people()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("employeeId", line.employeeId());
            p.put("name", line.name());
            List<Map<String, Object>> quals = new ArrayList<>();
            for (Requirement r : line.qualifications()) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("code", r.code());
                q.put("state", r.state().label());
                q.put("expiresAt", r.expiresAt());
                q.put("evidence", r.evidence());
                q.put("authority", r.authority());
                quals.add(q);
            }
            p.put("qualifications", quals);
            p.put("rolesJustified", line.rolesJustified());
            p.put("accessWithoutBasis", line.accessWithoutBasis());
            people.add(p);
        }
        m.put("people", people);
        return m;
    }
}
