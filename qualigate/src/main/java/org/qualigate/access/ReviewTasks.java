package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Compliance review tasks: listed, and closed with a conclusion by someone who did not grant what they review. */
@Service
public class ReviewTasks {

    /** The record type of a review task's signatures. */
    public static final String RECORD_TYPE = "review-task";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Overrides overrides;
    private final ElectronicSignatures signatures;
    private final Clock clock;

    public ReviewTasks(
            JdbcClient jdbc, AuditTrail audit, Overrides overrides, ElectronicSignatures signatures, Clock clock) {
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.audit = audit;
        this.overrides = overrides;
        this.clock = clock;
    }

    /** Opens the compliance review of a granted override, with its audit entry, in the grant's transaction. */
    static ReviewTask openFor(JdbcClient jdbc, AuditTrail audit, AccessOverride o) {
        ReviewTask task = new ReviewTask(
                UUID.randomUUID(),
                "override",
                o.id(),
                o.employeeId(),
                o.startsAt(),
                ReviewTask.Status.OPEN,
                null,
                null,
                null,
                null);
        jdbc.sql("""
                        INSERT INTO review_task (id, kind, override_id, employee_id, opened_at, status)
                        VALUES (?, 'override', ?, ?, ?, 'OPEN')""")
                .params(task.id(), o.id(), o.employeeId().value(), Timestamp.from(o.startsAt()))
                .update();
        audit.append(new AuditRecord(
                "system",
                "review-task.opened",
                "review-task",
                task.id().toString(),
                o.employeeId().value(),
                null,
                task.view(),
                "compliance review of override " + o.id() + " granted by " + o.grantedBy(),
                null));
        return task;
    }

    /** Review tasks, oldest first, optionally only those in one status. */
    public List<ReviewTask> list(ReviewTask.@Nullable Status status) {
        return jdbc.sql("SELECT * FROM review_task WHERE (?::text IS NULL OR status = ?) ORDER BY opened_at LIMIT 1000")
                .params(status == null ? null : status.name(), status == null ? null : status.name())
                .query((rs, n) -> row(rs))
                .list();
    }

    /** The review task the override opened. */
    public Optional<ReviewTask> forOverride(UUID overrideId) {
        return jdbc.sql("SELECT * FROM review_task WHERE override_id = ?")
                .param(overrideId)
                .query((rs, n) -> row(rs))
                .optional();
    }

