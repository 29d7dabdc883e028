package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.Overrides;
import org.qualigate.access.PersonAccess;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
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
    private final RecordsBegin recordsBegin;

    PeopleController(
            AccessPlanner planner,
            Qualifications qualifications,
            Assignments assignments,
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
        this.qualifications = qualifications;
        this.assignments = assignments;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.clock = clock;
    }

    @GetMapping("/api/v1/people/{employeeId}")
    PersonDetailsView person(@PathVariable String employeeId) {
        Instant now = clock.instant();
        PersonAccess access = planner.access(id(employeeId), now)
                .orElseThrow(() -> new ApiErrors.NotFound("no person with employee ID " + employeeId));
        SiteTime site = SiteTime.of(plant.current(), access.person().site());
        return new PersonDetailsView(
                person(access.person()),
                access.qualifications().stream()
                        .map(q -> qualification(q, now, site))
                        .toList(),
                entitlements(access),
                // Listed apart from the rules' entitlements: temporary access and revocations held back.
                overrides.inForceAt(access.person().employeeId(), now).stream()
                        .map(AccessOverride::view)
                        .toList(),
                deferrals.list(true, access.person().employeeId()).stream()
                        .map(Deferral::view)
                        .toList(),
                assignments.of(employeeId).stream()
                        .map(a -> new AssignmentView(
                                a.target(), a.role().value(), a.targetAccount(), a.since(), a.validUntil(), a.basis()))
                        .toList());
    }

    @GetMapping("/api/v1/people/{employeeId}/access")
    PersonAccessView access(
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
        List<EntitlementView> roles = entitlements(then);
        List<EntitlementView> nowRoles = entitlements(current);
        boolean revised = !summaries(nowRoles).equals(summaries(roles));
        RecordsBegin.Known records = recordsBegin.known(instant, known);
        return new PersonAccessView(
                employeeId,
                instant,
                known,
                records.recordsBegin(),
                records.beforeRecordsBegin(),
                records.targetsHeldUnknown(),
                then.entitlements().rulesVersion(),
                then.active(),
                roles,
                // what the targets actually held then, as known then, beside what the rules justified
                held(history.of(id, instant, known), then, instant),
                revised,
                revised ? new RolesKnownNow(now, current.entitlements().rulesVersion(), nowRoles) : null,
                revised ? revisions(current, known) : null);
    }

    /**
     * Each role a target held at the instant, with how it came to be held, and whether it was held without a basis
     * then: neither justified by the rules (for an active person) nor by an override or a deferral in force.
     */
    List<HeldView> held(List<AssignmentHistory.Held> held, PersonAccess then, Instant at) {
        List<HeldView> out = new ArrayList<>();
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

    static HeldView heldView(AssignmentHistory.Held h, String basisThen) {
        return new HeldView(
                h.target(),
                h.role().value(),
                h.targetAccount(),
                h.heldFrom(),
                h.knownFrom(),
                h.cause(),
                h.heldTo(),
                h.endCause(),
                basisThen,
                basisThen.equals("none"));
    }

    /** What changed in the ledger after {@code known}: the records (re)learned since, with when. */
    static List<Revision> revisions(PersonAccess current, Instant known) {
        return current.qualifications().stream()
                .filter(q -> q.recordedAt().isAfter(known))
                .map(q -> new Revision(q.evidence().evidenceId(), q.code().value(), q.sourceVersion(), q.recordedAt()))
                .toList();
    }

    private static List<String> summaries(List<EntitlementView> roles) {
        return roles.stream()
                .map(r -> r.role() + "/" + r.inGrace() + "/" + r.justified())
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

    static PersonView person(Person p) {
        return new PersonView(
                p.employeeId().value(),
                p.displayName(),
                p.email(),
                p.site(),
                p.supervisorId(),
                p.jobTitle(),
                p.status().name());
    }

    /**
     * A qualification as the API shows it: each date as the instant, the calendar day at the person's site
     * ({@code completedOn}, {@code expiresOn}: the last day it is valid) and the source's own text, with the zone.
     */
    static QualificationView qualification(Qualification q, Instant now, SiteTime site) {
        SiteTime.RecordDates dates = site.dates(q);
        return new QualificationView(
                q.id(),
                q.code().value(),
                q.level(),
                dates.completedAt().toString(),
                dates.completedOn().toString(),
                dates.completedOriginal(),
                dates.expiresAt() == null ? null : dates.expiresAt().toString(),
                dates.expiresOn() == null ? null : dates.expiresOn().toString(),
                dates.expiresOriginal(),
                dates.zone().getId(),
                q.status() == Qualification.Status.REVOKED
                        ? "REVOKED"
                        : q.held().expiresAt() != null && !now.isBefore(q.held().expiresAt()) ? "EXPIRED" : "VALID",
                q.authority().name(),
                new EvidenceView(
                        q.evidence().evidenceId(),
                        q.evidence().source(),
                        q.evidence().sourceRecordId(),
                        q.sourceVersion(),
                        q.evidence().sourceCode(),
                        q.evidence().sourceName(),
                        q.evidence().approvedBy(),
                        q.evidence().approvedAt(),
                        "/api/v1/inbound-events/" + q.evidence().eventId()));
    }

    static List<EntitlementView> entitlements(PersonAccess access) {
        List<EntitlementView> out = new ArrayList<>();
        for (RoleDecision d : access.entitlements().decisions()) {
            if (!d.justified()) {
                continue;
            }
            out.add(new EntitlementView(
                    d.role().value(),
                    access.active(),
                    d.inGrace(),
                    d.justifiedUntil(),
                    d.basis().map(ExplainController::set).orElse(null),
                    access.active()
                            ? d.summary()
                            : "person is " + access.person().status().name().toLowerCase()));
        }
        return out;
    }

    // ---- the views, written by Jackson in component order; a null component is left out like a null map value

    /** {@code GET /api/v1/people/{employeeId}}. */
    record PersonDetailsView(
            PersonView person,
            List<QualificationView> qualifications,
            List<EntitlementView> entitlements,
            List<AccessOverride.View> overrides,
            List<Deferral.View> deferrals,
            List<AssignmentView> assignments) {}

    record PersonView(
            String employeeId,
            String name,
            @Nullable String email,
            String site,
            @Nullable String supervisorId,
            @Nullable String jobTitle,
            String status) {}

    record AssignmentView(
            String target,
            String role,
            String targetAccount,
            Instant since,
            @Nullable Instant validUntil,
            String basis) {}

    /** A qualification with its dates as the site states them and its evidence. */
    record QualificationView(
            UUID id,
            String code,
            int level,
            String completedAt,
            String completedOn,
            @Nullable String completedOriginal,
            @Nullable String expiresAt,
            @Nullable String expiresOn,
            @Nullable String expiresOriginal,
            String zone,
            String status,
            String authority,
            EvidenceView evidence) {}

    record EvidenceView(
            String evidenceId,
            String source,
            String sourceRecordId,
            long sourceVersion,
            String sourceCode,
            @Nullable String sourceName,
            @Nullable String approvedBy,
            @Nullable Instant approvedAt,
            String rawPayload) {}

    /** A role the rules justify, with the requirement set that justifies it. */
    record EntitlementView(
            String role,
            boolean justified,
            boolean inGrace,
            @Nullable Instant justifiedUntil,
            ExplainController.@Nullable SetView basis,
            String summary) {}

    /**
     * {@code GET /api/v1/people/{employeeId}/access}: {@code asKnownNow} and {@code revisions} only when revised;
     * {@code recordsBegin} always, null while the audit trail has no entry (decision 0095).
     */
    record PersonAccessView(
            String employeeId,
            Instant at,
            Instant asKnownAt,

            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable
            Instant recordsBegin,

            boolean beforeRecordsBegin,
            boolean targetsHeldUnknown,
            String rulesVersion,
            boolean active,
            List<EntitlementView> roles,
            List<HeldView> heldInTargets,
            boolean revisedSince,
            @Nullable RolesKnownNow asKnownNow,
            @Nullable List<Revision> revisions) {}

    record RolesKnownNow(Instant knownAt, String rulesVersion, List<EntitlementView> roles) {}

    record Revision(String evidence, String code, long sourceVersion, Instant recordedAt) {}

    /** A role a target held, how it came to be held, and on what basis then. */
    record HeldView(
            String target,
            String role,
            String targetAccount,
            Instant heldFrom,
            Instant knownFrom,
            String cause,
            @Nullable Instant heldTo,
            @Nullable String endCause,
            String basisThen,
            boolean withoutBasis) {}
}
