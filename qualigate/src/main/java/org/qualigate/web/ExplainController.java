package org.qualigate.web;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.Explanation;
import org.qualigate.access.Overrides;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditTrail;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/explain}: why a person had or lacked a role at an instant — every requirement set,
 * which codes were met by which evidence, what was missing, and the audit entries for the role.
 */
@RestController
class ExplainController {

    private final AccessPlanner planner;
    private final AuditTrail audit;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final AssignmentHistory history;
    private final Clock clock;
    private final PlantDefinition plant;

    ExplainController(
            AccessPlanner planner,
            AuditTrail audit,
            Overrides overrides,
            Deferrals deferrals,
            AssignmentHistory history,
            Clock clock,
            PlantDefinition plant) {
        this.history = history;
        this.plant = plant;
        this.planner = planner;
        this.audit = audit;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.clock = clock;
    }

    @GetMapping("/api/v1/explain")
    Map<String, Object> explain(
            @RequestParam String employeeId,
            @RequestParam String role,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt) {
        Instant now = clock.instant();
        Instant instant = Instants.at(at, "at", clock);
        Instant known = Instants.knownAt(knownAt, instant, now);
        RoleName roleName;
        try {
            roleName = RoleName.of(role);
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.InvalidParameter("role", "is not a valid role name");
        }
        Explanation x = planner.explain(PeopleController.id(employeeId), roleName, instant, known)
                .orElseThrow(() -> new ApiErrors.NotFound("no person with employee ID " + employeeId));
        // as known now: the same answer when the question was already about now
        Explanation current = known.equals(now)
                ? x
                : planner.explain(PeopleController.id(employeeId), roleName, instant, now)
                        .orElse(x);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("employeeId", employeeId);
        m.put("role", roleName.value());
        m.put("at", instant);
        m.put("asKnownAt", known);
        m.put("rulesVersion", x.rulesVersion());
        m.putAll(decision(x, current, roleName, now));
        m.put("evidence", evidence(x, instant));
        m.putAll(otherBases(x, roleName, instant, known));
        m.put("auditTrail", auditTrail(employeeId, roleName));
        return m;
    }

    /** The rules' decision as known then, whether it has been revised since (and how), and its sets. */
    private static Map<String, Object> decision(Explanation x, Explanation current, RoleName roleName, Instant now) {
        RoleDecision d = x.decision();
        Map<String, Object> m = new LinkedHashMap<>();
        boolean revised = held(current) != held(x)
                || current.decision().inGrace() != x.decision().inGrace();
        m.put("revisedSince", revised);
        if (revised) {
            m.put(
                    "asKnownNow",
                    Map.of(
                            "knownAt",
                            now,
                            "held",
                            held(current),
                            "summary",
                            current.decision().summary()));
        }
        m.put("held", held(x));
        m.put("inGrace", d.inGrace());
        m.put("justifiedUntil", d.justifiedUntil());
        m.put("personStatus", x.person().status().name());
        m.put(
                "summary",
                x.active()
                        ? d.summary()
                        : roleName + " not held: person is "
                                + x.person().status().name().toLowerCase());
        m.put("sets", d.sets().stream().map(ExplainController::set).toList());
        return m;
    }

    /** The person's evidence by its id, with dates at the person's site. */
    private Map<String, Object> evidence(Explanation x, Instant instant) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        SiteTime site = SiteTime.of(plant.current(), x.person().site());
        for (Qualification q : x.qualifications()) {
            evidence.put(q.evidence().evidenceId(), PeopleController.qualification(q, instant, site));
        }
        return evidence;
    }

    /**
     * Besides the rules, the role may have been held through an override or a deferred revocation; and what the
     * targets held then, as known then, is the other side of the question.
     */
    private Map<String, Object> otherBases(Explanation x, RoleName roleName, Instant instant, Instant known) {
        List<Map<String, Object>> inForce = overrides.inForceAt(x.person().employeeId(), instant).stream()
                .filter(o -> o.role().equals(roleName))
                .map(AccessOverride::view)
                .toList();
        List<Map<String, Object>> deferred = deferrals.inForceAt(x.person().employeeId(), roleName, instant).stream()
                .map(Deferral::view)
                .toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heldThroughOverride", !inForce.isEmpty() && x.active());
        List<Map<String, Object>> inTargets = history.of(x.person().employeeId(), instant, known).stream()
                .filter(h -> h.role().equals(roleName))
                .map(h -> PeopleController.heldView(
                        h,
                        held(x)
                                ? "rules"
                                : !inForce.isEmpty() && x.active()
                                        ? "override"
                                        : !deferred.isEmpty() ? "deferral" : "none"))
                .toList();
        m.put("heldInTargets", inTargets);
        m.put("heldWithoutBasis", inTargets.stream().anyMatch(h -> Boolean.TRUE.equals(h.get("withoutBasis"))));
        m.put("revocationDeferred", !deferred.isEmpty());
        m.put("deferrals", deferred);
        m.put("overrides", inForce);
        return m;
    }

    /** The role's assignments in every target and the overrides and deferrals of it, selected in the database. */
    private List<Map<String, Object>> auditTrail(String employeeId, RoleName roleName) {
        return audit.ofRole(employeeId, roleName.value(), true).stream()
                .map(e -> Map.<String, Object>of(
                        "seq",
                        e.seq(),
                        "at",
                        e.occurredAt(),
                        "action",
                        e.action(),
                        "reason",
                        e.reason() == null ? "" : e.reason()))
                .toList();
    }

    private static boolean held(Explanation x) {
        return x.decision().justified() && x.active();
    }

    static Map<String, Object> set(SetOutcome s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", s.index());
        m.put("met", s.met());
        m.put("inGrace", s.inGrace());
        m.put("metUntil", s.metUntil());
        m.put(
                "requirements",
                s.requirements().stream().map(ExplainController::requirement).toList());
        return m;
    }

    private static Map<String, Object> requirement(RequirementOutcome r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.requirement().code().value());
        m.put("minimumLevel", r.requirement().minimumLevel());
        m.put("met", r.met());
        m.put("inGrace", r.inGrace());
        m.put("evidence", r.evidence() == null ? null : r.evidence().evidenceId());
        m.put("reason", r.reason());
        return m;
    }
}
