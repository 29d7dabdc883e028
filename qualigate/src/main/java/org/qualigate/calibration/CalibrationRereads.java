package org.qualigate.calibration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The QMS's {@code equipment.calibration-changed} webhook, acted on: the instrument it names is read again from both
 * systems. The request is kept in the intake's transaction, so it is never lost; the next poll runs one comparison
 * (the adapters read each system whole) and marks every request made before that comparison started done by it. A
 * comparison that fails leaves them waiting for the next poll. Without a comparison configured they wait, visibly.
 */
@Component
public class CalibrationRereads {

    private static final Logger log = LoggerFactory.getLogger(CalibrationRereads.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ObjectProvider<CalibrationComparison> comparison;
    private final Clock clock;

    CalibrationRereads(
            JdbcClient jdbc, AuditTrail audit, ObjectProvider<CalibrationComparison> comparison, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.comparison = comparison;
        this.clock = clock;
    }

    /** The QMS said the instrument's calibration changed ({@code eventId}: the stored event). In the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void request(@Nullable String site, String assetNumber, UUID eventId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO calibration_reread (id, site, asset_number, event_id, requested_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(id, site, assetNumber, eventId, Timestamp.from(clock.instant()))
                .update();
        audit.append(new AuditRecord(
                CalibrationComparison.ACTOR,
                "calibration.reread-requested",
                "calibration-record",
                (site == null ? "" : site + ":") + assetNumber,
                null,
                null,
                Map.of("event", eventId.toString()),
                "the QMS announced a change of " + assetNumber + "'s calibration: both systems are read again",
                eventId.toString()));
    }

    /** Runs one comparison when re-reads wait; returns how many it answered. */
    public int drain() {
        CalibrationComparison c = comparison.getIfAvailable();
        if (c == null) {
            return 0;
        }
        Instant started = clock.instant();
        List<UUID> waiting = jdbc.sql(
                        "SELECT id FROM calibration_reread WHERE done_at IS NULL AND requested_at <= ? LIMIT 10000")
                .param(Timestamp.from(started))
                .query(UUID.class)
                .list();
        if (waiting.isEmpty()) {
            return 0;
        }
        CalibrationRun run = c.compare("WEBHOOK", CalibrationComparison.ACTOR);
        if (run.error() != null) {
            return 0;
        }
        return jdbc.sql("UPDATE calibration_reread SET done_at = ?, run_id = ? WHERE id = ANY(?) AND done_at IS NULL")
                .params(Timestamp.from(clock.instant()), run.id(), waiting.toArray(UUID[]::new))
                .update();
    }

    @Scheduled(fixedDelayString = "${qualigate.calibration.poll-interval:PT2S}")
    void poll() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.error("calibration re-read failed", e);
        }
    }
}
