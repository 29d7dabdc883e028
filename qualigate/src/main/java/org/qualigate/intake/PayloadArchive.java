package org.qualigate.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Map;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The archive of raw inbound payloads: every payload is kept with its SHA-256 for the retention period
 * ({@code qualigate.archive.retention}, 7 years by default), then its body is purged — the row, its hash,
 * what became of it and the evidence that links to it stay — with an audit entry for each purge.
 */
@Component
class PayloadArchive {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Period retention;

    public PayloadArchive(
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            @Value("${qualigate.archive.retention:P7Y}") Period retention) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.retention = retention;
    }

    // Transactional here too: called from within this bean, purgeExpired's own annotation is not applied, and the
    // purge would commit without its audit entry.
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${qualigate.archive.purge-interval:PT24H}")
    @Transactional
    public void scheduledPurge() {
        purgeExpired();
    }

    /** Purges the bodies of payloads received before the retention period; returns how many. */
    @Transactional
    public int purgeExpired() {
        Instant cutoff =
                clock.instant().atOffset(ZoneOffset.UTC).minus(retention).toInstant();
        int purged = jdbc.sql("UPDATE inbound_event SET body = ''::bytea, fields = NULL, purged_at = ? "
                        + "WHERE received_at < ? AND purged_at IS NULL")
                .params(Timestamp.from(clock.instant()), Timestamp.from(cutoff))
                .update();
        if (purged > 0) {
            audit.append(new AuditRecord(
                    "system",
                    "archive.purged",
                    "inbound-event",
                    "before " + cutoff,
                    null,
                    null,
                    Map.of("payloads", purged, "receivedBefore", cutoff.toString(), "retention", retention.toString()),
                    "retention period of " + retention + " ended; hashes and outcomes are kept",
                    null));
        }
        return purged;
    }
}
