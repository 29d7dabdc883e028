package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.CallPauses;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link CallPauses} in PostgreSQL ({@code target_pause}), so that every worker of every instance sees a pause at
 * its next call. A pause that starts (none was in force) is audited in the same transaction. A pause is in force
 * from the moment it was taken until its end: one recorded at a later moment than this instance's now (a clock set
 * back) does not hold calls for the whole difference.
 */
@Component
class TargetPauses implements CallPauses {

    /** How far another instance's clock may run ahead of this one's for its pause still to count. */
    static final Duration SKEW = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    TargetPauses(JdbcClient jdbc, AuditTrail audit, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Optional<Instant> pausedUntil(String target) {
        Instant now = clock.instant();
        return jdbc.sql(
                        "SELECT paused_until FROM target_pause WHERE target = ? AND paused_at <= ? AND paused_until > ?")
                .params(target, Timestamp.from(now.plus(SKEW)), Timestamp.from(now))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    @Override
    public void pause(String target, Instant requestedUntil, String reason) {
        // PostgreSQL keeps microseconds and rounds the rest: store and audit the one value it will give back
        Instant until = requestedUntil.truncatedTo(ChronoUnit.MICROS);
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            boolean inForce = pausedUntil(target).isPresent();
            Timestamp at = Timestamp.from(now);
            Timestamp skewed = Timestamp.from(now.plus(SKEW));
            jdbc.sql("""
                            INSERT INTO target_pause (target, paused_until, reason, paused_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (target) DO UPDATE SET
                                paused_until = CASE WHEN target_pause.paused_at <= ? AND target_pause.paused_until > ?
                                    THEN greatest(target_pause.paused_until, EXCLUDED.paused_until)
                                    ELSE EXCLUDED.paused_until END,
                                paused_at = CASE WHEN target_pause.paused_at <= ? AND target_pause.paused_until > ?
                                    THEN target_pause.paused_at ELSE EXCLUDED.paused_at END,
                                reason = EXCLUDED.reason""")
                    .params(target, Timestamp.from(until), reason, at, skewed, at, skewed, at)
                    .update();
            if (!inForce) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("pausedUntil", until.toString());
                audit.append(
                        new AuditRecord("system", "target.paused", "target", target, null, null, value, reason, null));
            }
        });
    }
}
