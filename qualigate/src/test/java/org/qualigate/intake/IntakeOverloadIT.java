package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** An overload is pushed back to the sender (503 with Retry-After, nothing stored), never queued without end. */
@TestPropertySource(properties = {"qualigate.intake.max-concurrent=1", "qualigate.intake.max-wait=PT0.01S"})
class IntakeOverloadIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-BCP-005")
    @Test
    void whenIntakeIsFullTheSenderIsToldToComeBackAndNothingIsStored() throws Exception {
        String person = newPerson("SGP");
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 64; i++) {
                answers.add(senders.submit(
                        () -> hook(certification(person, "WD-CERT-1001").json())));
            }
        }
        int accepted = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 503) {
                refused++;
                assertThat(r.headers().firstValue("retry-after")).contains("1");
                assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
            } else {
                assertThat(r.statusCode()).isEqualTo(202);
                accepted++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(accepted).isPositive();
        long stored = jdbc.sql("SELECT count(*) FROM inbound_event WHERE employee_id = ?")
                .param(person)
                .query(Long.class)
                .single();
        assertThat(stored).isEqualTo(accepted);
    }
}
