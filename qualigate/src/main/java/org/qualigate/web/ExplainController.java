package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
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
import org.qualigate.audit.RecordsBegin;
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
    private final RecordsBegin recordsBegin;

    ExplainController(
            AccessPlanner planner,
            AuditTrail audit,
            Overrides overrides,
            Deferrals deferrals,
            AssignmentHistory history,
            Clock clock,
            PlantDefinition plant,
            RecordsBegin recordsBegin) {
        this.recordsBegin = recordsBegin;
        this.history = history;
        this.plant = plant;
        this.planner = planner;
        this.audit = audit;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.clock = clock;
    }

    @GetMapping("/api/v1/explain")
    ExplainView explain(
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
        RecordsBegin.Known records = recordsBegin.known(instant, known);
        return new ExplainView(
                employeeId,
                roleName.value(),
                instant,
                known,
                records.recordsBegin(),
                records.beforeRecordsBegin(),
                records.targetsHeldUnknown(),
                x.rulesVersion(),
                decision(x, current, roleName, now),
                evidence(x, instant),
                otherBases(x, roleName, instant, known),
                auditTrail(employeeId, roleName));
    }

    /** The rules' decision as known then, whether it has been revised since (and how), and its sets. */
    private static DecisionView decision(Explanation x, Explanation current, RoleName roleName, Instant now) {
        RoleDecision d = x.decision();
        boolean revised = held(current) != held(x)
                || current.decision().inGrace() != x.decision().inGrace();
        return new DecisionView(
                revised,
                revised
                        ? new HeldKnownNow(
                                now, held(current), current.decision().summary())
                        : null,
                held(x),
                d.inGrace(),
                d.justifiedUntil(),
                x.person().status().name(),
                x.active()
                        ? d.summary()
                        : roleName + " not held: person is "
                                + x.person().status().name().toLowerCase(),
                d.sets().stream().map(ExplainController::set).toList());
    }

    /** The person's evidence by its id, with dates at the person's site. */
    private Map<String, PeopleController.QualificationView> evidence(Explanation x, Instant instant) {
        Map<String, PeopleController.QualificationView> evidence = new LinkedHashMap<>();
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
    private OtherBases otherBases(Explanation x, RoleName roleName, Instant instant, Instant known) {
        List<AccessOverride.View> inForce = overrides.inForceAt(x.person().employeeId(), instant).stream()
                .filter(o -> o.role().equals(roleName))
                .map(AccessOverride::view)
                .toList();
        List<Deferral.View> deferred = deferrals.inForceAt(x.person().employeeId(), roleName, instant).stream()
                .map(Deferral::view)
                .toList();
        List<PeopleController.HeldView> inTargets = history.of(x.person().employeeId(), instant, known).stream()
                .filter(h -> h.role().equals(roleName))
                .map(h -> PeopleController.heldView(
                        h,
                        held(x)
                                ? "rules"
                                : !inForce.isEmpty() && x.active()
                                        ? "override"
                                        : !deferred.isEmpty() ? "deferral" : "none"))
                .toList();
        return new OtherBases(
                !inForce.isEmpty() && x.active(),
                inTargets,
                inTargets.stream().anyMatch(PeopleController.HeldView::withoutBasis),
                !deferred.isEmpty(),
                deferred,
                inForce);
    }

    /** The role's assignments in every target and the overrides and deferrals of it, selected in the database. */
    private List<AuditLine> auditTrail(String employeeId, RoleName roleName) {
        return audit.ofRole(employeeId, roleName.value(), true).stream()
                .map(e -> new AuditLine(e.seq(), e.occurredAt(), e.action(), e.reason() == null ? "" : e.reason()))
                .toList();
    }

    private static boolean held(Explanation x) {
        return x.decision().justified() && x.active();
    }

    static SetView set(SetOutcome s) {
        return new SetView(
                s.index(),
                s.met(),
                s.inGrace(),
                s.metUntil(),
                s.requirements().stream().map(ExplainController::requirement).toList());
    }

    private static RequirementView requirement(RequirementOutcome r) {
        return new RequirementView(
                r.requirement().code().value(),
                r.requirement().instrument().orElse(null),
                r.requirement().minimumLevel(),
                r.met(),
                r.inGrace(),
                r.evidence() == null ? null : r.evidence().evidenceId(),
                r.reason());
    }

    // ---- the views: an unwrapped component writes its fields in its place, in its own order

    /** {@code recordsBegin} always, null while the audit trail has no entry (decision 0095). */
    record ExplainView(
            String employeeId,
            String role,
            Instant at,
            Instant asKnownAt,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            Instant recordsBegin,

            boolean beforeRecordsBegin,
            boolean targetsHeldUnknown,
            String rulesVersion,
            @JsonUnwrapped DecisionView decision,
            Map<String, PeopleController.QualificationView> evidence,
            @JsonUnwrapped OtherBases otherBases,
            List<AuditLine> auditTrail) {}

    /** {@code asKnownNow} only when the decision was revised since. */
    record DecisionView(
            boolean revisedSince,
            @Nullable HeldKnownNow asKnownNow,
            boolean held,
            boolean inGrace,
            @Nullable Instant justifiedUntil,
            String personStatus,
            String summary,
            List<SetView> sets) {}

    record HeldKnownNow(Instant knownAt, boolean held, String summary) {}

    record OtherBases(
            boolean heldThroughOverride,
            List<PeopleController.HeldView> heldInTargets,
            boolean heldWithoutBasis,
            boolean revocationDeferred,
            List<Deferral.View> deferrals,
            List<AccessOverride.View> overrides) {}

    record AuditLine(long seq, Instant at, String action, String reason) {}

    /** A requirement set of a rule and whether it was met. */
    record SetView(
            int set, boolean met, boolean inGrace, @Nullable Instant metUntil, List<RequirementView> requirements) {}

    record RequirementView(
            String code,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String instrument,

            int minimumLevel,
            boolean met,
            boolean inGrace,
            @Nullable String evidence,
            String reason) {}
}
