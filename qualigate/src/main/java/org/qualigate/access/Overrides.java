package org.qualigate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Emergency overrides: a plant manager grants a role for at most 24 hours with a reason; it starts at once,
 * ends by itself at the exact instant (a persisted timer), can be ended early, can never be extended (a
 * longer need is a new override with its own review), and opens a compliance review task that someone
 * other than the grantor must close with a conclusion. Everything is audited in the same transaction.
 */
@Service
public class Overrides {

    static final Duration MAX = Duration.ofHours(24);
    static final int MIN_REASON = 10;
    /** The longest reason or conclusion kept: it is copied into the audit trail and the signed content. */
    static final int MAX_TEXT = 2000;
    /** The record type of an override's signatures. */
    public static final String RECORD_TYPE = "override";
    /** How the detail of a refusal starts when the signature (not the request) was refused. */
    public static final String SIGNATURE_REFUSED = "signature refused: ";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Persons persons;
    private final PlantDefinition plant;
    private final DeliveryRequests delivery;
    private final ElectronicSignatures signatures;
    private final Suspensions suspensions;
    private final Clock clock;

    public Overrides(
            JdbcClient jdbc,
            AuditTrail audit,
            Persons persons,
            PlantDefinition plant,
            DeliveryRequests delivery,
            ElectronicSignatures signatures,
            Suspensions suspensions,
            Clock clock) {
        this.jdbc = jdbc;
        this.suspensions = suspensions;
        this.signatures = signatures;
        this.audit = audit;
        this.persons = persons;
        this.plant = plant;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** Grants the role from now for {@code hours}; refused with the offending fields named. */
    @Transactional
    public Verdict<AccessOverride> grant(
            String grantor,
            EmployeeId employeeId,
            RoleName role,
            @Nullable String target,
            double hours,
            String reason) {
        return grant(grantor, employeeId, role, target, hours, reason, null);
    }

    /**
     * Grants the role and signs the grant as its approver ({@code APPROVED}, 21 CFR 11.50) in the same
     * transaction: a refused signature (wrong password, another user's id) grants nothing.
     */
    @Transactional
    public Verdict<AccessOverride> grant(
            SignatureRequest signing,
            EmployeeId employeeId,
            RoleName role,
            @Nullable String target,
            double hours,
            String reason) {
        return grant(
                signing.caller(),
                employeeId,
                role,
                target,
                hours,
                reason,
                OverrideRecords.withMeaning(signing, Meaning.APPROVED));
    }

    private Verdict<AccessOverride> grant(
            String grantor,
            EmployeeId employeeId,
            RoleName role,
            @Nullable String target,
            double hours,
            String reason,
            @Nullable SignatureRequest signing) {
        Optional<Person> person = persons.find(employeeId);
        Plant p = plant.current();
        boolean roleOfThePlant = p.rules().allRoles(p.sites().keySet()).contains(role);
        List<Refusal> errors = OverrideGrantRule.check(new OverrideGrantRule.Request(
                hours,
                reason,
                person.map(Person::status).orElse(null),
                roleOfThePlant,
                roleOfThePlant && suspensions.suspendedRoles(employeeId).contains(role)));
        String why = reason.strip();
        if (!errors.isEmpty()) {
            return Verdict.invalid(errors);
        }
        // PostgreSQL keeps microseconds: the instants answered are the instants stored.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant ends = now.plusSeconds(Math.round(hours * 3600));
        AccessOverride o = new AccessOverride(
                UUID.randomUUID(),
                employeeId,
                role,
                target,
                now,
                ends,
                grantor,
                why,
                AccessOverride.Status.ACTIVE,
                null,
                null,
                null);
        if (signing != null) {
            SignatureOutcome signed = signatures.sign(OverrideRecords.grant(o), signing);
            if (signed.applied().isEmpty()) {
                return signatureRefused(signed);
            }
        }
        store(o);
        ReviewTasks.openFor(jdbc, audit, o);
        AccessPlanner.insertTimer(jdbc, clock, employeeId, ends, "end of override " + o.id());
        delivery.request(employeeId, now);
        return Verdict.of(o);
    }

    /** Writes the granted override and its audit entry, in the grant's transaction. */
    private void store(AccessOverride o) {
        jdbc.sql("""
                        INSERT INTO access_override (id, employee_id, role, target, starts_at, ends_at, granted_by, reason, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE')""")
                .params(
                        o.id(),
                        o.employeeId().value(),
                        o.role().value(),
                        o.target(),
                        Timestamp.from(o.startsAt()),
                        Timestamp.from(o.endsAt()),
                        o.grantedBy(),
                        o.reason())
                .update();
        audit.append(new AuditRecord(
                o.grantedBy(),
                "override.granted",
                "override",
                o.id().toString(),
                o.employeeId().value(),
                null,
                o.view(),
                o.grantedBy() + " granted " + o.role() + " to " + o.employeeId() + " until " + o.endsAt() + ": "
                        + o.reason(),
                null));
    }

    /** Ends an override in force before its time. */
    @Transactional
    public Verdict<AccessOverride> end(String actor, UUID id, @Nullable String reason) {
        return end(actor, id, reason, null);
    }

    /** Ends an override in force before its time, signed by the one who ends it ({@code CLOSED}). */
    @Transactional
    public Verdict<AccessOverride> end(SignatureRequest signing, UUID id, @Nullable String reason) {
        return end(signing.caller(), id, reason, OverrideRecords.withMeaning(signing, Meaning.CLOSED));
    }

    private Verdict<AccessOverride> end(
            String actor, UUID id, @Nullable String reason, @Nullable SignatureRequest signing) {
        Optional<AccessOverride> found = find(id);
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, Refusal.whole("no override " + id, "refusal.not-found"));
        }
        AccessOverride o = found.get();
        Instant now = clock.instant();
        if (o.status() != AccessOverride.Status.ACTIVE || !o.inForceAt(now)) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole("override " + id + " is no longer in force", "refusal.override.ended"));
        }
        String why = reason == null || reason.isBlank() ? "ended early" : reason.strip();
        jdbc.sql("UPDATE access_override SET status = 'ENDED', ended_at = ?, ended_by = ?, end_reason = ? WHERE id = ?")
                .params(Timestamp.from(now), actor, why, id)
                .update();
        AccessOverride ended = find(id).orElseThrow();
        if (signing != null) {
            SignatureOutcome signed = signatures.sign(OverrideRecords.end(ended), signing);
            if (signed.applied().isEmpty()) {
                // nothing of the ending may remain when its signature is refused
                TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
                return signatureRefused(signed);
            }
        }
        audit.append(new AuditRecord(
                actor,
                "override.ended",
                "override",
                id.toString(),
                o.employeeId().value(),
                Map.of("status", o.status().name(), "endsAt", o.endsAt().toString()),
                ended.view(),
                actor + " ended override " + id + " of " + o.role() + " for " + o.employeeId() + ": " + why,
                null));
        delivery.request(o.employeeId(), now);
        return Verdict.of(ended);
    }

    /** Marks the person's overrides whose end has come as expired; runs in the planning transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void expireDue(java.util.Collection<EmployeeId> employeeIds, Instant now) {
        // one statement for a group of persons (planned together); rarely any row
        List<AccessOverride> due = jdbc.sql("""
                        SELECT * FROM access_override WHERE employee_id = ANY(?) AND status = 'ACTIVE' AND ends_at <= ?
                        ORDER BY employee_id, id FOR UPDATE""")
                .params(employeeIds.stream().map(EmployeeId::value).toArray(String[]::new), Timestamp.from(now))
                .query((rs, n) -> row(rs))
                .list();
        for (AccessOverride o : due) {
            EmployeeId employeeId = o.employeeId();
            jdbc.sql("UPDATE access_override SET status = 'EXPIRED', ended_at = ends_at WHERE id = ?")
                    .param(o.id())
                    .update();
            AccessOverride.View view = o.view().withEnd("EXPIRED", o.endsAt());
            audit.append(new AuditRecord(
                    "system",
                    "override.expired",
                    "override",
                    o.id().toString(),
                    employeeId.value(),
                    Map.of("status", "ACTIVE"),
                    view,
                    "override " + o.id() + " of " + o.role() + " for " + employeeId + " ended by itself at "
                            + o.endsAt(),
                    null));
        }
    }

    /** Records a failed re-authentication for an override action (the password itself is never recorded). */
    @Transactional
    public void reauthenticationFailed(String actor, String action, @Nullable String employeeId) {
        audit.append(new AuditRecord(
                actor,
                "override.reauthentication-failed",
                "override",
                action,
                employeeId,
                null,
                Map.of("action", action),
                actor + " failed to re-authenticate for " + action,
                null));
    }

    /** The override's signatures, oldest first (the grant's approval, and its early end when ended so). */
    public List<Signature> signaturesOf(UUID overrideId) {
        return signatures.signaturesOf(RECORD_TYPE, overrideId.toString());
    }

    /**
     * The content a signature of this meaning was bound to: for {@code APPROVED} the grant (what, for whom,
     * when, by whom, why), for {@code CLOSED} the grant and its early end. Both stay unchanged afterwards.
     */
    public Optional<SignedRecord> signedRecord(UUID overrideId, Meaning meaning) {
        return find(overrideId).flatMap(o -> switch (meaning) {
            case APPROVED -> Optional.of(OverrideRecords.grant(o));
            case CLOSED ->
                o.status() == AccessOverride.Status.ENDED ? Optional.of(OverrideRecords.end(o)) : Optional.empty();
            default -> Optional.empty();
        });
    }

    /** A refusal because the signature was refused, naming its field; the API answers it as a failed re-authentication. */
    public static <T> Verdict<T> signatureRefused(SignatureOutcome refused) {
        Refusal why = refused.refusal() == null
                ? Refusal.of("password", "was refused", "refusal.refused")
                : refused.refusal();
        String field = why.field() == null ? "password" : why.field();
        return new Verdict<>(
                null,
                new Verdict.Refusal(
                        Verdict.Kind.INVALID,
                        List.of(why.about(field)),
                        new Refusal(null, SIGNATURE_REFUSED + field + " " + why.reason(), why.said())));
    }

    public Optional<AccessOverride> find(UUID id) {
        return jdbc.sql("SELECT * FROM access_override WHERE id = ?")
                .param(id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** Everyone's overrides of the role in force at the instant. */
    public List<AccessOverride> ofRoleInForceAt(RoleName role, Instant at) {
        return jdbc
                .sql("SELECT id FROM access_override WHERE role = ? AND starts_at <= ? AND ends_at > ?")
                .params(role.value(), Timestamp.from(at), Timestamp.from(at))
                .query(UUID.class)
                .list()
                .stream()
                .flatMap(id -> find(id).stream())
                .filter(o -> o.inForceAt(at))
                .toList();
    }

    /** The person's overrides in force at the instant. */
    public List<AccessOverride> inForceAt(EmployeeId employeeId, Instant at) {
        return jdbc
                .sql("SELECT * FROM access_override WHERE employee_id = ? AND starts_at <= ? AND ends_at > ? "
                        + "ORDER BY starts_at")
                .params(employeeId.value(), Timestamp.from(at), Timestamp.from(at))
                .query((rs, n) -> row(rs))
                .list()
                .stream()
                .filter(o -> o.inForceAt(at))
                .toList();
    }

    /** Every override, newest first; only those in force now when {@code activeOnly}. */
    public List<AccessOverride> list(boolean activeOnly) {
        Instant now = clock.instant();
        return jdbc
                .sql("SELECT * FROM access_override ORDER BY starts_at DESC LIMIT 1000")
                .query((rs, n) -> row(rs))
                .list()
                .stream()
                .filter(o -> !activeOnly || o.inForceAt(now))
                .toList();
    }

    static AccessOverride row(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new AccessOverride(
                rs.getObject("id", UUID.class),
                EmployeeId.of(rs.getString("employee_id")),
                RoleName.of(rs.getString("role")),
                rs.getString("target"),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getString("granted_by"),
                rs.getString("reason"),
                AccessOverride.Status.valueOf(rs.getString("status")),
                ended == null ? null : ended.toInstant(),
                rs.getString("ended_by"),
                rs.getString("end_reason"));
    }
}
