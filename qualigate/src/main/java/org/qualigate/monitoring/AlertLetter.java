package org.qualigate.monitoring;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.qualigate.notify.MailReader;
import org.qualigate.text.Sentence;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * The words of the e-mails sent straight to the alert recipients, from the message bundles ({@code mail.alert.*},
 * {@code mail.source-alert.*}), in each recipient's language and time zone (decision 0047). What a source or a
 * probe answered is quoted as it came.
 */
final class AlertLetter {

    private AlertLetter() {}

    /** A change of the delivery status: why, the figures of the window, each target and the last probe. */
    static String body(MailReader r, long transition, DeliveryCondition c, DeliveryCondition.Status before) {
        var b = new StringBuilder();
        b.append(r.text("mail.alert.changed", status(r, before), status(r, c.status()), transition))
                .append("\n\n");
        String why = c.said().isEmpty()
                ? r.text("mail.alert.all-well")
                : c.said().stream().map(r::say).collect(Collectors.joining(" "));
        b.append(r.text("mail.alert.why", why)).append("\n\n");
        var s = c.snapshot();
        b.append(r.text("mail.alert.backlog", s.backlog(), s.deadLetters())).append('\n');
        b.append(r.text("mail.alert.latency", s.latencyP99().toMillis() / 1000.0))
                .append('\n');
        b.append(r.text("mail.alert.error-rate", s.errorRate() * 100, s.recentAttempts()))
                .append('\n');
        s.targets()
                .forEach(t -> b.append(r.text(
                                "mail.alert.target",
                                t.name(),
                                r.text("dashboard.breaker."
                                        + t.breaker()
                                                .toLowerCase(java.util.Locale.ROOT)
                                                .replace('_', '-')),
                                t.backlog(),
                                t.due(),
                                t.deadLetters()))
                        .append('\n'));
        c.probe()
                .ifPresent(p -> b.append(
                                p.succeeded()
                                        ? r.text(
                                                "mail.alert.probe.ok",
                                                p.latency().toMillis() / 1000.0,
                                                r.at(p.at()))
                                        : r.say(Sentence.of("mail.alert.probe.failed", p.detail(), p.at())))
                        .append('\n'));
        b.append('\n').append(r.text("mail.alert.details")).append('\n');
        return b.toString();
    }

    /** A source's alert in the reader's words: what happened and where to look, the source's own words quoted. */
    static String sourceBody(MailReader r, String source, Sentence detail) {
        return r.say(Sentence.of("mail.source-alert.body", source, detail)) + "\n";
    }

    /** How a cause is said: "target mes", "batch B1 of material MAT-1", "room BSL-FILL-1". */
    static String cause(MailReader r, AlertCause cause) {
        return r.text("alert.cause." + cause.kind(), cause.subject());
    }

    /** An alert opened: its cause, since when, how many so far, the first occurrences, and what follows. */
    static MailReader.Letter opened(
            MailReader r, AlertCause cause, Instant firstSeen, int count, String about, Duration updateEvery) {
        String said = cause(r, cause);
        return new MailReader.Letter(
                r.text("mail.correlated.opened.subject", said),
                r.text("mail.correlated.opened.body", said, r.at(firstSeen), count) + "\n\n" + about + "\n\n"
                        + r.text("mail.correlated.quiet", updateEvery.toMinutes()) + "\n\n"
                        + r.text("mail.correlated.details") + "\n");
    }

    /** An open alert's count grew: how many since when, the last just now. */
    static MailReader.Letter update(MailReader r, AlertCause cause, Instant firstSeen, Instant lastSeen, int count) {
        String said = cause(r, cause);
        return new MailReader.Letter(
                r.text("mail.correlated.update.subject", said, count),
                r.text("mail.correlated.update.body", said, count, r.at(firstSeen), r.at(lastSeen)) + "\n\n"
                        + r.text("mail.correlated.details") + "\n");
    }

    /** The cause has cleared: how many occurrences the alert counted between its first and last, and why now. */
    static MailReader.Letter cleared(MailReader r, AlertCause cause, AlertView a, Instant at, String why) {
        String said = cause(r, cause);
        return new MailReader.Letter(
                r.text("mail.correlated.cleared.subject", said),
                r.text(
                                "mail.correlated.cleared.body",
                                said,
                                r.at(at),
                                a.occurrences(),
                                r.at(a.firstSeen()),
                                r.at(a.lastSeen()))
                        + "\n\n" + why + "\n\n" + r.text("mail.correlated.details") + "\n");
    }

    /** One plain-text e-mail, UTF-8, to one group of readers. */
    static void send(JavaMailSender sender, String from, List<String> to, String subject, String body)
            throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper m = new MimeMessageHelper(message, "UTF-8");
        m.setFrom(from);
        m.setTo(to.toArray(String[]::new));
        m.setSubject(subject);
        m.setText(body);
        sender.send(message);
    }

    private static String status(MailReader r, DeliveryCondition.Status status) {
        return r.text("mail.alert.status." + status.name());
    }
}
