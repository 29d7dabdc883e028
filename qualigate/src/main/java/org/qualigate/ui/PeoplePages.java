package org.qualigate.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.Explanation;
import org.qualigate.access.Overrides;
import org.qualigate.access.PersonAccess;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.change.ChangeSets;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.delivery.Assignments;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.report.RecordSignatures;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * People: search, one person with their qualifications and evidence and the roles each target holds, and
 * the traceability of one role — each grant and revocation told as a sentence an inspector can read, from
 * the audit trail, beside why the rules justify (or do not justify) the role now.
 */
@Controller
class PeoplePages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Persons persons;
    private final AccessPlanner planner;
    private final Assignments assignments;
    private final Overrides overrides;
    private final AuditTrail audit;
    private final Clock clock;
    private final org.qualigate.access.PlantDefinition plant;
    private final ChangeSets changeSets;
    private final RecordSignatures signatures;
    private final AssignmentHistory history;

    PeoplePages(
            org.qualigate.access.PlantDefinition plant,
            Persons persons,
            AccessPlanner planner,
            Assignments assignments,
            Overrides overrides,
            AuditTrail audit,
            Clock clock,
            ChangeSets changeSets,
            RecordSignatures signatures,
            AssignmentHistory history) {
        this.history = history;
        this.changeSets = changeSets;
        this.signatures = signatures;
        this.persons = persons;
        this.planner = planner;
        this.assignments = assignments;
        this.overrides = overrides;
        this.audit = audit;
        this.clock = clock;
        this.plant = plant;
    }

    @GetMapping("/people")
    String search(
            @RequestParam(defaultValue = "") String q,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        String text = q.trim();
        model.addAttribute("q", text);
        if (text.length() > 64) {
            model.addAttribute("error", "Type at most 64 characters.");
            model.addAttribute("people", List.of());
        } else {
            model.addAttribute("people", text.isEmpty() ? List.of() : persons.search(text, 50));
        }
        return htmx != null ? "people :: results" : "people";
    }

    @GetMapping("/people/{employeeId}")
    String person(
            @PathVariable String employeeId,
            @RequestParam(defaultValue = "") String asOf,
            @RequestParam(defaultValue = "") String day,
            @RequestParam(defaultValue = "") String time,
            Model model) {
        EmployeeId id = idOrNotFound(employeeId);
        Instant real = clock.instant();
        Optional<Instant> then = asOf(id, asOf, day, time, real, model);
        // as of an instant: what was known then, about then; else now
        Instant now = then.orElse(real);
        PersonAccess access = (then.isPresent() ? planner.accessAsKnownAt(id, now, now) : planner.access(id, now))
                .orElseThrow(() -> notFound(employeeId));
        model.addAttribute("person", access.person());
        model.addAttribute("active", access.active());
        List<Map<String, Object>> quals = new ArrayList<>();
        for (Qualification q : access.qualifications()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", q.code().value());
            m.put("level", q.level());
            m.put("completed", DAY.format(q.completedAt()));
            m.put("expires", q.expiresAt() == null ? "does not expire" : DAY.format(q.expiresAt()));
            m.put(
                    "state",
                    q.status() == Qualification.Status.REVOKED
                            ? "revoked"
                            : q.expiresAt() != null && !now.isBefore(q.expiresAt()) ? "expired" : "valid");
            m.put("authority", q.authority().name());
            m.put("evidence", q.evidence());
            quals.add(m);
        }
        model.addAttribute("qualifications", quals);
        List<Map<String, Object>> roles = new ArrayList<>();
        for (RoleDecision d : access.entitlements().decisions()) {
            if (d.justified()) {
                roles.add(Map.of(
                        "role",
                        d.role().value(),
                        "until",
                        d.justifiedUntil() == null ? "no end date" : WHEN.format(d.justifiedUntil()),
                        "inGrace",
                        d.inGrace()));
            }
        }
        model.addAttribute("justified", roles);
        model.addAttribute(
                "assignments",
                then.isPresent()
                        ? history.of(id, now, now).stream()
                                .map(h -> new Assignments.Assignment(
                                        h.target(), h.role(), h.targetAccount(), h.heldFrom(), h.heldTo(), h.basis()))
                                .toList()
                        : assignments.of(id.value()));
        model.addAttribute("overrides", overrides.inForceAt(id, now));
        return "person";
    }

    @GetMapping("/people/{employeeId}/roles/{role}")
    String trace(
            @PathVariable String employeeId,
            @PathVariable String role,
            @RequestParam(defaultValue = "") String asOf,
            @RequestParam(defaultValue = "") String day,
            @RequestParam(defaultValue = "") String time,
            Model model) {
        EmployeeId id = idOrNotFound(employeeId);
        RoleName roleName;
        try {
            roleName = RoleName.of(role);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no role " + role);
        }
        Instant real = clock.instant();
        Optional<Instant> then = asOf(id, asOf, day, time, real, model);
        Instant now = then.orElse(real);
        Explanation x = (then.isPresent()
                        ? planner.explain(id, roleName, now, now)
                        : planner.explain(id, roleName, now))
                .orElseThrow(() -> notFound(employeeId));
        model.addAttribute("person", x.person());
        model.addAttribute("role", roleName.value());
        model.addAttribute("held", x.decision().justified() && x.active());
        model.addAttribute(
                "summary",
                x.active()
                        ? x.decision().summary()
                        : roleName + " not held: person is "
                                + x.person().status().name().toLowerCase(Locale.ROOT));
        model.addAttribute("sets", x.decision().sets());
        model.addAttribute("rulesVersion", x.rulesVersion());
        List<Story> stories = new ArrayList<>();
        for (AuditEntry e : audit.find(AuditQuery.forPerson(id.value()))) {
            if (e.occurredAt().isAfter(now)) {
                continue; // as of an instant, the story up to then
            }
            if (e.entityType().equals("assignment") && e.entityId().endsWith("/" + roleName.value())) {
                stories.add(story(x.person(), roleName, e, x.qualifications(), zoneOf(x.person())));
            }
        }
        // a certification that counts only through a mapping approved under change control says who approved it
        List<String> approvals = new ArrayList<>();
        for (int i = 0; i < stories.size(); i++) {
            Story st = stories.get(i);
            StringBuilder extra = new StringBuilder();
            for (Qualification q : x.qualifications()) {
                String code = q.code().value();
                if (!st.action().equals("granted") || !st.sentence().contains("certification " + code)) {
                    continue;
                }
                var mapping = changeSets.approvedMapping(q.evidence().sourceCode(), code);
                if (mapping.isEmpty()) {
                    continue;
                }
                List<RecordSignatures.Signed> signed =
                        signatures.ofChangeSet(mapping.get().id());
                String approvedBy = signed.stream()
                        .filter(sg -> sg.signature().meaning() == org.qualigate.signature.Meaning.APPROVED)
                        .map(sg -> sg.signature().printedName())
                        .findFirst()
                        .orElse(mapping.get().decidedBy());
                extra.append("; ")
                        .append(q.evidence().sourceCode())
                        .append(" counts as ")
                        .append(code)
                        .append(" by change set ")
                        .append(mapping.get().id())
                        .append(", approved by ")
                        .append(approvedBy);
                signed.forEach(sg -> {
                    String line = sg.line();
                    if (!approvals.contains(line)) {
                        approvals.add(line);
                    }
                });
            }
            if (!extra.isEmpty()) {
                String sentence = st.sentence();
                stories.set(
                        i,
                        new Story(
                                st.seq(),
                                st.when(),
                                st.action(),
                                sentence.substring(0, sentence.length() - 1) + extra + "."));
            }
        }
        model.addAttribute("stories", stories);
        model.addAttribute("approvals", approvals);
        List<AccessOverride> inForce = overrides.inForceAt(id, now).stream()
                .filter(o -> o.role().equals(roleName))
                .toList();
        model.addAttribute("overrides", inForce);
        return "trace";
    }

    /**
     * The "as of" instant of a person or trace page: {@code asOf} (RFC 3339), or a day and time at the person's
     * site; empty for now. What the page shows is then what was known at that instant, about that instant.
     */
    private Optional<Instant> asOf(EmployeeId id, String asOf, String day, String time, Instant now, Model model) {
        java.time.ZoneId zone = persons.find(id).map(this::zoneOf).orElse(ZoneOffset.UTC);
        Instant at = null;
        try {
            if (!asOf.isBlank()) {
                at = java.time.OffsetDateTime.parse(asOf.trim()).toInstant();
            } else if (!day.isBlank()) {
                at = java.time.LocalDate.parse(day.trim())
                        .atTime(time.isBlank() ? java.time.LocalTime.NOON : java.time.LocalTime.parse(time.trim()))
                        .atZone(zone)
                        .toInstant();
            }
        } catch (java.time.DateTimeException e) {
            model.addAttribute("asOfError", "Enter a day as YYYY-MM-DD and a time as HH:MM.");
        }
        if (at != null && at.isAfter(now)) {
            at = null;
        }
        model.addAttribute("asOfZone", zone.getId());
        model.addAttribute("asOf", at == null ? "" : at.toString());
        model.addAttribute("asOfText", at == null ? "" : WHEN.format(at));
        var local = (at == null ? now : at).atZone(zone);
        model.addAttribute("asOfDay", at == null ? "" : local.toLocalDate().toString());
        model.addAttribute(
                "asOfTime",
                at == null ? "" : local.toLocalTime().withSecond(0).withNano(0).toString());
        return Optional.ofNullable(at);
    }

    /** One change of the role as a sentence, with the audit entry it comes from. */
    record Story(long seq, String when, String action, String sentence) {}

    /**
     * "E10023 gained role Y in mes on Z because certification A (level 2) was completed on Z-1, evidenced by HR
     * record #TR-12345 (hris), approved by Q on …" — one clause per certification of the set that justified it.
     */
    static Story story(Person person, RoleName role, AuditEntry e, List<Qualification> known, ZoneId zone) {
        JsonNode v = e.newValue();
        String target =
                v == null || v.get("target") == null ? "" : v.get("target").asString();
        String who = person.employeeId().value() + " (" + person.displayName() + ")";
        String when = WHEN.format(e.occurredAt());
        String where = target.isEmpty() ? "" : " in " + target;
        return switch (e.action()) {
            case "role.granted" -> {
                List<String> because = new ArrayList<>();
                JsonNode basis = v == null ? null : v.get("basis");
                if (basis != null && basis.isArray()) {
                    for (JsonNode b : basis) {
                        because.add(clause(b, known, zone));
                    }
                }
                if (v != null && v.get("override") != null) {
                    JsonNode o = v.get("override");
                    because.add("an emergency override granted by " + text(o, "grantedBy") + " (" + text(o, "reason")
                            + ")");
                }
                String sentence = who + " gained role " + role + where + " on " + when
                        + (because.isEmpty()
                                ? (e.reason() == null ? "" : ": " + e.reason())
                                : " because " + String.join(", and ", because))
                        + ".";
                yield new Story(e.seq(), when, "granted", sentence);
            }
            case "role.revoked" ->
                new Story(
                        e.seq(),
                        when,
                        "revoked",
                        who + " lost role " + role + where + " on " + when
                                + (e.reason() == null ? "" : " because " + e.reason()) + ".");
            default ->
                new Story(e.seq(), when, e.action().replace("role.", "").replace('-', ' '), who + ": " + e.reason());
        };
    }

    /** Dates of completion and approval are the site's calendar dates, as the HRIS recorded them. */
    private java.time.ZoneId zoneOf(Person person) {
        return plant.current().site(person.site()).map(s -> s.zone()).orElse(ZoneOffset.UTC);
    }

    private static String clause(JsonNode b, List<Qualification> known, ZoneId zone) {
        String code = text(b, "code");
        String level = text(b, "level");
        String completed = text(b, "completedAt");
        String record = text(b, "sourceRecordId");
        String evidence = text(b, "evidence");
        String source = evidence.contains("/") ? evidence.substring(0, evidence.indexOf('/')) : "";
        String approvedBy = text(b, "approvedBy");
        String approvedAt = text(b, "approvedAt");
        Optional<Qualification> q = known.stream()
                .filter(k -> k.evidence().evidenceId().equals(evidence))
                .findFirst();
        StringBuilder s = new StringBuilder("certification " + code);
        if (!level.isEmpty()) {
            s.append(" (level ").append(level).append(')');
        }
        q.map(k -> k.evidence().sourceName())
                .filter(n -> n != null && !n.isBlank())
                .ifPresent(n -> s.append(" “").append(n).append('”'));
        if (!completed.isEmpty()) {
            s.append(" was completed on ").append(day(completed, zone));
        }
        if (!record.isEmpty()) {
            s.append(", evidenced by ")
                    .append(source.isEmpty() ? "" : source.toUpperCase(Locale.ROOT) + " ")
                    .append("record #")
                    .append(record);
        }
        if (!approvedBy.isEmpty()) {
            s.append(", approved by ").append(approvedBy);
            if (!approvedAt.isEmpty()) {
                s.append(" on ").append(day(approvedAt, zone));
            }
        }
        return s.toString();
    }

    private static String day(String instant, ZoneId zone) {
        try {
            return DAY.withZone(zone).format(Instant.parse(instant));
        } catch (RuntimeException e) {
            return instant;
        }
    }

    private static String text(@Nullable JsonNode node, String field) {
        if (node == null || node.get(field) == null || node.get(field).isNull()) {
            return "";
        }
        return node.get(field).asString();
    }

    static EmployeeId idOrNotFound(String value) {
        if (!EmployeeId.isValid(value)) {
            throw notFound(value);
        }
        return EmployeeId.of(value);
    }

    static ResponseStatusException notFound(String employeeId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no person with employee ID " + employeeId);
    }
}
