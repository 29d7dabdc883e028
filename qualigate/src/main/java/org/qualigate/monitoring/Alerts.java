package org.qualigate.monitoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.text.Sentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each change of the delivery status (UP to DEGRADED and back) and raises or clears the alert of delivery's
 * health through the correlated alerts (decision 0075). The change is a row keyed by its transition number:
 * whichever instance inserts transition n + 1 first owns it and audits it in the same transaction; the others see the
 * row and stay quiet.
 */
@Component
class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    static final String MONITOR = "delivery";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final MonitoringSettings settings;
    private final ApprovedParameters parameters;
    private final Clock clock;
    private final CorrelatedAlerts correlated;
    private final String instance = "instance-" + UUID.randomUUID();

    Alerts(
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            MonitoringSettings settings,
            ApprovedParameters parameters,
            Clock clock,
            CorrelatedAlerts correlated) {
        this.jdbc = jdbc;
        this.parameters = parameters;
        this.audit = audit;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
        this.correlated = correlated;
    }

    /** Who is alerted: the approved recipients (change control), else the configured ones; read per alert. */
    private List<String> recipients() {
        return parameters.listValue("monitoring.alert-recipients", settings.recipients());
    }

    /** The status as last raised (UP before any alert). */
    DeliveryCondition.Status current() {
        return latest().map(Transition::status).orElse(DeliveryCondition.Status.UP);
    }

    /**
     * Records a change of the delivery status and, unless targets that are out explain it (their own alerts speak
     * for them), raises or clears the one alert of delivery's health (decision 0075).
     */
    void observe(DeliveryCondition condition, Set<String> targetsOut) {
        Optional<Transition> latest = latest();
        DeliveryCondition.Status before = latest.map(Transition::status).orElse(DeliveryCondition.Status.UP);
        if (before == condition.status()) {
            return;
        }
        long next = latest.map(Transition::number).orElse(0L) + 1;
        String reasons = condition.reasons().isEmpty()
                ? "every check is within its limit again"
                : String.join("; ", condition.reasons());
        String recipients = String.join(", ", recipients());
        Instant now = clock.instant();
        Boolean owned = tx.execute(s -> {
            int inserted = jdbc.sql("""
                            INSERT INTO monitoring_alert (monitor, transition, status, reasons, raised_at, raised_by,
                                recipients)
                            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(
                            MONITOR,
                            next,
                            condition.status().name(),
                            reasons,
                            Timestamp.from(now),
                            instance,
                            recipients)
                    .update();
            if (inserted == 1) {
                var oldValue = new LinkedHashMap<String, Object>();
                oldValue.put("status", before.name());
                var newValue = new LinkedHashMap<String, Object>();
                newValue.put("status", condition.status().name());
                newValue.put("transition", next);
                newValue.put("recipients", recipients());
                audit.append(new AuditRecord(
                        "system", "monitoring.alert", "monitor", MONITOR, null, oldValue, newValue, reasons, null));
            }
            return inserted == 1;
        });
        if (!Boolean.TRUE.equals(owned)) {
            return;
        }
        if (condition.status() == DeliveryCondition.Status.DEGRADED) {
            log.warn("delivery is DEGRADED (transition {}): {}", next, reasons);
        } else {
            log.info("delivery is UP again (transition {})", next);
        }
        if (condition.status() == DeliveryCondition.Status.UP) {
            correlated.cleared(AlertCause.delivery(), Sentence.of("mail.correlated.delivery-recovered"));
        } else if (explainedByTargets(condition, targetsOut)) {
            log.info("delivery DEGRADED is explained by the alerts of targets {}", targetsOut);
        } else {
            DeliveryCondition.Status was = before;
            correlated.occurred(
                    AlertCause.delivery(),
                    List.of("transition-" + next),
                    reasons,
                    r -> AlertLetter.body(r, next, condition, was));
        }
    }

    /**
     * A degraded delivery is one root cause with a target that is out when every reason follows from it: the
     * breaker, the error rate, the latency, the oldest waiting change and the probe do; the audit sealer does not.
     */
    static boolean explainedByTargets(DeliveryCondition condition, Set<String> targetsOut) {
        return !targetsOut.isEmpty()
                && condition.said().stream().noneMatch(s -> s.key().equals("health.seal-lag"));
    }

    private Optional<Transition> latest() {
        return jdbc.sql("SELECT transition, status FROM monitoring_alert WHERE monitor = ? "
                        + "ORDER BY transition DESC LIMIT 1")
                .param(MONITOR)
                .query((rs, n) -> new Transition(rs.getLong(1), DeliveryCondition.Status.valueOf(rs.getString(2))))
                .optional();
    }

    private record Transition(long number, DeliveryCondition.Status status) {}
}
