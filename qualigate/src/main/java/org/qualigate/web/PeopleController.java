package org.qualigate.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.Overrides;
import org.qualigate.access.PersonAccess;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.delivery.Assignments;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.RoleDecision;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A person, their qualifications with evidence, their entitlements and what each target holds. */
@RestController
class PeopleController {

    private final AccessPlanner planner;
    private final Qualifications qualifications;
    private final Assignments assignments;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final AssignmentHistory history;
    private final Clock clock;
    private final PlantDefinition plant;

    PeopleController(
            AccessPlanner planner,
            Qualifications qualifications,
            Assignments assignments,
            Overrides overrides,
            Deferrals deferrals,
            AssignmentHistory history,
            Clock clock,
            PlantDefinition plant) {
        this.history = history;
        this.plant = plant;
        this.planner = planner;
        this.qualifications = qualifications;
        this.assignments = assignments;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.clock = clock;
    }

    @GetMapping("/api/v1/people/{employeeId}")
    Map<String, Object> person(@PathVariable String employeeId) {
        Instant now = clock.instant();
        PersonAccess access = planner.access(id(employeeId), now)
                .orElseThrow(() -> new ApiErrors.NotFound("no person with employee ID " + employeeId));
        Map<String, Object> m = new LinkedHashMap<>();
        SiteTime site = SiteTime.of(plant.current(), access.person().site());
        m.put("person", person(access.person()));
        m.put(
                "qualifications",
                access.qualifications().stream()
                        .map(q -> qualification(q, now, site))
                        .toList());
        m.put("entitlements", entitlements(access));
        // Listed apart from the rules' entitlements: temporary access and revocations held back.
        m.put(
                "overrides",
                overrides.inForceAt(access.person().employeeId(), now).stream()
                        .map(AccessOverride::view)
                        .toList());
        m.put(
                "deferrals",
                deferrals.list(true, access.person().employeeId()).stream()
                        .map(Deferral::view)
                        .toList());
        m.put(
                "assignments",
                assignments.of(employeeId).stream()
                        .map(a -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("target", a.target());
                            x.put("role", a.role().value());
                            x.put("targetAccount", a.targetAccount());
                            x.put("since", a.since());
                            x.put("validUntil", a.validUntil());
                            x.put("basis", a.basis());
                            return x;
                        })
                        .toList());
        return m;
    }

    @GetMapping("/api/v1/people/{employeeId}/access")
    Map<String, Object> access(
            @PathVariable String employeeId,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt) {
        Instant now = clock.instant();
        Instant instant = Instants.at(at, "at", clock);
        Instant known = Instants.knownAt(knownAt, instant, now);
        EmployeeId id = id(employeeId);
        PersonAccess then = planner.accessAsKnownAt(id, instant, known)
                .orElseThrow(() -> new ApiErrors.NotFound("no person with employee ID " + employeeId));
        // as known now: the same answer when the question was already about now
        PersonAccess current = known.equals(now)
                ? then
                : planner.accessAsKnownAt(id, instant, now).orElse(then);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("employeeId", employeeId);
        m.put("at", instant);
        m.put("asKnownAt", known);
        m.put("rulesVersion", then.entitlements().rulesVersion());
        m.put("active", then.active());
        m.put("roles", entitlements(then));
        // what the targets actually held then, as known then, beside what the rules justified
        m.put("heldInTargets", held(history.of(id, instant, known), then, instant));
        List<Map<String, Object>> nowRoles = entitlements(current);
        boolean revised = !summaries(nowRoles).equals(summaries(m.get("roles")));
        m.put("revisedSince", revised);
        if (revised) {
            m.put(
                    "asKnownNow",
                    Map.of(
                            "knownAt",
                            now,
                            "rulesVersion",
                            current.entitlements().rulesVersion(),
                            "roles",
                            nowRoles));
            m.put("revisions", revisions(current, known));
        }
        return m;
    }

    /**
     * Each role a target held at the instant, with how it came to be held, and whether it was held without a basis
     * then: neither justified by the rules (for an active person) nor by an override or a deferral in force.
     */
    List<Map<String, Object>> held(List<AssignmentHistory.Held> held, PersonAccess then, Instant at) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AssignmentHistory.Held h : held) {
            boolean justified = then.active()
                    && then.entitlements()
                            .decision(h.role())
                            .map(RoleDecision::justified)
                            .orElse(false);
            boolean override = overrides.inForceAt(h.employeeId(), at).stream()
                    .anyMatch(o -> o.role().equals(h.role()) && o.appliesTo(h.target()));
            boolean deferred =
                    !deferrals.inForceAt(h.employeeId(), h.role(), at).isEmpty();
            out.add(heldView(h, justified ? "rules" : override ? "override" : deferred ? "deferral" : "none"));
        }
        return out;
    }

    static Map<String, Object> heldView(AssignmentHistory.Held h, String basisThen) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("target", h.target());
        x.put("role", h.role().value());
        x.put("targetAccount", h.targetAccount());
        x.put("heldFrom", h.heldFrom());
        x.put("knownFrom", h.knownFrom());
        x.put("cause", h.cause());
        x.put("heldTo", h.heldTo());
        x.put("endCause", h.endCause());
        x.put("basisThen", basisThen);
        x.put("withoutBasis", basisThen.equals("none"));
        return x;
    }

    /** What changed in the ledger after {@code known}: the records (re)learned since, with when. */
    static List<Map<String, Object>> revisions(PersonAccess current, Instant known) {
        return current.qualifications().stream()
                .filter(q -> q.recordedAt().isAfter(known))
                .map(q -> Map.<String, Object>of(
                        "evidence",
                        q.evidence().evidenceId(),
                        "code",
                        q.code().value(),
                        "sourceVersion",
                        q.sourceVersion(),
                        "recordedAt",
                        q.recordedAt()))
                .toList();
    }

    private static List<String> summaries(Object roles) {
        return ((List<?>) roles)
                .stream()
                        .map(r -> String.valueOf(((Map<?, ?>) r).get("role")) + "/" + ((Map<?, ?>) r).get("inGrace")
                                + "/" + ((Map<?, ?>) r).get("justified"))
                        .sorted()
                        .toList();
    }

    @GetMapping("/api/v1/people/{employeeId}/qualifications/{qualificationId}/history")
    List<?> history(@PathVariable String employeeId, @PathVariable java.util.UUID qualificationId) {
        return qualifications.history(qualificationId);
    }

    static EmployeeId id(String value) {
        if (!EmployeeId.isValid(value)) {
            throw new ApiErrors.InvalidParameter("employeeId", "must be 1-64 letters, digits, '.', '_', '-'");
        }
        return EmployeeId.of(value);
    }

    static Map<String, Object> person(Person p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("employeeId", p.employeeId().value());
        m.put("name", p.displayName());
        m.put("email", p.email());
        m.put("site", p.site());
        m.put("supervisorId", p.supervisorId());
        m.put("jobTitle", p.jobTitle());
        m.put("status", p.status().name());
        return m;
    }

    /**
     * A qualification as the API shows it: each date as the instant, the calendar day at the person's site
     * ({@code completedOn}, {@code expiresOn}: the last day it is valid) and the source's own text, with the zone.
     */
    static Map<String, Object> qualification(Qualification q, Instant now, SiteTime site) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("code", q.code().value());
        m.put("level", q.level());
        m.putAll(site.dates(q).view());
        m.put(
                "status",
                q.status() == Qualification.Status.REVOKED
                        ? "REVOKED"
                        : q.held().expiresAt() != null && !now.isBefore(q.held().expiresAt()) ? "EXPIRED" : "VALID");
        m.put("authority", q.authority().name());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("evidenceId", q.evidence().evidenceId());
        e.put("source", q.evidence().source());
        e.put("sourceRecordId", q.evidence().sourceRecordId());
        e.put("sourceVersion", q.sourceVersion());
        e.put("sourceCode", q.evidence().sourceCode());
        e.put("sourceName", q.evidence().sourceName());
        e.put("approvedBy", q.evidence().approvedBy());
        e.put("approvedAt", q.evidence().approvedAt());
        e.put("rawPayload", "/api/v1/inbound-events/" + q.evidence().eventId());
        m.put("evidence", e);
        return m;
    }

    static List<Map<String, Object>> entitlements(PersonAccess access) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RoleDecision d : access.entitlements().decisions()) {
            if (!d.justified()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", d.role().value());
            m.put("justified", access.active());
            m.put("inGrace", d.inGrace());
            m.put("justifiedUntil", d.justifiedUntil());
            m.put("basis", d.basis().map(ExplainController::set).orElse(null));
            m.put(
                    "summary",
                    access.active()
                            ? d.summary()
                            : "person is " + access.person().status().name().toLowerCase());
            out.add(m);
        }
        return out;
    }
}