    public Optional<ReviewTask> find(UUID id) {
        return jdbc.sql("SELECT * FROM review_task WHERE id = ?")
                .param(id)
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** Closes the task with the reviewer's conclusion; the grantor of the override may not. */
    @Transactional
    public Verdict<ReviewTask> close(String reviewer, UUID id, @Nullable String conclusion) {
        return close(reviewer, id, null, conclusion, null);
    }

    /**
     * Closes the task with the reviewer's conclusion and their signature ({@code REVIEWED}) bound to it, in one
     * transaction: a refused signature closes nothing.
     */
    @Transactional
    public Verdict<ReviewTask> close(SignatureRequest signing, UUID id, @Nullable String conclusion) {
        return close(signing.caller(), id, null, conclusion, OverrideRecords.withMeaning(signing, Meaning.REVIEWED));
    }

    /**
     * Closes the task with a structured conclusion — the override was justified or not, and why — signed
     * ({@code REVIEWED}) in the same transaction; the signature binds both parts.
     */
    @Transactional
    public Verdict<ReviewTask> close(
            SignatureRequest signing, UUID id, @Nullable Boolean justified, @Nullable String conclusion) {
        if (justified == null) {
            return Verdict.invalid(List.of(Refusal.of(
                    "justified", "is required: say whether the override was justified", "refusal.review.justified")));
        }
        return close(
                signing.caller(), id, justified, conclusion, OverrideRecords.withMeaning(signing, Meaning.REVIEWED));
    }

    private Verdict<ReviewTask> close(
            String reviewer,
            UUID id,
            @Nullable Boolean justified,
            @Nullable String conclusion,
            @Nullable SignatureRequest signing) {
        Optional<ReviewTask> found = find(id);
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, Refusal.whole("no review task " + id, "refusal.not-found"));
        }
        ReviewTask task = found.get();
        if (conclusion == null || conclusion.isBlank()) {
            return Verdict.invalid(List.of(Refusal.required("conclusion")));
        }
        if (conclusion.strip().length() > Overrides.MAX_TEXT) {
            return Verdict.invalid(List.of(Refusal.atMost("conclusion", Overrides.MAX_TEXT)));
        }
        if (task.status() == ReviewTask.Status.CLOSED) {
            return alreadyClosed(id);
        }
        AccessOverride o = overrides.find(task.overrideId()).orElseThrow();
        if (o.grantedBy().equals(reviewer)) {
            return Verdict.refused(Verdict.Kind.FORBIDDEN, GRANTOR_CLOSES);
        }
        Instant now = clock.instant();
        // Only an open task closes: of two reviewers closing at once, the second waits for the first's row
        // lock, then finds it closed and is refused before anything is signed or audited.
        int closedNow = jdbc.sql(
                        "UPDATE review_task SET status = 'CLOSED', closed_by = ?, closed_at = ?, conclusion = ?,"
                                + " justified = ? WHERE id = ? AND status = 'OPEN'")
                .params(reviewer, Timestamp.from(now), conclusion.strip(), justified, id)
                .update();
        if (closedNow == 0) {
            return alreadyClosed(id);
        }
        ReviewTask closed = find(id).orElseThrow();
        if (signing != null) {
            SignatureOutcome signed = signatures.sign(signedRecord(closed), signing);
            if (signed.applied().isEmpty()) {
                TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
                return Overrides.signatureRefused(signed);
            }
        }
        audit.append(new AuditRecord(
                reviewer,
                "review-task.closed",
                "review-task",
                id.toString(),
                task.employeeId().value(),
                Map.of("status", "OPEN"),
                closed.view(),
                reviewer + " closed the review of override " + o.id() + ": "
                        + (justified == null ? "" : justified ? "justified. " : "not justified. ")
                        + conclusion.strip(),
                null));
        return Verdict.of(closed);
    }

    private static Verdict<ReviewTask> alreadyClosed(UUID id) {
        return Verdict.refused(
                Verdict.Kind.CONFLICT,
                Refusal.whole("review task " + id + " is already closed", "refusal.review.closed"));
    }

    /** The four-eyes rule of a review: whoever granted the override does not judge it. */
    private static final Refusal GRANTOR_CLOSES = Refusal.whole(
            "the grantor of an override cannot close its review; another approver must", "refusal.review.grantor");

    /** The actions that change a person's access: what a reviewer of an override reads. */
    private static final java.util.Set<String> ACCESS_CHANGES = java.util.Set.of(
            "role.granted",
            "role.revoked",
            "revocation.deferred",
            "revocation.deferral-extended",
            "revocation.deferral-ended",
            "override.ended",
            "override.expired");

    /** How long after an override's end its role's revocation (or deferral) is looked for. */
    private static final java.time.Duration AFTER_END = java.time.Duration.ofHours(24);

    /**
     * The override a task reviews with its grantor's signature and what happened to the person's access during
     * it (any role), then to the override's role in the day after it ended, from the audit trail.
     */
    public Optional<OverrideReview> review(UUID taskId) {
        return find(taskId).map(task -> {
            AccessOverride o = overrides.find(task.overrideId()).orElseThrow();
            Instant end = o.effectiveEnd();
            List<OverrideReview.Happening> during = new java.util.ArrayList<>();
            List<OverrideReview.Happening> after = new java.util.ArrayList<>();
            for (org.qualigate.audit.AuditEntry e : audit.find(new org.qualigate.audit.AuditQuery(
                    task.employeeId().value(), null, null, null, o.startsAt(), end.plus(AFTER_END), 0, 10_000))) {
                if (!ACCESS_CHANGES.contains(e.action())) {
                    continue;
                }
                var happening = new OverrideReview.Happening(
                        e.seq(), e.occurredAt(), e.action(), e.reason() == null ? e.action() : e.reason());
                if (!e.occurredAt().isAfter(end)) {
                    during.add(happening);
                } else if (concerns(e, o.role().value())) {
                    after.add(happening);
                }
            }
            return new OverrideReview(task, o, overrides.signaturesOf(o.id()), during, after);
        });
    }

    private static boolean concerns(org.qualigate.audit.AuditEntry e, String role) {
        return e.entityId().endsWith("/" + role)
                || (e.newValue() != null
                        && role.equals(e.newValue().path("role").asString(null)))
                || e.entityId().equals(role);
    }

    /** The task's signatures, oldest first (the reviewer's, once closed with a signature). */
    public List<Signature> signaturesOf(UUID taskId) {
        return signatures.signaturesOf(RECORD_TYPE, taskId.toString());
    }

    /** The content a reviewer's signature is bound to: the closed task and its conclusion. */
    public Optional<SignedRecord> signedRecord(UUID taskId) {
        return find(taskId).filter(t -> t.status() == ReviewTask.Status.CLOSED).map(ReviewTasks::signedRecord);
    }

    private static SignedRecord signedRecord(ReviewTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id().toString());
        m.put("overrideId", t.overrideId().toString());
        m.put("employeeId", t.employeeId().value());
        m.put("closedBy", t.closedBy());
        m.put("closedAt", t.closedAt() == null ? null : t.closedAt().toString());
        m.put("conclusion", t.conclusion());
        // reviews closed before the structured conclusion signed their text alone: their content stays as signed
        if (t.justified() != null) {
            m.put("justified", t.justified());
        }
        return new SignedRecord(RECORD_TYPE, t.id().toString(), JSON.writeValueAsString(m));
    }

    private static ReviewTask row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new ReviewTask(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getObject("override_id", UUID.class),
                EmployeeId.of(rs.getString("employee_id")),
                rs.getTimestamp("opened_at").toInstant(),
                ReviewTask.Status.valueOf(rs.getString("status")),
                rs.getString("closed_by"),
                closed == null ? null : closed.toInstant(),
                rs.getString("conclusion"),
                rs.getObject("justified", Boolean.class));
    }
}
