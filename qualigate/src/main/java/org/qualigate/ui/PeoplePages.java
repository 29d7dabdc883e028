package org.qualigate.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.Overrides;
import org.qualigate.access.PersonAccess;
import org.qualigate.access.SiteTime;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.delivery.Assignments;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RoleDecision;
import org.qualigate.text.Sentence;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * People: search, and one person with their qualifications and evidence, the roles the rules justify and the
 * roles each target holds, instants at the person's site in the reader's words (decision 0029, 0047). The
 * traceability of one role is {@link TracePage}'s.
 */
@Controller
class PeoplePages {

    private final Persons persons;
    private final AccessPlanner planner;
    private final Assignments assignments;
    private final Overrides overrides;
    private final Clock clock;
    private final org.qualigate.access.PlantDefinition plant;
    private final PersonAsOf asOf;
    private final AssignmentHistory history;

    PeoplePages(
            org.qualigate.access.PlantDefinition plant,
            Persons persons,
            AccessPlanner planner,
            Assignments assignments,
            Overrides overrides,
            Clock clock,
            PersonAsOf asOf,
            AssignmentHistory history) {
        this.history = history;
        this.asOf = asOf;
        this.persons = persons;
        this.planner = planner;
        this.assignments = assignments;
        this.overrides = overrides;
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
            model.addAttribute("error", Sentence.of("people.error.too-long", 64));
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
            @RequestParam(name = "asOf", defaultValue = "") String asOfText,
            @RequestParam(defaultValue = "") String day,
            @RequestParam(defaultValue = "") String time,
            Model model) {
        EmployeeId id = idOrNotFound(employeeId);
        Instant real = clock.instant();
        Optional<Instant> then = asOf.read(id, asOfText, day, time, real, model);
        // as of an instant: what was known then, about then; else now
        Instant now = then.orElse(real);
        PersonAccess access = (then.isPresent() ? planner.accessAsKnownAt(id, now, now) : planner.access(id, now))
                .orElseThrow(() -> notFound(employeeId));
        SiteTime site = SiteTime.of(plant.current(), access.person().site());
        model.addAttribute("person", access.person());
        model.addAttribute("active", access.active());
        model.addAttribute("zone", site.zone().getId());
        model.addAttribute(
                "qualifications",
                qualifications(
                        access.qualifications(), site, now, plant.current().dictionary()));
        // a page model for the template, not an answer
        List<Map<String, Object>> roles = new ArrayList<>();
        for (RoleDecision d : access.entitlements().decisions()) {
            if (d.justified()) {
                roles.add(Map.of(
                        "role", d.role().value(), "until", until(d.justifiedUntil(), site), "inGrace", d.inGrace()));
            }
        }
        model.addAttribute("justified", roles);
        List<Assignments.Assignment> inTargets = then.isPresent()
                ? history.of(id, now, now).stream()
                        .map(h -> new Assignments.Assignment(
                                h.target(), h.role(), h.targetAccount(), h.heldFrom(), h.heldTo(), h.basis()))
                        .toList()
                : assignments.of(id.value());
        model.addAttribute(
                "assignments",
                inTargets.stream()
                        .map(a -> Map.<String, Object>of(
                                "target", a.target(),
                                "role", a.role().value(),
                                "since", Sentence.of("format.as-is", new Sentence.AtSite(a.since(), site.zone())),
                                "until", until(a.validUntil(), site)))
                        .toList());
        model.addAttribute("overrides", overrides(overrides.inForceAt(id, now), site));
        return "person";
    }

    /** The end of a validity at the person's site, or "no end date", in the reader's words. */
    private static Sentence until(@Nullable Instant end, SiteTime site) {
        return end == null
                ? Sentence.of("trace.no-end-date")
                : Sentence.of("format.as-is", new Sentence.UntilAtSite(end, site.zone()));
    }

    /** The person's records with their calendar dates at the site (decision 0029) and their state now. */
    private static List<Map<String, Object>> qualifications(
            List<Qualification> records, SiteTime site, Instant now, org.qualigate.access.Dictionary names) {
        // a page model for the template, not an answer
        List<Map<String, Object>> quals = new ArrayList<>();
        for (Qualification q : records) {
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
            m.put("name", names.nameOf(q).orElse(q.evidence().sourceCode()));
            quals.add(m);
        }
        return quals;
    }

    /**
     * Overrides in force, each as the person page and the trace page say it, with its end at the person's site and
     * its reason quoted as recorded: a page model for the templates, not an answer.
     */
    static List<Map<String, Object>> overrides(List<AccessOverride> inForce, SiteTime site) {
        return inForce.stream()
                .map(o -> {
                    Object until = new Sentence.UntilAtSite(o.effectiveEnd(), site.zone());
                    Sentence.Quoted reason = Sentence.Quoted.english(o.reason());
                    return Map.<String, Object>of(
                            "role",
                            o.role().value(),
                            "person",
                            Sentence.of("trace.person-override", o.role().value(), until, o.grantedBy(), reason),
                            "trace",
                            Sentence.of("trace.override", until, o.grantedBy(), reason));
                })
                .toList();
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
