package org.qualigate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access suspensions (decision 0036): a reviewer's signed revocation of one role of one person. The planner
 * leaves a suspended role out of what every target should hold, whatever the rules say, so the next qualification
 * event cannot grant it back; no override is granted for it; only a QA approver lifts it, with a reason and a
 * signature, and the person is planned again. Every change is audited in its transaction.
 */
@Service
public class Suspensions {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The record type of a suspension's signatures (the lifting). */
    public static final String RECORD_TYPE = "access-suspension";

    static final int MIN_REASON = 10;
    static final int MAX_REASON = 2000;

    /** A suspension: who, which role, why, by whom and since when; and its lifting, once lifted. */
    public record Suspension(
            UUID id,
            EmployeeId employeeId,
            RoleName role,
            String reason,
            String suspendedBy,
            Instant since,
            @Nullable Long campaignId,
            @Nullable Long itemId,
            boolean active,
            @Nullable String liftedBy,
            @Nullable Instant liftedAt,
            @Nullable String liftReason) {

        /** A map on purpose: it is the signed content and the audit entries' value, whose bytes are hashed. */
        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id.toString());
            m.put("employeeId", employeeId.value());
            m.put("role", role.value());
            m.put("reason", reason);
            m.put("suspendedBy", suspendedBy);
            m.put("since", since.toString());
            m.put("campaignId", campaignId);
            m.put("itemId", itemId);
            m.put("status", active ? "ACTIVE" : "LIFTED");
            m.put("liftedBy", liftedBy);
            m.put("liftedAt", liftedAt == null ? null : liftedAt.toString());
            m.put("liftReason", liftReason);
            return m;
        }
    }

    /** Published when a suspension starts or is lifted, after the change is written in its transaction. */
    public record Changed(EmployeeId employeeId, RoleName role, boolean suspended) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final DeliveryRequests delivery;
    private final ElectronicSignatures signatures;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Suspensions(
            JdbcClient jdbc,
            AuditTrail audit,
            DeliveryRequests delivery,
            ElectronicSignatures signatures,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.delivery = delivery;
        this.signatures = signatures;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Suspends the role for the person in the caller's transaction (with its audit entry and a delivery request),
     * or answers the suspension already in force for it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Suspension suspend(
            EmployeeId employeeId,
            RoleName role,
            String reason,
            String by,
            @Nullable Long campaignId,
            @Nullable Long itemId) {
        Optional<Suspension> existing = activeFor(employeeId).stream()
                .filter(s -> s.role().equals(role))
                .findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Suspension s = new Suspension(
                UUID.randomUUID(), employeeId, role, reason, by, now, campaignId, itemId, true, null, null, null);
        jdbc.sql("""
                        INSERT INTO access_suspension (id, employee_id, role, reason, suspended_by, since, campaign_id,
                            item_id, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE')""")
                .params(s.id(), employeeId.value(), role.value(), reason, by, Timestamp.from(now), campaignId, itemId)
                .update();
        audit.append(new AuditRecord(
                by,
                "access.suspended",
                RECORD_TYPE,
                s.id().toString(),
                employeeId.value(),
                null,
                s.view(),
                by + " suspended " + role + " for " + employeeId
                        + (campaignId == null ? "" : " in access review campaign " + campaignId) + ": " + reason,
                null));
        delivery.request(employeeId, now);
        events.publishEvent(new Changed(employeeId, role, true));
        return s;
    }

    /**
     * Lifts a suspension in force, signed by a QA approver ({@code APPROVED}: the role may be held again when the
     * rules justify it); a refused signature lifts nothing. The person is planned again.
     */
    @Transactional
    public Verdict<Suspension> lift(SignatureRequest signing, UUID id, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < MIN_REASON) {
            return Verdict.invalid(List.of(Refusal.of(
                    "reason", "is required, at least " + MIN_REASON + " characters", "refusal.at-least", MIN_REASON)));
        }
        if (why.length() > MAX_REASON) {
            return Verdict.invalid(List.of(Refusal.atMost("reason", MAX_REASON)));
        }
        Optional<Suspension> found = find(id);
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, Refusal.whole("no suspension " + id, "refusal.not-found"));
        }
        if (!found.get().active()) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole("suspension " + id + " was lifted already", "refusal.suspension.lifted"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("UPDATE access_suspension SET status = 'LIFTED', lifted_by = ?, lifted_at = ?, lift_reason = ? "
                        + "WHERE id = ? AND status = 'ACTIVE'")
                .params(signing.caller(), Timestamp.from(now), why, id)
                .update();
        Suspension lifted = find(id).orElseThrow();
        SignatureOutcome signed = signatures.sign(
                signedRecord(lifted),
                new SignatureRequest(
                        signing.caller(),
                        signing.userId(),
                        signing.password(),
                        Meaning.APPROVED,
                        why,
                        signing.continuingSession()));
        if (signed.applied().isEmpty()) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return Overrides.signatureRefused(signed);
        }
        audit.append(new AuditRecord(
                signing.caller(),
                "access.suspension-lifted",
                RECORD_TYPE,
                id.toString(),
                lifted.employeeId().value(),
                found.get().view(),
                lifted.view(),
                signing.caller() + " lifted the suspension of " + lifted.role() + " for " + lifted.employeeId() + ": "
                        + why,
                null));
        delivery.request(lifted.employeeId(), now);
        events.publishEvent(new Changed(lifted.employeeId(), lifted.role(), false));
        return Verdict.of(lifted);
    }

    /** The content a lifting signature binds: the suspension and its lifting. */
    public SignedRecord signedRecord(Suspension s) {
        return new SignedRecord(RECORD_TYPE, s.id().toString(), JSON.writeValueAsString(s.view()));
    }

    public List<Signature> signaturesOf(UUID id) {
        return signatures.signaturesOf(RECORD_TYPE, id.toString());
    }

    public Optional<Suspension> find(UUID id) {
        return jdbc.sql("SELECT * FROM access_suspension WHERE id = ?")
                .param(id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** The suspensions in force for the person. */
    public List<Suspension> activeFor(EmployeeId employeeId) {
        return jdbc.sql("SELECT * FROM access_suspension WHERE employee_id = ? AND status = 'ACTIVE' ORDER BY since")
                .param(employeeId.value())
                .query((rs, n) -> row(rs))
                .list();
    }

    /** The roles suspended for the person now. */
    public Set<RoleName> suspendedRoles(EmployeeId employeeId) {
        Set<RoleName> roles = new TreeSet<>();
        activeFor(employeeId).forEach(s -> roles.add(s.role()));
        return roles;
    }

    /** The roles suspended now for each of the people (absent: none). */
    public Map<EmployeeId, Set<RoleName>> suspendedRoles(Collection<EmployeeId> people) {
        Map<EmployeeId, Set<RoleName>> out = new HashMap<>();
        if (people.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT employee_id, role FROM access_suspension WHERE status = 'ACTIVE' AND employee_id = ANY(?)")
                .param(people.stream().map(EmployeeId::value).toArray(String[]::new))
                .query((rs, n) -> Map.entry(EmployeeId.of(rs.getString(1)), RoleName.of(rs.getString(2))))
                .list()
                .forEach(e ->
                        out.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue()));
        return out;
    }

    /** Every suspension, newest first: those in force only when {@code activeOnly}. */
    public List<Suspension> list(boolean activeOnly) {
        List<Suspension> all = new ArrayList<>(jdbc.sql(
                        "SELECT * FROM access_suspension WHERE (? = false OR status = 'ACTIVE') ORDER BY since DESC LIMIT 1000")
                .param(activeOnly)
                .query((rs, n) -> row(rs))
                .list());
        return all;
    }

    private static Suspension row(ResultSet rs) throws SQLException {
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new Suspension(
                rs.getObject("id", UUID.class),
                EmployeeId.of(rs.getString("employee_id")),
                RoleName.of(rs.getString("role")),
                rs.getString("reason"),
                rs.getString("suspended_by"),
                rs.getTimestamp("since").toInstant(),
                (Long) rs.getObject("campaign_id"),
                (Long) rs.getObject("item_id"),
                "ACTIVE".equals(rs.getString("status")),
                rs.getString("lifted_by"),
                lifted == null ? null : lifted.toInstant(),
                rs.getString("lift_reason"));
    }
}
