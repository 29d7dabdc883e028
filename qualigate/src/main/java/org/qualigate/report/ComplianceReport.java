package org.qualigate.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Deferrals;
import org.qualigate.access.Overrides;
import org.qualigate.access.PersonAccess;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
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
import tools.jackson.core.JsonGenerator;

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

    /**
     * One required qualification of a person; {@code dates} are the record's completion and expiry as stated
     * everywhere (instant, calendar day at the site, the source's text), absent when the qualification is missing.
     */
    public record Requirement(
            String code,
            State state,
            @Nullable Instant expiresAt,
            @Nullable String evidence,
            @Nullable String authority,
            SiteTime.@Nullable RecordDates dates) {}

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
    private static final int IN_FLIGHT = 2;
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

    /** The whole report in memory: for pages and small sites; the API streams {@link #lines} instead. */
    public Report of(String site, Instant at, int expiringWithinDays) {
        Lines lines = lines(site, at, expiringWithinDays);
        List<Line> all = new ArrayList<>(lines.count());
        lines.forEach(all::add);
        return new Report(site, at, expiringWithinDays, all);
    }

    /**
     * The report's lines, computed a chunk of people at a time in employee order as they are consumed, the
     * next chunk's rows read while the current one is evaluated: a site of 100,000 people is neither 100,000
     * round trips nor the whole answer in memory.
     */
    public Lines lines(String site, Instant at, int expiringWithinDays) {
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
        SiteTime siteTime = SiteTime.of(plant.current(), site);
        AccessRules rulesThen =
                past ? plant.inForceAt(jdbc, at).rules() : plant.current().rules();
        List<Person> atSite = persons.all().stream()
                .filter(p -> p.site().equals(site) && p.status() == Person.Status.ACTIVE)
                .sorted(Comparator.comparing(p -> p.employeeId().value()))
                .toList();
        return new Lines(atSite.size(), sink -> {
            // Two chunks are read and evaluated at once (the policy is pure, the machine has cores to spare),
            // and handed on in employee order.
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                java.util.ArrayDeque<Future<List<Line>>> ahead = new java.util.ArrayDeque<>();
                int next = 0;
                for (; next < atSite.size() && ahead.size() < IN_FLIGHT; next += CHUNK) {
                    int from = next;
                    ahead.add(workers.submit(() -> lines(
                            chunk(atSite, from, at, past), rulesThen, rules, required, site, siteTime, at, soon)));
                }
                while (!ahead.isEmpty()) {
                    List<Line> done = get(ahead.poll());
                    if (next < atSite.size()) {
                        int from = next;
                        ahead.add(workers.submit(() -> lines(
                                chunk(atSite, from, at, past), rulesThen, rules, required, site, siteTime, at, soon)));
                        next += CHUNK;
                    }
                    done.forEach(sink);
                }
            }
        });
    }

    private List<Line> lines(
            Chunk chunk,
            AccessRules rulesThen,
            List<AccessRule> rules,
            SortedSet<QualificationCode> required,
            String site,
            SiteTime siteTime,
            Instant at,
            Instant soon) {
        List<Line> lines = new ArrayList<>(chunk.people().size());
        for (Person person : chunk.people()) {
            lines.add(line(
                    person,
                    chunk.qualifications().getOrDefault(person.employeeId(), List.of()),
                    chunk.assignments().getOrDefault(person.employeeId().value(), List.of()),
                    rulesThen,
                    rules,
                    required,
                    site,
                    siteTime,
                    at,
                    soon));
        }
        return lines;
    }

    /** The lines of one report: how many, and each in employee order, computed as they are consumed. */
    public record Lines(int count, Consumer<Consumer<Line>> producer) {

        public void forEach(Consumer<Line> sink) {
            producer.accept(sink);
        }
    }

    private record Chunk(
            List<Person> people,
            Map<EmployeeId, List<Qualification>> qualifications,
            Map<String, List<Assignments.Assignment>> assignments) {}

    private Chunk chunk(List<Person> atSite, int from, Instant at, boolean past) {
        List<Person> people = atSite.subList(from, Math.min(from + CHUNK, atSite.size()));
        List<EmployeeId> ids = people.stream().map(Person::employeeId).toList();
        return new Chunk(
                people,
                past ? qualifications.asKnownAt(ids, at) : qualifications.of(ids),
                assignments.of(ids.stream().map(EmployeeId::value).toList()));
    }

    private static <T> T get(Future<T> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("compliance report interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Line line(
            Person person,
            List<Qualification> quals,
            List<Assignments.Assignment> held,
            AccessRules rulesThen,
            List<AccessRule> rules,
            SortedSet<QualificationCode> required,
            String site,
            SiteTime siteTime,
            Instant at,
            Instant soon) {
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
                    !inGrace.isEmpty() && graceCovers(code, inGrace, rules, site),
                    siteTime));
        }
        SortedSet<RoleName> justified = access.desiredRoles();
        List<Unjustified> without = new ArrayList<>();
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
            QualificationCode code,
            List<Qualification> quals,
            Instant at,
            Instant soon,
            boolean graceCovers,
            SiteTime siteTime) {
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
            return new Requirement(code.value(), State.MISSING, null, null, null, null);
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
                best.authority().name(),
                siteTime.dates(best));
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

    /** Columns after {@code access_without_basis} were added later: readers by position keep working. */
    private static final String CSV_HEADER =
            "site,at,employee_id,name,qualification,state,expires_at,evidence,authority,"
                    + "roles_justified,access_without_basis,completed_at,completed_on,expires_on,zone,at_site\n";

    /** The report as CSV: one line per person and required qualification. */
    public static String csv(Report report, SiteTime.PointInTime at) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        String atSite = at.view().get("atSite").toString();
        report.people().forEach(line -> csvLine(out, report.site(), at, atSite, line));
        return out.toString();
    }

    /** The report as CSV, written line by line as it is computed. */
    public static void writeCsv(String site, SiteTime.PointInTime at, Lines lines, Writer out) throws IOException {
        out.write(CSV_HEADER);
        StringBuilder buffer = new StringBuilder();
        String atSite = at.view().get("atSite").toString();
        try {
            lines.forEach(line -> {
                csvLine(buffer, site, at, atSite, line);
                if (buffer.length() > 64 * 1024) {
                    flush(buffer, out);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        flush(buffer, out);
    }

    private static void flush(StringBuilder buffer, Writer out) {
        try {
            out.write(buffer.toString());
            buffer.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csvLine(StringBuilder out, String site, SiteTime.PointInTime at, String atSite, Line line) {
        String roles = String.join(";", line.rolesJustified());
        String without = String.join(
                ";",
                line.accessWithoutBasis().stream()
                        .map(u -> u.target() + ":" + u.role() + "(" + u.kind() + ")")
                        .toList());
        for (Requirement r : line.qualifications()) {
            SiteTime.RecordDates d = r.dates();
            out.append(String.join(
                            ",",
                            Csv.cell(site),
                            Csv.cell(at.at().toString()),
                            Csv.cell(line.employeeId()),
                            Csv.cell(line.name()),
                            Csv.cell(r.code()),
                            Csv.cell(r.state().label()),
                            Csv.cell(r.expiresAt() == null ? "" : r.expiresAt().toString()),
                            Csv.cell(r.evidence() == null ? "" : r.evidence()),
                            Csv.cell(r.authority() == null ? "" : r.authority()),
                            Csv.cell(roles),
                            Csv.cell(without),
                            Csv.cell(d == null ? "" : d.completedAt().toString()),
                            Csv.cell(d == null ? "" : d.completedOn().toString()),
                            Csv.cell(
                                    d == null || d.expiresOn() == null
                                            ? ""
                                            : d.expiresOn().toString()),
                            Csv.cell(at.zone().getId()),
                            Csv.cell(atSite)))
                    .append('\n');
        }
    }

    /** The report as JSON (the shape of {@link #view}), written person by person as it is computed. */
    public static void writeJson(
            String site, SiteTime.PointInTime at, int expiringWithinDays, Lines lines, JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("site", site);
        at.view().forEach((name, value) -> g.writeStringProperty(name, value.toString()));
        g.writeName("expiringWithinDays");
        g.writeNumber(expiringWithinDays);
        g.writeName("count");
        g.writeNumber(lines.count());
        g.writeName("people");
        g.writeStartArray();
        lines.forEach(line -> {
            g.writeStartObject();
            g.writeStringProperty("employeeId", line.employeeId());
            g.writeStringProperty("name", line.name());
            g.writeName("qualifications");
            g.writeStartArray();
            for (Requirement r : line.qualifications()) {
                g.writeStartObject();
                g.writeStringProperty("code", r.code());
                g.writeStringProperty("state", r.state().label());
                if (r.dates() != null) {
                    r.dates().fields((name, value) -> property(g, name, value));
                }
                property(g, "evidence", r.evidence());
                property(g, "authority", r.authority());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("rolesJustified");
            g.writeStartArray();
            line.rolesJustified().forEach(g::writeString);
            g.writeEndArray();
            g.writeName("accessWithoutBasis");
            g.writeStartArray();
            for (Unjustified u : line.accessWithoutBasis()) {
                g.writeStartObject();
                g.writeStringProperty("target", u.target());
                g.writeStringProperty("role", u.role());
                g.writeStringProperty("kind", u.kind());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** Absent values are left out, as everywhere in the API ({@code default-property-inclusion: non_null}). */
    private static void property(JsonGenerator g, String name, @Nullable String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    /** The JSON view (states as their labels). */
    public static Map<String, Object> view(Report report, SiteTime.PointInTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", report.site());
        m.putAll(at.view());
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
                if (r.dates() != null) {
                    r.dates().fields((name, value) -> {
                        if (value != null) {
                            q.put(name, value);
                        }
                    });
                }
                if (r.evidence() != null) {
                    q.put("evidence", r.evidence());
                }
                if (r.authority() != null) {
                    q.put("authority", r.authority());
                }
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
