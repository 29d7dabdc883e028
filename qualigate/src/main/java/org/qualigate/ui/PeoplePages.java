package org.qualigate.ui;

import java.time.Clock;
import java.time.Instant;
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
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditEntry;
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

    static final int PAGE = 50;

    /**
     * People, a page at a time (keyset by the sort key and employee ID), filtered by words of the ID or name, site
     * and status; as the user types, htmx swaps only the results.
     */
    @GetMapping("/people")
    String search(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "id") String sort,
            @RequestParam(defaultValue = "") String after,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model) {
        String text = q.trim();
        model.addAttribute("q", text);
        Persons.Order order = sort.equals("name") ? Persons.Order.NAME : Persons.Order.ID;
        Person.Status state = switch (status) {
            case "active" -> Person.Status.ACTIVE;
            case "terminated" -> Person.Status.TERMINATED;
            default -> null;
        };
        String onlySite = site.isBlank() ? null : site.trim();
        Persons.After from = null;
        if (!after.isBlank()) {
            int cut = after.lastIndexOf('~');
            from = cut < 0 ? null : new Persons.After(after.substring(0, cut), after.substring(cut + 1));
        }
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("q", text);
        filter.put("site", onlySite == null ? "" : onlySite);
        filter.put("status", state == null ? "" : status);
        filter.put("sort", order == Persons.Order.NAME ? "name" : "id");
        model.addAttribute("filter", filter);
        model.addAttribute("sites", persons.sites());
        model.addAttribute("paged", from != null);
        if (text.length() > 64) {
            model.addAttribute("error", "Type at most 64 characters.");
            model.addAttribute("people", List.of());
            model.addAttribute("total", 0L);
        } else {
            Persons.PersonQuery query = new Persons.PersonQuery(text, onlySite, state, order);
            List<Person> page = persons.page(query, from, PAGE + 1);
            List<Person> shown = page.subList(0, Math.min(PAGE, page.size()));
            model.addAttribute("people", shown);
            model.addAttribute("total", persons.count(query, 100_000));
            model.addAttribute(
                    "next",
                    page.size() > PAGE
                            ? Persons.sortKey(shown.getLast(), order) + "~"
                                    + shown.getLast().employeeId().value()
                            : null);
        }
        String link = PageModel.queryOf(filter);
        model.addAttribute("query", link);
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
        SiteTime site = SiteTime.of(plant.current(), access.person().site());
        model.addAttribute("person", access.person());
        model.addAttribute("active", access.active());
        model.addAttribute("zone", site.zone().getId());
        List<Map<String, Object>> quals = new ArrayList<>();
        for (Qualification q : access.qualifications()) {
            SiteTime.RecordDates dates = site.dates(q);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", q.code().value());
            m.put("level", q.level());
            m.put("completed", dates.completion());
            m.put("completedOn", dates.completedOn().toString());
            m.put("expires", dates.expiry());
            m.put("validity", dates.validity());
            m.put("dates", dates);
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
                        d.justifiedUntil() == null ? "no end date" : site.until(d.justifiedUntil()),
                        "inGrace",
                        d.inGrace()));
            }
        }
        model.addAttribute("justified", roles);
        List<Map<String, Object>> held = new ArrayList<>();
        List<Assignments.Assignment> inTargets = then.isPresent()
                ? history.of(id, now, now).stream()
                        .map(h -> new Assignments.Assignment(
                                h.target(), h.role(), h.targetAccount(), h.heldFrom(), h.heldTo(), h.basis()))
                        .toList()
                : assignments.of(id.value());
        for (Assignments.Assignment a : inTargets) {
            held.add(Map.of(
                    "target",
                    a.target(),
                    "role",
                    a.role().value(),
                    "since",
                    site.instant(a.since()),
                    "until",
                    a.validUntil() == null ? "no end date" : site.until(a.validUntil())));
        }
        model.addAttribute("assignments", held);
        model.addAttribute("overrides", overrides(overrides.inForceAt(id, now), site));
        return "person";
    }

    /** Overrides in force with their end stated at the person's site. */
    private static List<Map<String, Object>> overrides(List<AccessOverride> inForce, SiteTime site) {
        return inForce.stream()
                .map(o -> Map.<String, Object>of(
                        "role",
                        o.role().value(),
                        "until",
                        site.instant(o.effectiveEnd()),
                        "grantedBy",
                        o.grantedBy(),
                        "reason",
                        o.reason()))
                .toList();
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
        SiteTime site = SiteTime.of(plant.current(), x.person().site());
        model.addAttribute("person", x.person());
        model.addAttribute("role", roleName.value());
        model.addAttribute("held", x.decision().justified() && x.active());
        model.addAttribute(
                "summary",
                x.active()
                        ? site.restate(x.decision().summary())
                        : roleName + " not held: person is "
                                + x.person().status().name().toLowerCase(Locale.ROOT));
        model.addAttribute("sets", x.decision().sets());
        model.addAttribute("rulesVersion", x.rulesVersion());
        // each record's completion and validity beside its evidence id, in the site's calendar
        Map<String, SiteTime.RecordDates> recordDates = new LinkedHashMap<>();
        for (Qualification q : x.qualifications()) {
            recordDates.put(q.evidence().evidenceId(), site.dates(q));
        }
        model.addAttribute("recordDates", recordDates);
        model.addAttribute("zone", site.zone().getId());
        model.addAttribute("site", site);
        List<Story> stories = new ArrayList<>();
        for (AuditEntry e : audit.ofRole(id.value(), roleName.value(), false)) {
            if (e.occurredAt().isAfter(now)) {
                continue; // as of an instant, the story up to then
            }
            if (e.entityType().equals("assignment")) {
                stories.add(story(x.person(), roleName, e, x.qualifications(), site));
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
        model.addAttribute("overrides", overrides(inForce, site));
        return "trace";
    }

    /**
     * The "as of" instant of a person or trace page: {@code asOf} (RFC 3339), or a day at the person's site with
     * an optional time of day there (without one: the end of that day, or now for today, as a report reads it);
     * empty for now. What the page shows is then what was known at that instant, about that instant. An instant
     * still ahead is refused and the page shows now.
     */
    private Optional<Instant> asOf(EmployeeId id, String asOf, String day, String time, Instant now, Model model) {
        String siteCode = persons.find(id).map(Person::site).orElse("");
        SiteTime site = SiteTime.of(plant.current(), siteCode);
        java.time.ZoneId zone = site.zone();
        Instant at = null;
        try {
            if (!asOf.isBlank()) {
                at = java.time.OffsetDateTime.parse(asOf.trim()).toInstant();
            } else if (!day.isBlank()) {
                at = site.pointInTime(
                                java.time.LocalDate.parse(day.trim()),
                                time.isBlank() ? null : java.time.LocalTime.parse(time.trim()),
                                now)
                        .at();
            }
        } catch (java.time.DateTimeException e) {
            model.addAttribute("asOfError", "Enter a day as YYYY-MM-DD and a time as HH:MM.");
        }
        if (at != null && at.isAfter(now)) {
            model.addAttribute(
                    "asOfError",
                    "That lies ahead at " + siteCode + " (now " + site.instant(now) + "): the page shows now.");
            at = null;
        }
        model.addAttribute("asOfZone", zone.getId());
        model.addAttribute("asOf", at == null ? "" : at.toString());
        model.addAttribute("asOfText", at == null ? "" : site.instant(at));
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
    static Story story(Person person, RoleName role, AuditEntry e, List<Qualification> known, SiteTime site) {
        JsonNode v = e.newValue();
        String target =
                v == null || v.get("target") == null ? "" : v.get("target").asString();
        String who = person.employeeId().value() + " (" + person.displayName() + ")";
        String when = site.instant(e.occurredAt());
        String where = target.isEmpty() ? "" : " in " + target;
        return switch (e.action()) {
            case "role.granted" -> {
                List<String> because = new ArrayList<>();
                JsonNode basis = v == null ? null : v.get("basis");
                if (basis != null && basis.isArray()) {
                    for (JsonNode b : basis) {
                        because.add(clause(b, known, site));
                    }
                }
                if (v != null && v.get("override") != null) {
                    JsonNode o = v.get("override");
                    because.add("an emergency override granted by " + text(o, "grantedBy") + " (" + text(o, "reason")
                            + ")");
                }
                String sentence = who + " gained role " + role + where + " on " + when
                        + (because.isEmpty()
                                ? (e.reason() == null ? "" : ": " + site.restate(e.reason()))
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
                                + (e.reason() == null ? "" : " because " + site.restate(e.reason())) + ".");
            default ->
                new Story(
                        e.seq(),
                        when,
                        e.action().replace("role.", "").replace('-', ' '),
                        who + ": " + (e.reason() == null ? "" : site.restate(e.reason())));
        };
    }

    /**
     * One certification of the set that justified a grant. Its completion is the HR calendar date: the source's
     * own date when the record Qualigate knows is the one the grant cited, else the cited instant's day at the site.
     */
    private static String clause(JsonNode b, List<Qualification> known, SiteTime site) {
        String code = text(b, "code");
        String level = text(b, "level");
        String completed = text(b, "completedAt");
        String expires = text(b, "expiresAt");
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
        Instant completedAt = instant(completed);
        if (completedAt != null) {
            Instant expiresAt = instant(expires);
            boolean sameRecord = q.isPresent()
                    && q.get().completedAt().equals(completedAt)
                    && java.util.Objects.equals(q.get().expiresAt(), expiresAt);
            SiteTime.RecordDates dates = site.dates(
                    completedAt,
                    sameRecord ? q.get().completedOriginal() : null,
                    expiresAt,
                    sameRecord ? q.get().expiresOriginal() : null);
            s.append(" was completed on ").append(dates.completion());
            if (expiresAt != null) {
                s.append(" (").append(dates.validity()).append(')');
            }
        } else if (!completed.isEmpty()) {
            s.append(" was completed on ").append(completed);
        }
        if (!record.isEmpty()) {
            s.append(", evidenced by ")
                    .append(source.isEmpty() ? "" : source.toUpperCase(Locale.ROOT) + " ")
                    .append("record #")
                    .append(record);
        }
        if (!approvedBy.isEmpty()) {
            s.append(", approved by ").append(approvedBy);
            Instant approved = instant(approvedAt);
            if (approved != null) {
                s.append(" on ").append(SiteTime.day(site.today(approved)));
            }
        }
        return s.toString();
    }

    private static @Nullable Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
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
