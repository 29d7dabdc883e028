package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks refused for their signature are counted one by one and summarised: a flood of forged requests
 * gives a counter per source and reason, and one audit entry per source and minute saying how many came
 * from where and why, never one entry per request.
 */
class SignatureRefusalsIT extends QualigateIT {

    private static final String WRONG_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    @Autowired
    SignatureRefusals refusals;

    @Verifies("URS-SEC-031")
    @Test
    void aFloodOfForgedWebhooksIsCountedAndAuditedOncePerSourceAndMinute() {
        // whatever earlier tests left open is summarised first
        clock.advance(SignatureRefusals.WINDOW.plusSeconds(1));
        refusals.flush();
        long seenBefore = lastSeq();
        double countedBefore = counted("no matching signature");

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> forged = hook(
                    "msg_" + UUID.randomUUID(),
                    clock.instant().getEpochSecond(),
                    "{\"forged\": " + i + "}",
                    WRONG_SECRET);
            assertThat(forged.statusCode()).isEqualTo(401);
        }
        HttpResponse<String> stale = hook(
                "msg_" + UUID.randomUUID(),
                clock.instant().minus(Duration.ofHours(1)).getEpochSecond(),
                "{}",
                SECRET);
        assertThat(stale.statusCode()).isEqualTo(401);

        assertThat(counted("no matching signature") - countedBefore).isEqualTo(50.0);
        assertThat(summaries(seenBefore))
                .as("nothing audited while the minute runs")
                .isEmpty();

        clock.advance(SignatureRefusals.WINDOW.plusSeconds(1));
        refusals.flush();
        refusals.flush();

        JsonNode summaries = summaries(seenBefore);
        assertThat(summaries).hasSize(1);
        JsonNode summary = summaries.get(0);
        assertThat(summary.get("actor").asString()).isEqualTo("source:hris");
        assertThat(summary.get("new").get("refused").asInt()).isEqualTo(51);
        assertThat(summary.get("new").get("addresses").get("127.0.0.1").asInt()).isEqualTo(51);
        assertThat(summary.get("new")
                        .get("reasons")
                        .get("no matching signature")
                        .asInt())
                .isEqualTo(50);
        assertThat(summary.get("new")
                        .get("reasons")
                        .get("timestamp outside tolerance")
                        .asInt())
                .isEqualTo(1);
        // a refused message is stored nowhere
        assertThat(json(get("/api/v1/review/events?limit=10000")).toString()).doesNotContain("forged");
    }

    private JsonNode summaries(long afterSeq) {
        return json(get("/api/v1/audit?entityType=source&entityId=hris&action=webhook.refused&afterSeq=" + afterSeq))
                .get("entries");
    }

    /** The newest summary's entry number (0: none yet), read newest first whatever the trail holds before it. */
    private long lastSeq() {
        JsonNode newest = auditEntries("entityType=source&entityId=hris&action=webhook.refused&limit=1");
        return newest.isEmpty() ? 0 : newest.get(0).get("seq").asLong();
    }

    private double counted(String reason) {
        String metrics = exchange(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                        .header("authorization", basic(USER))
                        .build())
                .body();
        Matcher m = Pattern.compile("qualigate_intake_signature_refused_total\\{[^}]*reason=\"" + Pattern.quote(reason)
                        + "\"[^}]*source=\"hris\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
