package org.qualigate.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.DesiredAccess;
import org.qualigate.access.EvidenceFields;
import org.qualigate.access.PersonAccess;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SetOutcome;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the audit trail says of a role gained or lost in a target: the basis (the rules' decision with its evidence,
 * or the override), when it ends, and the sentence an inspector reads. Pure: built from the desired access the
 * delivery worked from, before the change is made, so an interrupted delivery can record it later unchanged.
 */
final class AssignmentEntries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AssignmentEntries() {}

    /** What one change writes: its audit entry and, for a grant, the assignment's basis and end. */
    record Entry(
            String action,
            @Nullable Map<String, Object> oldValue,
            Map<String, Object> newValue,
            String reason,
            String basis,
            @Nullable Instant validUntil) {

        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", action);
            m.put("old", oldValue);
            m.put("new", newValue);
            m.put("reason", reason);
            m.put("basis", basis);
            m.put("validUntil", validUntil == null ? null : validUntil.toString());
            return JSON.writeValueAsString(m);
        }

        @SuppressWarnings("unchecked")
        static Entry parse(String json) {
            Map<String, Object> m = JSON.readValue(json, Map.class);
            Object until = m.get("validUntil");
            return new Entry(
                    (String) m.get("action"),
                    (Map<String, Object>) m.get("old"),
                    (Map<String, Object>) m.get("new"),
                    (String) m.get("reason"),
                    (String) m.get("basis"),
                    until == null ? null : Instant.parse((String) until));
        }
    }

    /** The audit entry of a grant, with the rules' basis (or the override) and the evidence behind it. */
    static Entry grant(WorkQueue.Lease lease, String accountId, RoleName role, DesiredAccess desired) {
        PersonAccess access = desired.access();
        String employeeId = lease.employeeId().value();
        AccessOverride override =
                desired.role(role).map(DesiredAccess.DesiredRole::override).orElse(null);
        Optional<RoleDecision> decision = access == null || override != null
                ? Optional.empty()
                : access.entitlements().decision(role);
        String basis = override != null
                ? overrideBasis(override)
                : decision.map(RoleDecision::summary).orElse("held in target");
        Instant validUntil = override != null
                ? override.effectiveEnd()
                : decision.map(RoleDecision::justifiedUntil).orElse(null);
        String story = override != null
                ? employeeId + " gained " + role + " in " + lease.target() + " through " + basis
                : story(employeeId, "gained", role, lease.target(), decision.orElse(null));
        return new Entry(
                "role.granted",
                null,
                withOverride(
                        grantView(lease.target(), accountId, role, validUntil, decision.orElse(null), access),
                        override),
                story,
                basis,
                validUntil);
    }

    /** The audit entry of a revocation: why the role goes, when it took effect, and any deferral behind it. */
    static Entry revoke(WorkQueue.Lease lease, Assignments.Assignment gone, DesiredAccess desired, Instant now) {
        PersonAccess access = desired.access();
        String employeeId = lease.employeeId().value();
        Optional<RoleDecision> decision =
                access == null ? Optional.empty() : access.entitlements().decision(gone.role());
        Optional<Deferral> deferral =
                desired.releasedDeferral(gone.role()).filter(d -> !d.since().isBefore(gone.since()));
        var value = new LinkedHashMap<String, Object>();
        value.put("target", lease.target());
        value.put("role", gone.role().value());
        value.put(
                "effectiveAt",
                deferral.map(d -> d.until().isBefore(now) ? d.until() : now)
                        .orElseGet(() -> effectiveRevocation(gone, now))
                        .toString());
        value.put("appliedAt", now.toString());
        if (access != null) {
            value.put("rulesVersion", access.entitlements().rulesVersion());
            value.put("personStatus", access.person().status().name());
        }
        Optional<org.qualigate.access.Suspensions.Suspension> suspension = desired.suspension(gone.role());
        String why = access == null
                ? "person unknown to the ledger"
                : !access.active()
                        ? "person is " + access.person().status().name().toLowerCase()
                        : suspension.isPresent()
                                ? "suspended by " + suspension.get().suspendedBy()
                                        + (suspension.get().campaignId() == null
                                                ? ""
                                                : " in access review campaign "
                                                        + suspension.get().campaignId())
                                        + ": " + suspension.get().reason()
                                : decision.map(RoleDecision::summary).orElse("no rule justifies the role any longer");
        suspension.ifPresent(sp -> value.put("suspension", sp.view()));
        if (deferral.isPresent()) {
            value.put("deferral", deferral.get().view());
            why = why + "; revocation had been deferred since "
                    + deferral.get().since() + " (" + deferral.get().reason() + "), "
                    + deferral.get().endReason();
        }
        String story = employeeId + " lost " + gone.role() + " in " + lease.target() + ": " + why;
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("role", gone.role().value());
        old.put("since", gone.since().toString());
        old.put("basis", gone.basis());
        return new Entry("role.revoked", old, value, story, why, null);
    }

    /**
     * Marks the entry of a change an interrupted delivery made: applied between its intent and now, recorded now;
     * answers the reason to record.
     */
    static String recovered(Map<String, Object> value, String reason, Instant intendedAt, Instant now) {
        value.put("appliedBetween", List.of(intendedAt.toString(), now.toString()));
        value.put("recordedAfterInterruption", true);
        return reason + " (applied by a delivery that was interrupted before recording it; recorded at " + now + ")";
    }

    static String overrideBasis(AccessOverride o) {
        return "override " + o.id() + " granted by " + o.grantedBy() + " until " + o.endsAt() + ": " + o.reason();
    }

    /** Adds the override to a grant's audit value: a map, because its bytes are hashed into the chain. */
    static Map<String, Object> withOverride(Map<String, Object> view, @Nullable AccessOverride o) {
        if (o != null) {
            Map<String, Object> ov = new LinkedHashMap<>();
            ov.put("id", o.id().toString());
            ov.put("grantedBy", o.grantedBy());
            ov.put("reason", o.reason());
            ov.put("startsAt", o.startsAt().toString());
            ov.put("endsAt", o.endsAt().toString());
            view.put("override", ov);
        }
        return view;
    }

    private static Instant effectiveRevocation(Assignments.Assignment gone, Instant now) {
        return gone.validUntil() != null && gone.validUntil().isBefore(now) ? gone.validUntil() : now;
    }

    /**
     * A grant's audit value (also kept with the delivery's intent to record it later unchanged): a map, because its
     * bytes are hashed into the chain.
     */
    static Map<String, Object> grantView(
            String target,
            String accountId,
            RoleName role,
            @Nullable Instant validUntil,
            @Nullable RoleDecision decision,
            @Nullable PersonAccess access) {
        var m = new LinkedHashMap<String, Object>();
        m.put("target", target);
        m.put("targetAccount", accountId);
        m.put("role", role.value());
        m.put("validUntil", validUntil == null ? null : validUntil.toString());
        m.put("inGrace", decision != null && decision.inGrace());
        if (access != null) {
            m.put("rulesVersion", access.entitlements().rulesVersion());
        }
        List<Map<String, Object>> basis = new ArrayList<>();
        if (decision != null && access != null) {
            Map<String, Qualification> byEvidence = new HashMap<>();
            access.qualifications().forEach(q -> byEvidence.put(q.evidence().evidenceId(), q));
            decision.basis()
                    .map(SetOutcome::requirements)
                    .orElse(List.of())
                    .forEach(r -> basis.add(evidence(r, byEvidence)));
            m.put("set", decision.basis().map(SetOutcome::index).orElse(null));
        }
        m.put("basis", basis);
        return m;
    }

    /** One requirement's evidence in a grant's audit value: a map, because its bytes are hashed into the chain. */
    private static Map<String, Object> evidence(RequirementOutcome r, Map<String, Qualification> byEvidence) {
        var m = new LinkedHashMap<String, Object>();
        m.put("code", r.requirement().code().value());
        m.put("minimumLevel", r.requirement().minimumLevel());
        if (r.evidence() != null) {
            Qualification q = byEvidence.get(r.evidence().evidenceId());
            m.put("evidence", r.evidence().evidenceId());
            EvidenceFields.held(m, r.evidence());
            if (q != null) {
                m.put("sourceRecordId", q.evidence().sourceRecordId());
                EvidenceFields.approval(m, q);
                m.put("eventId", q.evidence().eventId().toString());
            }
        }
        return m;
    }

    /** "E10023 gained BSL.FILL-1.OPERATOR in mes because GMP-BASIC was completed on … (hris/TR-1, approved by …)". */
    private static String story(
            String employeeId, String verb, RoleName role, String target, @Nullable RoleDecision decision) {
        if (decision == null) {
            return employeeId + " " + verb + " " + role + " in " + target + " (found in the target)";
        }
        return employeeId + " " + verb + " " + role + " in " + target + " because " + decision.summary();
    }
}
