package org.qualigate.notify;

import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.jobs.Backoff;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued e-mails ({@link MailQueue}: notices to people and alerts) through SMTP. A notice is leased before it is sent (so two instances never send the
 * same one at once) and marked sent, with an audit entry, right after the server accepted it. If the
 * process dies between the two, the lease runs out and the notice is sent again with the same
 * Message-ID: a notice may, rarely, arrive twice; it is never lost.
 */
@Component
public class NoticeMailer {

    private static final Logger log = LoggerFactory.getLogger(NoticeMailer.class);
    private static final int BATCH = 50;
    private static final int MAX_ATTEMPTS = 10;

    /** From 5 s, doubling, at most 10 minutes. */
    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    private static final Duration LEASE = Duration.ofMinutes(2);

    /**
     * A notice is leased by its status ({@code SENDING}, counting the attempt as it is taken) and claimable while
     * pending or while its sending lease ran out; sent and failed notices stay in the table as its record. Due
     * notices go out in the order they were queued (V52).
     */
    static final QueueTable NOTICES = QueueTable.of("notice", "id")
            .orderedBy("due_at, queued")
            .leasedBy("status = 'SENDING', attempts = attempts + 1")
            .claimableWhen("(status = 'PENDING' OR (status = 'SENDING' AND lease_until < :now))");

    private final LeasedQueue queue;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectProvider<JavaMailSender> mail;
    private final String from;
    private volatile boolean warnedNoSmtp;

    public NoticeMailer(
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            ObjectProvider<JavaMailSender> mail,
            @Value("${qualigate.notices.from:qualigate@localhost}") String from) {
        this.jdbc = jdbc;
        this.queue = new LeasedQueue(jdbc, clock, NOTICES);
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.mail = mail;
        this.from = from;
    }

    @Scheduled(fixedDelayString = "${qualigate.notices.poll-interval:PT1S}")
    public void poll() {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            if (!warnedNoSmtp) {
                log.warn("no SMTP server configured (spring.mail.host): notices stay queued until one is");
                warnedNoSmtp = true;
            }
            return;
        }
        List<Due> due;
        while (!(due = lease()).isEmpty()) {
            due.forEach(n -> send(sender, n));
            if (due.size() < BATCH) {
                return;
            }
        }
    }

    private List<Due> lease() {
        return queue
                .claim(
                        BATCH,
                        LEASE,
                        "id, employee_id, recipients, subject, body, attempts, queued",
                        (rs, i) -> new Due(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getInt(6),
                                rs.getLong(7)),
                        Map.of())
                .stream()
                // an UPDATE … RETURNING returns its rows in no promised order
                .sorted(java.util.Comparator.comparingLong(Due::queued))
                .toList();
    }

    private void send(JavaMailSender sender, Due n) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
            helper.setFrom(from);
            helper.setTo(n.recipients().split(",\\s*"));
            helper.setSubject(n.subject());
            helper.setText(n.body());
            message.saveChanges();
            message.setHeader("Message-ID", "<notice-" + n.id() + "@qualigate>");
            sender.send(message);
            finish(n, "SENT", null, "notice.sent");
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (n.attempts() >= MAX_ATTEMPTS) {
                finish(n, "FAILED", error, "notice.failed");
            } else {
                log.info("notice {} not sent (attempt {}), will retry: {}", n.id(), n.attempts(), error);
                Instant retry = clock.instant().plus(RETRY.after(n.attempts()));
                jdbc.sql("UPDATE notice SET status = 'PENDING', lease_until = NULL, due_at = ?, last_error = ? "
                                + "WHERE id = ? AND status = 'SENDING'")
                        .params(Timestamp.from(retry), error, n.id())
                        .update();
            }
        }
    }

    private void finish(Due n, String status, String error, String action) {
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("UPDATE notice SET status = ?, lease_until = NULL, last_error = ?, sent_at = ? "
                            + "WHERE id = ? AND status = 'SENDING'")
                    .params(status, error, status.equals("SENT") ? Timestamp.from(clock.instant()) : null, n.id())
                    .update();
            if (updated == 1) {
                audit.append(new AuditRecord(
                        "system",
                        action,
                        "notice",
                        n.id().toString(),
                        n.employeeId(),
                        null,
                        Map.of("status", status, "recipients", n.recipients(), "subject", n.subject()),
                        error == null ? "sent to " + n.recipients() : error,
                        null));
            }
        });
    }

    private record Due(
            UUID id,
            @Nullable String employeeId,
            String recipients,
            String subject,
            String body,
            int attempts,
            long queued) {}
}
