package org.qualigate.monitoring;

import java.time.Instant;
import java.util.List;

/** What the demo's embedded SMTP sink has received, newest last (present only when the sink runs). */
public interface MailOutbox {

    List<Mail> messages();

    /** One received e-mail. */
    record Mail(Instant receivedAt, String from, List<String> to, String subject, String body) {}
}
