package org.qualigate.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.access.TrainingMatrix;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;

/**
 * The compliance of one site at an instant, as Qualigate knew it at another (by default the same): every active
 * person measured against what their job requires — the roles the training matrix names for their job title at
 * their site, or, for a job the matrix does not list, the roles they held (justified by the rules or held in a
 * target) — each required qualification with its state (valid, expiring within N days, in grace, expired,
 * missing), the roles the rules justified, and what a target held then without a basis then (an override or a
 * deferral is named as such). What the rules justified comes from the entitlement projection and what the targets
 * held from the assignment history, both read with range queries; the policy is evaluated only for a required
 * role that was not justified, to say what was missing. Each record's completion and expiry is stated as everywhere
 * (the instant, its calendar day at the site, the source's own text; decision 0029).
 */
@Component
public class ComplianceReport {

    /** The state of one required qualification, worst last. */
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

        /** Whether the qualification counts as held (valid, expiring or in grace). */
        public boolean held() {
            return this == VALID || this == EXPIRING || this == IN_GRACE;
        }
    }

    /**
     * One required qualification of a person, the roles that require it, and what stands for it; {@code dates} are
     * the record's completion and expiry as stated everywhere (instant, calendar day at the site, the source's
     * text), absent when no record stands for it.
     */
    public record Requirement(
            String code,
            State state,
            @Nullable Instant expiresAt,
            @Nullable String evidence,
            @Nullable String authority,
            List<String> requiredBy,
            @Nullable String detail,
            SiteTime.@Nullable RecordDates dates) {}

    /** A role a target held without a basis; {@code kind} is override, deferral or none. */
    public record Unjustified(String target, String role, String kind) {}

    /**
     * What a person was measured against: the training matrix entry of their job, or the roles they held.
     *
     * @param kind {@code training-matrix} or {@code roles-held}
     */
    public record Basis(String kind, String description) {

        public static final String MATRIX = "training-matrix";
        public static final String ROLES_HELD = "roles-held";
    }

    /** One person's line of the report. */
    public record Line(
            String employeeId,
            String name,
            @Nullable String jobTitle,
            Basis measuredAgainst,
            List<String> rolesRequired,
            List<Requirement> qualifications,
            List<String> rolesJustified,
            List<Unjustified> accessWithoutBasis) {}

    /** The report. */
    public record Report(String site, Instant at, Instant knownAt, int expiringWithinDays, List<Line> people) {}

    private static final int CHUNK = 2000;
    private static final int IN_FLIGHT = 2;

    private final Persons persons;
    private final PlantDefinition plant;
    private final EntitlementProjection projection;
    private final AssignmentHistory history;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final Qualifications qualifications;
    private final JdbcClient jdbc;
    private final AccessPolicy policy = new AccessPolicy();

    ComplianceReport(
            Qualifications qualifications,
            JdbcClient jdbc,
            Persons persons,
            PlantDefinition plant,
            EntitlementProjection projection,
            AssignmentHistory history,
            Overrides overrides,
            Deferrals deferrals) {
        this.qualifications = qualifications;
        this.jdbc = jdbc;
        this.persons = persons;
        this.plant = plant;
        this.projection = projection;
        this.history = history;
        this.overrides = overrides;
        this.deferrals = deferrals;
    }

    /** The whole report in memory: for pages and small sites; the API streams {@link #lines} instead. */
    public Report of(String site, Instant at, Instant knownAt, int expiringWithinDays) {
        Lines lines = lines(site, at, knownAt, expiringWithinDays);
        List<Line> all = new ArrayList<>(lines.count());
        lines.forEach(all::add);
        return new Report(site, at, knownAt, expiringWithinDays, all);
    }

    /**
     * The report's lines, computed a chunk of people at a time in employee order as they are consumed, the next
     * chunk read while the current one is worked out: a site of 100,000 people is neither 100,000 round trips nor
     * the whole answer in memory.
     */
    public Lines lines(String site, Instant at, Instant knownAt, int expiringWithinDays) {
        List<Person> atSite = persons.atSite(site, Person.Status.ACTIVE);
        return lines(atSite, atSite.size(), null, context(site, at, knownAt, expiringWithinDays));
    }

    /**
     * One page of the report: at most {@code limit} people after the employee ID {@code after} (none: from the
     * first), in the order of the whole report, with the number of people the whole report measures and the cursor
     * of the next page (absent on the last). The pages of a report, read one after another, are the whole report
     * line for line.
     */
    public Lines page(
            String site, Instant at, Instant knownAt, int expiringWithinDays, @Nullable String after, int limit) {
        List<Person> more = persons.atSite(site, Person.Status.ACTIVE, after, limit + 1);
        List<Person> page = more.subList(0, Math.min(limit, more.size()));
        String next = more.size() > limit ? page.getLast().employeeId().value() : null;
        int count = persons.countAtSite(site, Person.Status.ACTIVE);
        return lines(page, count, next, context(site, at, knownAt, expiringWithinDays));
    }

    private Context context(String site, Instant at, Instant knownAt, int expiringWithinDays) {
        Instant soon = at.plus(Duration.ofDays(expiringWithinDays));
        Plant rulesThen = plant.inForceAt(jdbc, knownAt);
        return new Context(site, at, knownAt, soon, rulesThen, SiteTime.of(plant.current(), site));
    }

    private Lines lines(List<Person> atSite, int count, @Nullable String next, Context context) {
        return new Lines(count, next, sink -> {
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                ArrayDeque<Future<List<Line>>> ahead = new ArrayDeque<>();
                int from = 0;
                for (; from < atSite.size() && ahead.size() < IN_FLIGHT; from += CHUNK) {
                    List<Person> chunk = chunk(atSite, from);
                    ahead.add(workers.submit(() -> lines(chunk, context)));
                }
                while (!ahead.isEmpty()) {
                    List<Line> done = get(ahead.poll());
                    if (from < atSite.size()) {
                        List<Person> chunk = chunk(atSite, from);
                        ahead.add(workers.submit(() -> lines(chunk, context)));
                        from += CHUNK;
                    }
                    done.forEach(sink);
                }
            }
        });
    }

    /**
     * The lines of one report or page: how many people the whole report measures, the cursor of the next page
     * (absent for the whole report and its last page), and each line in employee order, computed as consumed.
     */
    public record Lines(int count, @Nullable String next, Consumer<Consumer<Line>> producer) {

        public void forEach(Consumer<Line> sink) {
            producer.accept(sink);
        }
    }

    private record Context(String site, Instant at, Instant knownAt, Instant soon, Plant rules, SiteTime siteTime) {}

    private static List<Person> chunk(List<Person> atSite, int from) {
        return atSite.subList(from, Math.min(from + CHUNK, atSite.size()));
    }

    private List<Line> lines(List<Person> people, Context c) {
        List<String> ids = people.stream().map(p -> p.employeeId().value()).toList();
        Map<String, List<EntitlementInterval>> justified = new HashMap<>();
        projection
                .of(ids, c.at(), c.knownAt())
                .forEach(i -> justified
                        .computeIfAbsent(i.employeeId().value(), k -> new ArrayList<>())
                        .add(i));
        Map<String, List<AssignmentHistory.Held>> held = history.of(ids, c.at(), c.knownAt());
        // what each person is measured against, and the roles among them the rules did not justify then
        Map<String, Expected> expected = new LinkedHashMap<>();
        List<EmployeeId> explain = new ArrayList<>();
        for (Person p : people) {
            String id = p.employeeId().value();
            Expected e = expected(p, c, justified.getOrDefault(id, List.of()), held.getOrDefault(id, List.of()));
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

    /** The roles a person is measured against and why, and which of them the rules did not justify then. */
    private record Expected(Basis basis, List<RoleName> roles, List<RoleName> unjustified) {}

    private static Expected expected(
            Person p, Context c, List<EntitlementInterval> justified, List<AssignmentHistory.Held> held) {
        Optional<TrainingMatrix.Job> job = c.rules().trainingMatrix().jobOf(c.site(), p.jobTitle());
        SortedSet<RoleName> roles = new TreeSet<>();
        Basis basis;
        if (job.isPresent()) {
            roles.addAll(job.get().rolesAt(c.site()));
            basis = new Basis(Basis.MATRIX, job.get().describe(c.site()));
        } else {
            justified.forEach(i -> roles.add(i.role()));
            for (AssignmentHistory.Held h : held) {
                if (c.rules().rules().ruleFor(h.role(), c.site()).isPresent()) {
                    roles.add(h.role());
                }
            }
            basis = new Basis(
                    Basis.ROLES_HELD,
                    p.jobTitle() == null || p.jobTitle().isBlank()
                            ? "roles held (no job title)"
                            : "roles held (job '" + p.jobTitle() + "' not in the training matrix)");
        }
        List<RoleName> unjustified = roles.stream()
                .filter(r -> justified.stream().noneMatch(i -> i.role().equals(r)))
                .toList();
        return new Expected(basis, List.copyOf(roles), unjustified);
    }

    private Line line(
            Person person,
            Expected expected,
            List<EntitlementInterval> justified,
            List<AssignmentHistory.Held> held,
            List<Qualification> known,
            Context c) {
        Map<String, Requirement> byCode = new TreeMap<>();
        for (RoleName role : expected.roles()) {
            Optional<EntitlementInterval> row =
                    justified.stream().filter(i -> i.role().equals(role)).findFirst();
            if (row.isPresent()) {
                for (EntitlementInterval.Evidence e : row.get().basis()) {
                    State state = e.inGrace()
                            ? State.IN_GRACE
                            : e.expiresAt() != null && e.expiresAt().isBefore(c.soon()) ? State.EXPIRING : State.VALID;
                    merge(
                            byCode,
                            new Requirement(
                                    e.code(),
                                    state,
                                    e.expiresAt(),
                                    e.evidenceId(),
                                    e.authority(),
                                    List.of(role.value()),
                                    null,
                                    c.siteTime()
                                            .dates(
                                                    e.completedAt(),
                                                    e.completedOriginal(),
                                                    e.expiresAt(),
                                                    e.expiresOriginal())));
                }
                continue;
            }
            RoleDecision d = policy.explain(
                    c.rules().rules(),
                    c.site(),
                    role,
                    known.stream().map(Qualification::held).toList(),
                    c.at());
            Map<String, Qualification> byEvidence = new HashMap<>();
            known.forEach(q -> byEvidence.put(q.evidence().evidenceId(), q));
            closest(d).ifPresent(set -> {
                for (RequirementOutcome r : set.requirements()) {
                    merge(byCode, requirement(r, role, byEvidence, c));
                }
            });
        }
        List<Unjustified> without = new ArrayList<>();
        for (AssignmentHistory.Held h : held) {
            if (justified.stream().anyMatch(i -> i.role().equals(h.role()))) {
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
                expected.roles().stream().map(RoleName::value).toList(),
                List.copyOf(byCode.values()),
                justified.stream()
                        .map(i -> i.role().value())
                        .distinct()
                        .sorted()
                        .toList(),
                without);
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
            state = r.inGrace()
                    ? State.IN_GRACE
                    : expiresAt != null && expiresAt.isBefore(c.soon()) ? State.EXPIRING : State.VALID;
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
        SiteTime.RecordDates dates = q != null
                ? c.siteTime().dates(q)
                : r.evidence() == null ? null : c.siteTime().dates(r.evidence().completedAt(), null, expiresAt, null);
        return new Requirement(code, state, expiresAt, evidence, authority, List.of(role.value()), detail, dates);
    }

    /** A code several roles require is shown once, in its worst state, with every role that requires it. */
    private static void merge(Map<String, Requirement> byCode, Requirement r) {
        Requirement seen = byCode.get(r.code());
        if (seen == null) {
            byCode.put(r.code(), r);
            return;
        }
        List<String> roles = new ArrayList<>(seen.requiredBy());
        r.requiredBy().stream().filter(x -> !roles.contains(x)).forEach(roles::add);
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
                        worse.dates()));
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

    // ----------------------------------------------------------------------------------------------------------
    // Output

    // the first eleven columns as they always were; what was added since comes after them, so readers by position
    // keep working
    private static final String CSV_HEADER =
            "site,at,employee_id,name,qualification,state,expires_at,evidence,authority,"
                    + "roles_justified,access_without_basis,completed_at,completed_on,expires_on,zone,at_site,"
                    + "known_at,measured_against,required_by\n";

    /** The report as CSV: one line per person and required qualification (one with none for a person who has none). */
    public static String csv(Report report, SiteTime.PointInTime at) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        String atSite = at.view().get("atSite").toString();
        report.people().forEach(line -> csvLine(out, report.site(), at, atSite, report.knownAt(), line));
        return out.toString();
    }

    /** The report as CSV, written line by line as it is computed. */
    public static void writeCsv(String site, SiteTime.PointInTime at, Instant knownAt, Lines lines, Writer out)
            throws IOException {
        out.write(CSV_HEADER);
        StringBuilder buffer = new StringBuilder();
        String atSite = at.view().get("atSite").toString();
        try {
            lines.forEach(line -> {
                csvLine(buffer, site, at, atSite, knownAt, line);
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

    private static void csvLine(
            StringBuilder out, String site, SiteTime.PointInTime at, String atSite, Instant knownAt, Line line) {
        String roles = String.join(";", line.rolesJustified());
        String without = String.join(
                ";",
                line.accessWithoutBasis().stream()
                        .map(u -> u.target() + ":" + u.role() + "(" + u.kind() + ")")
                        .toList());
        List<Requirement> rows =
                line.qualifications().isEmpty() ? java.util.Collections.singletonList(null) : line.qualifications();
        for (Requirement r : rows) {
            SiteTime.RecordDates d = r == null ? null : r.dates();
            out.append(String.join(
                            ",",
                            Csv.cell(site),
                            Csv.cell(at.at().toString()),
                            Csv.cell(line.employeeId()),
                            Csv.cell(line.name()),
                            Csv.cell(r == null ? "" : r.code()),
                            Csv.cell(r == null ? "" : r.state().label()),
                            Csv.cell(
                                    r == null || r.expiresAt() == null
                                            ? ""
                                            : r.expiresAt().toString()),
                            Csv.cell(r == null || r.evidence() == null ? "" : r.evidence()),
                            Csv.cell(r == null || r.authority() == null ? "" : r.authority()),
                            Csv.cell(roles),
                            Csv.cell(without),
                            Csv.cell(d == null ? "" : d.completedAt().toString()),
                            Csv.cell(d == null ? "" : d.completedOn().toString()),
                            Csv.cell(
                                    d == null || d.expiresOn() == null
                                            ? ""
                                            : d.expiresOn().toString()),
                            Csv.cell(at.zone().getId()),
                            Csv.cell(atSite),
                            Csv.cell(knownAt.toString()),
                            Csv.cell(line.measuredAgainst().description()),
                            Csv.cell(r == null ? "" : String.join(";", r.requiredBy()))))
                    .append('\n');
        }
    }

    /** The report as JSON (the shape of {@link #view}), written person by person as it is computed. */
    public static void writeJson(
            String site,
            SiteTime.PointInTime at,
            Instant knownAt,
            int expiringWithinDays,
            Lines lines,
            JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("site", site);
        at.view().forEach((name, value) -> g.writeStringProperty(name, value.toString()));
        g.writeStringProperty("knownAt", knownAt.toString());
        g.writeName("expiringWithinDays");
        g.writeNumber(expiringWithinDays);
        g.writeName("count");
        g.writeNumber(lines.count());
        if (lines.next() != null) {
            g.writeStringProperty("next", lines.next());
        }
        g.writeName("people");
        g.writeStartArray();
        lines.forEach(line -> {
            g.writeStartObject();
            g.writeStringProperty("employeeId", line.employeeId());
            g.writeStringProperty("name", line.name());
            property(g, "jobTitle", line.jobTitle());
            g.writeName("measuredAgainst");
            g.writeStartObject();
            g.writeStringProperty("kind", line.measuredAgainst().kind());
            g.writeStringProperty("description", line.measuredAgainst().description());
            g.writeEndObject();
            g.writeName("rolesRequired");
            g.writeStartArray();
            line.rolesRequired().forEach(g::writeString);
            g.writeEndArray();
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
                g.writeName("requiredBy");
                g.writeStartArray();
                r.requiredBy().forEach(g::writeString);
                g.writeEndArray();
                property(g, "detail", r.detail());
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
        m.put("knownAt", report.knownAt());
        m.put("expiringWithinDays", report.expiringWithinDays());
        m.put("count", report.people().size());
        List<Map<String, Object>> people = new ArrayList<>();
        for (Line line : report.people()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("employeeId", line.employeeId());
            p.put("name", line.name());
            p.put("jobTitle", line.jobTitle());
            p.put("measuredAgainst", line.measuredAgainst());
            p.put("rolesRequired", line.rolesRequired());
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
                q.put("requiredBy", r.requiredBy());
                if (r.detail() != null) {
                    q.put("detail", r.detail());
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
