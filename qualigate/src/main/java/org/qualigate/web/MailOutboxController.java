package org.qualigate.web;

import java.util.List;
import org.qualigate.monitoring.MailOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The demo's sent mail: what the embedded SMTP sink received (alerts), for authenticated users. */
@RestController
@RequestMapping("/api/v1/mail")
class MailOutboxController {

    private final ObjectProvider<MailOutbox> outbox;

    MailOutboxController(ObjectProvider<MailOutbox> outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/outbox")
    ResponseEntity<?> outbox() {
        MailOutbox sink = outbox.getIfAvailable();
        if (sink == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.problem(
                            HttpStatus.NOT_FOUND,
                            "no-mail-sink",
                            "No embedded mail sink",
                            "mail goes to the configured SMTP server; the outbox exists only with "
                                    + "qualigate.mail.embedded-sink.enabled=true"));
        }
        List<MailOutbox.Mail> mails = sink.messages();
        return ResponseEntity.ok(mails);
    }
}
