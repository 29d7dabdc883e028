package org.qualigate.delivery;

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
import org.qualigate.ledger.EmployeeId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Work that failed permanently or too often, kept with its reason and last error until an operator
 * replays it. Replaying asks for delivery again; it is idempotent because delivery is level-triggered.
 */
@Component
public class DeadLetters {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadLetters.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final WorkQueue queue;
    private final Clock clock;

    public DeadLetters(JdbcClient jdbc, AuditTrail audit, WorkQueue queue, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.queue = queue;
        this.clock = clock;
    }

    /** Moves the leased item to the dead letters, in one transaction with its audit entry. */
    @Transactional
    public void bury(WorkQueue.Lease lease, String reason, @Nullable String lastError) {
        if (!queue.remove(lease)) {
            return;
        }
        UUID id = UUID.randomUUID();
        log.warn(
                "delivery of {} to {} moved to the dead letters ({}): {}",
                lease.employeeId(),
                lease.target(),
                id,
                reason);
        String error = lastError == null ? reason : lastError;
        jdbc.sql("INSERT INTO dead_letter (id, employee_id, target, reason, attempts, last_error, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        lease.employeeId().value(),
                        lease.target(),
                        reason,
                        lease.attempts() + 1,
                        error,
                        Timestamp.from(clock.instant()))
                .update();
        var value = new LinkedHashMap<String, Object>();
        value.put("target", lease.target());
        value.put("attempts", lease.attempts() + 1);
        value.put("lastError", error);
        audit.append(new AuditRecord(
                "system",
                "delivery.dead-lettered",
                "dead-letter",
                id.toString(),
                lease.employeeId().value(),
                null,
                value,
                reason,
                null));
    }

    public List<DeadLetter> open() {
        return jdbc.sql("SELECT * FROM dead_letter WHERE replayed_at IS NULL ORDER BY created_at")
                .query((rs, n) -> new DeadLetter(
                        rs.getObject("id", UUID.class),
                        rs.getString("employee_id"),
                        rs.getString("target"),
                        rs.getString("reason"),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Asks for delivery again; replaying an already replayed letter changes nothing. */
    @Transactional
    public Optional<Boolean> replay(UUID id, String actor) {
        record Row(String employeeId, @Nullable Timestamp replayedAt) {}
        Optional<Row> row = jdbc.sql("SELECT employee_id, replayed_at FROM dead_letter WHERE id = ? FOR UPDATE")
                .param(id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getTimestamp(2)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().replayedAt() != null) {
            return Optional.of(false);
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE dead_letter SET replayed_at = ?, replayed_by = ? WHERE id = ?")
                .params(Timestamp.from(now), actor, id)
                .update();
        queue.request(EmployeeId.of(row.get().employeeId()), now);
        audit.append(new AuditRecord(
                actor,
                "delivery.replayed",
                "dead-letter",
                id.toString(),
                row.get().employeeId(),
                null,
                null,
                "dead letter replayed by " + actor,
                null));
        return Optional.of(true);
    }

    /**
     * Replays each of the dead letters (in one transaction, each audited); ids that are unknown or already
     * replayed are reported as such and change nothing.
     */
    @Transactional
    public List<Replay> replay(List<UUID> ids, String actor) {
        return ids.stream()
                .distinct()
                .map(id -> new Replay(
                        id,
                        replay(id, actor)
                                .map(done -> done ? ReplayOutcome.REPLAYED : ReplayOutcome.ALREADY_REPLAYED)
                                .orElse(ReplayOutcome.NOT_FOUND)))
                .toList();
    }

    /** Replays every open dead letter of the target. */
    @Transactional
    public List<Replay> replayTarget(String target, String actor) {
        List<UUID> ids = jdbc.sql("SELECT id FROM dead_letter WHERE target = ? AND replayed_at IS NULL "
                        + "ORDER BY created_at FOR UPDATE")
                .param(target)
                .query(UUID.class)
                .list();
        return replay(ids, actor);
    }

    /** What replaying one dead letter did. */
    public enum ReplayOutcome {
        REPLAYED,
        ALREADY_REPLAYED,
        NOT_FOUND
    }

    /** The outcome of replaying one dead letter. */
    public record Replay(UUID id, ReplayOutcome outcome) {}

    /** A failed delivery waiting for an operator. */
    public record DeadLetter(
            UUID id,
            String employeeId,
            String target,
            String reason,
            int attempts,
            String lastError,
            Instant createdAt) {}
}
