package org.qualigate.monitoring;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.qualigate.intake.SourceAlert;
import org.qualigate.intake.SourceRecovered;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.text.Sentence;
import org.qualigate.text.SentenceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Tells of every {@link SourceAlert}. A read refused as a whole (source unavailable, schema drift, the directory
 * refused) is an occurrence of the source's one alert (decision 0075), cleared with one all-clear when the source
 * is read completely again ({@link SourceRecovered}). Removals held back wait for an operator's decision at one site,
 * once per hold, so they are mailed straight to the alert recipients, each in the language and time zone of their
 * account (decision 0047); the source module's own account of what happened is quoted as it recorded it. The change
 * that caused either is already audited by its source; a mail that cannot be sent is logged, never retried into a
 * second alert.
 */
@Component
class SourceAlertMail {

    private static final Logger log = LoggerFactory.getLogger(SourceAlertMail.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final MonitoringSettings settings;
    private final ApprovedParameters parameters;
    private final MailQueue mailQueue;
    private final CorrelatedAlerts correlated;

    SourceAlertMail(
            ObjectProvider<JavaMailSender> mail,
            MonitoringSettings settings,
            ApprovedParameters parameters,
            MailQueue mailQueue,
            CorrelatedAlerts correlated) {
        this.correlated = correlated;
        this.mailQueue = mailQueue;
        this.mail = mail;
        this.settings = settings;
        this.parameters = parameters;
    }

    @EventListener
    void on(SourceAlert alert) {
        log.warn("source {}: {} — {}", alert.source(), alert.subject(), alert.detail());
        if (!alert.subjectSaid().key().equals("mail.source-alert.removals-held")) {
            correlated.occurred(
                    AlertCause.source(alert.source()),
                    List.of(UUID.randomUUID().toString()),
                    alert.subject() + ": " + alert.detail(),
                    r -> r.say(alert.subjectSaid()) + "\n"
                            + AlertLetter.sourceBody(r, alert.source(), alert.detailSaid()));
            return;
        }
        List<String> to = parameters.listValue("monitoring.alert-recipients", settings.recipients());
        JavaMailSender sender = mail.getIfAvailable();
        if (to.isEmpty() || sender == null) {
            log.warn("source alert not mailed: no alert recipients or no mail server configured");
            return;
        }
        for (Map.Entry<MailReader, List<String>> group :
                mailQueue.readers(to, SentenceWriter.UTC).entrySet()) {
            MailReader reader = group.getKey();
            try {
                AlertLetter.send(
                        sender,
                        settings.sender(),
                        group.getValue(),
                        reader.say(Sentence.of("mail.source-alert.subject", alert.source(), alert.subjectSaid())),
                        AlertLetter.sourceBody(reader, alert.source(), alert.detailSaid()));
            } catch (Exception e) {
                log.warn("could not send the source alert for {}: {}", alert.source(), e.toString());
            }
        }
    }

    @EventListener
    void on(SourceRecovered recovered) {
        correlated.cleared(
                AlertCause.source(recovered.source()),
                Sentence.of("mail.correlated.source-recovered", recovered.source()));
    }
}
