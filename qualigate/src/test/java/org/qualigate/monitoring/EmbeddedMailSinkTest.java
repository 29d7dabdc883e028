package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class EmbeddedMailSinkTest {

    @Test
    void keepsWhatWasSentForTheOutbox() {
        GreenMail smtp = EmbeddedMailSink.start(0, "127.0.0.1");
        try {
            var sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(smtp.getSmtp().getPort());
            var message = new SimpleMailMessage();
            message.setFrom("qualigate@localhost");
            message.setTo("qa-operations@plant.example");
            message.setSubject("[Qualigate] delivery DEGRADED");
            message.setText("the circuit breaker of target mes is OPEN");
            sender.send(message);

            assertThat(EmbeddedMailSink.read(smtp)).singleElement().satisfies(mail -> {
                assertThat(mail.to()).containsExactly("qa-operations@plant.example");
                assertThat(mail.subject()).isEqualTo("[Qualigate] delivery DEGRADED");
                assertThat(mail.body()).contains("circuit breaker of target mes is OPEN");
            });
        } finally {
            smtp.stop();
        }
    }
}
