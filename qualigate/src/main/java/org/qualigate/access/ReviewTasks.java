package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Compliance review tasks: listed, and closed with a conclusion by someone who did not grant what they review. */
@Service
public class ReviewTasks {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Overrides overrides;
    private final Clock clock;

    public ReviewTasks(JdbcClient jdbc, AuditTrail audit, Overrides overrides, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.overrides = overrides;
        this.clock = clock;
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
        Optional<ReviewTask> found = find(id);
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, "no review task " + id);
        }
        ReviewTask task = found.get();
        if (conclusion == null || conclusion.isBlank()) {
            return Verdict.invalid(List.of(new Verdict.FieldError("conclusion", "is required")));
        }
        if (task.status() == ReviewTask.Status.CLOSED) {
            return Verdict.refused(Verdict.Kind.CONFLICT, "review task " + id + " is already closed");
        }
        AccessOverride o = overrides.find(task.overrideId()).orElseThrow();
        if (o.grantedBy().equals(reviewer)) {
            return Verdict.refused(
                    Verdict.Kind.FORBIDDEN,
                    "the grantor of an override cannot close its review; another approver must");
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE review_task SET status = 'CLOSED', closed_by = ?, closed_at = ?, conclusion = ? WHERE id = ?")
                .params(reviewer, Timestamp.from(now), conclusion.strip(), id)
                .update();
        ReviewTask closed = find(id).orElseThrow();
        audit.append(new AuditRecord(
                reviewer,
                "review-task.closed",
                "review-task",
                id.toString(),
                task.employeeId().value(),
                Map.of("status", "OPEN"),
                closed.view(),
                reviewer + " closed the review of override " + o.id() + ": " + conclusion.strip(),
                null));
        return Verdict.of(closed);
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
                rs.getString("conclusion"));
    }
}
