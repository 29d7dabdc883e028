package org.qualigate.monitoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.text.SentenceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises one alert per change of the delivery status (UP to DEGRADED and back) and e-mails it. The change
 * is a row keyed by its transition number: whichever instance inserts transition n + 1 first owns it, audits
 * it in the same transaction and sends the mail; the others see the row and stay quiet.
 */
@Component
class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    static final String MONITOR = "delivery";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final ObjectProvider<JavaMailSender> mail;
    private final MonitoringSettings settings;
    private final ApprovedParameters parameters;
    private final Clock clock;
    private final MailQueue mailQueue;
    private final String instance = "instance-" + UUID.randomUUID();

    Alerts(
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            ObjectProvider<JavaMailSender> mail,
            MonitoringSettings settings,
            ApprovedParameters parameters,
            Clock clock,
            MailQueue mailQueue) {
        this.mailQueue = mailQueue;
        this.jdbc = jdbc;
        this.parameters = parameters;
        this.audit = audit;
        this.tx = tx;
        this.mail = mail;
        this.settings = settings;
        this.clock = clock;
    }

    /** Who is alerted: the approved recipients (change control), else the configured ones; read per alert. */
    private List<String> recipients() {
        return parameters.listValue("monitoring.alert-recipients", settings.recipients());
    }

    /** The status as last raised (UP before any alert). */
    DeliveryCondition.Status current() {
        return latest().map(Transition::status).orElse(DeliveryCondition.Status.UP);
    }

    void observe(DeliveryCondition condition) {
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
        send(next, condition, before);
    }

    /**
     * Mails the alert to every recipient in the language and time zone their account reads (English in UTC for an
     * address without an account), one e-mail per language and zone; a failure is kept on the alert's row.
     */
    private void send(long transition, DeliveryCondition condition, DeliveryCondition.Status before) {
        JavaMailSender sender = mail.getIfAvailable();
        String error = null;
        if (recipients().isEmpty()) {
            error = "no alert recipients configured (qualigate.monitoring.alert-recipients)";
        } else if (sender == null) {
            error = "no mail server configured (spring.mail.host)";
        } else {
            for (Map.Entry<MailReader, List<String>> group :
                    mailQueue.readers(recipients(), SentenceWriter.UTC).entrySet()) {
                MailReader reader = group.getKey();
                try {
                    AlertLetter.send(
                            sender,
                            settings.sender(),
                            group.getValue(),
                            reader.text(
                                    condition.status() == DeliveryCondition.Status.DEGRADED
                                            ? "mail.alert.subject.degraded"
                                            : "mail.alert.subject.up"),
                            AlertLetter.body(reader, transition, condition, before));
                } catch (Exception e) {
                    error = "sending failed: " + e;
                    log.warn("could not send the alert e-mail for transition {}: {}", transition, e.toString());
                }
            }
        }
        jdbc.sql("UPDATE monitoring_alert SET sent_at = ?, send_error = ? WHERE monitor = ? AND transition = ?")
                .params(error == null ? Timestamp.from(clock.instant()) : null, error, MONITOR, transition)
                .update();
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
