package org.qualigate.monitoring;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.qualigate.intake.SourceAlert;
import org.qualigate.settings.ApprovedParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Mails every {@link SourceAlert} (a read refused as a whole, removals held back) to the alert recipients. The
 * change that caused it is already audited by its source; a mail that cannot be sent is logged, never retried
 * into a second alert.
 */
@Component
class SourceAlertMail {

    private static final Logger log = LoggerFactory.getLogger(SourceAlertMail.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final MonitoringSettings settings;
    private final ApprovedParameters parameters;

    SourceAlertMail(ObjectProvider<JavaMailSender> mail, MonitoringSettings settings, ApprovedParameters parameters) {
        this.mail = mail;
        this.settings = settings;
        this.parameters = parameters;
    }

    @EventListener
    void on(SourceAlert alert) {
        log.warn("source {}: {} — {}", alert.source(), alert.subject(), alert.detail());
        List<String> to = parameters.listValue("monitoring.alert-recipients", settings.recipients());
        JavaMailSender sender = mail.getIfAvailable();
        if (to.isEmpty() || sender == null) {
            log.warn("source alert not mailed: no alert recipients or no mail server configured");
            return;
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper m = new MimeMessageHelper(message, "UTF-8");
            m.setFrom(settings.sender());
            m.setTo(to.toArray(String[]::new));
            m.setSubject("[Qualigate] " + alert.source() + ": " + alert.subject());
            m.setText(alert.detail() + "\n\nDetails: GET /api/v1/sources and the audit trail (entity source/"
                    + alert.source() + ").\n");
            sender.send(message);
        } catch (Exception e) {
            log.warn("could not send the source alert for {}: {}", alert.source(), e.toString());
        }
    }
}
