package org.qualigate.monitoring;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo's SMTP sink: a GreenMail server on {@code qualigate.mail.embedded-sink.port} (default 3025) that
 * accepts every message and keeps it in memory, readable at {@code GET /api/v1/mail/outbox}. Only with
 * {@code qualigate.mail.embedded-sink.enabled=true}; point {@code spring.mail.host/port} at it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qualigate.mail.embedded-sink.enabled", havingValue = "true")
class EmbeddedMailSink {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMailSink.class);

    @Bean(destroyMethod = "stop")
    GreenMail embeddedSmtp(
            @Value("${qualigate.mail.embedded-sink.port:3025}") int port,
            @Value("${qualigate.mail.embedded-sink.bind-address:127.0.0.1}") String bindAddress) {
        GreenMail smtp = start(port, bindAddress);
        log.info(
                "embedded SMTP sink listening on {}:{}",
                bindAddress,
                smtp.getSmtp().getPort());
        return smtp;
    }

    @Bean
    MailOutbox mailOutbox(GreenMail embeddedSmtp) {
        return () -> read(embeddedSmtp);
    }

    static GreenMail start(int port, String bindAddress) {
        ServerSetup setup = new ServerSetup(port, bindAddress, ServerSetup.PROTOCOL_SMTP);
        GreenMail smtp = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        smtp.start();
        return smtp;
    }

    static List<MailOutbox.Mail> read(GreenMail smtp) {
        List<MailOutbox.Mail> mails = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                mails.add(new MailOutbox.Mail(
                        m.getSentDate() == null
                                ? Instant.EPOCH
                                : m.getSentDate().toInstant(),
                        addresses(m.getFrom()).stream().findFirst().orElse(""),
                        addresses(m.getAllRecipients()),
                        m.getSubject() == null ? "" : m.getSubject(),
                        GreenMailUtil.getBody(m)));
            } catch (MessagingException e) {
                log.warn("could not read a message in the SMTP sink: {}", e.toString());
            }
        }
        return mails;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null
                ? List.of()
                : Arrays.stream(addresses).map(Address::toString).toList();
    }
}
