package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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
 * its next call. A pause that starts (none was in force) is audited in the same transaction.
 */
@Component
class TargetPauses implements CallPauses {

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
        return jdbc.sql("SELECT paused_until FROM target_pause WHERE target = ? AND paused_until > ?")
                .params(target, Timestamp.from(clock.instant()))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    @Override
    public void pause(String target, Instant until, String reason) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            boolean inForce = pausedUntil(target).isPresent();
            jdbc.sql("""
                            INSERT INTO target_pause (target, paused_until, reason, paused_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (target) DO UPDATE SET
                                paused_until = greatest(target_pause.paused_until, EXCLUDED.paused_until),
                                reason = EXCLUDED.reason,
                                paused_at = CASE WHEN target_pause.paused_until > ? THEN target_pause.paused_at
                                    ELSE EXCLUDED.paused_at END""")
                    .params(target, Timestamp.from(until), reason, Timestamp.from(now), Timestamp.from(now))
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
