package org.qualigate.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable outbox of every e-mail the service sends: a message is queued once (under its key) in the
 * transaction that causes it, with its audit entry, and {@link NoticeMailer} sends it after the commit. A
 * rolled-back cause sends nothing; a crash after the commit sends it on the next poll.
 */
@Component
public class MailQueue {

    /** What a message is about. */
    public enum Kind {
        /** A qualification a role rests on expires soon. */
        EXPIRY,
        /** A role was granted. */
        GRANTED,
        /** A role was revoked. */
        REVOKED,
        /** An account was locked after repeated failed sign-ins or signatures. */
        LOCKOUT,
        /** An operational alert (e.g. an approved parameter that no longer parses). */
        ALERT,
        /** Work that waits for staff (a change set to approve, a review), about no one person. */
        WAITING,
        /** A line whose staffing minimum is forecast to be missed, to its supervisor, about no one person. */
        STAFFING
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    public MailQueue(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Queues the message in the caller's transaction; without recipients it is kept as {@code SKIPPED} with
     * {@code noRecipients} as the reason. Returns its id, or empty when a message with this key was queued before.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> queue(
            String key,
            Kind kind,
            @Nullable String employeeId,
            List<String> recipients,
            String subject,
            String body,
            String noRecipients) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String status = recipients.isEmpty() ? "SKIPPED" : "PENDING";
        int inserted = jdbc.sql("""
                        INSERT INTO notice (id, dedupe_key, kind, employee_id, recipients, subject, body, due_at, status,
                            last_error, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING""")
                .params(
                        id,
                        key,
                        kind.name(),
                        employeeId,
                        String.join(", ", recipients),
                        subject,
                        body,
                        Timestamp.from(now),
                        status,
                        recipients.isEmpty() ? noRecipients : null,
                        Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        var value = new LinkedHashMap<String, Object>();
        value.put("kind", kind.name());
        value.put("recipients", recipients);
        value.put("subject", subject);
        value.put("status", status);
        audit.append(new AuditRecord(
                "system", "notice.queued", "notice", id.toString(), employeeId, null, value, key, null));
        return Optional.of(id);
    }

    /** The messages about a person, or all, newest first. */
    public List<Message> recent(@Nullable String employeeId, int limit) {
        return jdbc.sql("SELECT * FROM notice WHERE (?::text IS NULL OR employee_id = ?) ORDER BY created_at DESC, "
                        + "dedupe_key LIMIT ?")
                .params(employeeId, employeeId, limit)
                .query((rs, n) -> new Message(
                        rs.getObject("id", UUID.class),
                        rs.getString("kind"),
                        rs.getString("employee_id"),
                        rs.getString("recipients"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("sent_at"))
                                .map(Timestamp::toInstant)
                                .orElse(null)))
                .list();
    }

    /** One queued message (a notice) with its delivery state. */
    public record Message(
            UUID id,
            String kind,
            @Nullable String employeeId,
            String recipients,
            String subject,
            String body,
            String status,
            int attempts,
            @Nullable String lastError,
            Instant createdAt,
            @Nullable Instant sentAt) {}
}
