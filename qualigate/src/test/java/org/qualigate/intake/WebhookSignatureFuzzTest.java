package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qualigate.validation.Verifies;

/** Fuzzing of the Standard Webhooks signature check with attacker-controlled headers and body. */
class WebhookSignatureFuzzTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final WebhookSignature SIGNATURES = new WebhookSignature(List.of(SECRET));
    private static final Instant NOW = Instant.ofEpochSecond(1614265330L);

    @Verifies({"URS-DEV-001", "URS-TIM-002", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyHeadersAreRefusedWithAReasonUnlessSignedWithTheSecret(
            @NotNull String id, @NotNull String timestamp, @NotNull String signature, byte @NotNull [] body) {
        WebhookSignature.Verification v = SIGNATURES.verify(id, timestamp, signature, body, NOW);

        assertThat(v.reason()).isNotBlank();
        if (v.valid()) {
            long ts = Long.parseLong(timestamp.strip());
            assertThat(signature).contains(WebhookSignature.sign(SECRET, id, ts, body));
            assertThat(Math.abs(ts - NOW.getEpochSecond())).isLessThanOrEqualTo(300);
        }
    }

    /**
     * The seeds of {@link #anyHeadersAreRefusedWithAReasonUnlessSignedWithTheSecret}, by name: a message signed
     * with the secret, then what an attacker or a clock gone wrong sends. Jazzer keeps several parameters in
     * its own binary form; {@code FuzzSeedFiles} writes these into the seed folder and checks them there.
     */
    static Map<String, Object[]> anyHeadersAreRefusedWithAReasonUnlessSignedWithTheSecretSeeds() {
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        long now = NOW.getEpochSecond();
        byte[] body = ("{\"eventType\":\"certification.completed\",\"employeeId\":\"E10023\",\"certificationId\":"
                        + "\"WD-CERT-4411\",\"level\":2,\"completedOn\":\"2026-11-20\",\"sourceRecordId\":\"TR-12345\","
                        + "\"sourceVersion\":3}")
                .getBytes(StandardCharsets.UTF_8);
        String signed = WebhookSignature.sign(SECRET, id, now, body);
        Map<String, Object[]> seeds = new LinkedHashMap<>();
        seeds.put("signed-with-the-secret", new Object[] {id, Long.toString(now), signed, body});
        seeds.put("one-of-several-signatures", new Object[] {
            id, Long.toString(now), "v1,bm90LXRoZS1zaWduYXR1cmU= " + signed + " v1a,c29tZS1lZDI1NTE5", body
        });
        seeds.put("signed-with-another-secret", new Object[] {
            id,
            Long.toString(now),
            WebhookSignature.sign("whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tMTIz", id, now, body),
            body
        });
        seeds.put(
                "signed-six-minutes-ago",
                new Object[] {id, Long.toString(now - 360), WebhookSignature.sign(SECRET, id, now - 360, body), body});
        seeds.put(
                "signed-six-minutes-ahead",
                new Object[] {id, Long.toString(now + 360), WebhookSignature.sign(SECRET, id, now + 360, body), body});
        seeds.put(
                "signed-exactly-five-minutes-ago",
                new Object[] {id, Long.toString(now - 300), WebhookSignature.sign(SECRET, id, now - 300, body), body});
        seeds.put("body-changed-after-signing", new Object[] {
            id, Long.toString(now), signed, "{\"eventType\":\"certification.revoked\"}".getBytes(StandardCharsets.UTF_8)
        });
        seeds.put("timestamp-in-milliseconds", new Object[] {id, now + "000", signed, body});
        seeds.put("timestamp-not-a-number", new Object[] {id, "2021-02-25T15:02:10Z", signed, body});
        seeds.put("no-message-id", new Object[] {"", Long.toString(now), signed, body});
        seeds.put("signature-without-version", new Object[] {id, Long.toString(now), signed.substring(3), body});
        return seeds;
    }

    @Verifies({"URS-DEV-001", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void whatIsSignedWithTheSecretVerifiesAndAnyChangeOfTheBodyDoesNot(
            @NotNull String id, long secondsAfterEpoch, byte @NotNull [] body) {
        long ts = Math.floorMod(secondsAfterEpoch, 4_102_444_800L);
        String signature = WebhookSignature.sign(SECRET, id, ts, body);
        if (id.isBlank()) {
            assertThat(SIGNATURES
                            .verify(id, Long.toString(ts), signature, body, Instant.ofEpochSecond(ts))
                            .reason())
                    .isEqualTo("missing webhook-id header");
            return;
        }

        assertThat(SIGNATURES
                        .verify(id, Long.toString(ts), signature, body, Instant.ofEpochSecond(ts))
                        .valid())
                .isTrue();
        byte[] changed = java.util.Arrays.copyOf(body, body.length + 1);
        assertThat(SIGNATURES
                        .verify(id, Long.toString(ts), signature, changed, Instant.ofEpochSecond(ts))
                        .valid())
                .isFalse();
    }

    /** The seeds of {@link #whatIsSignedWithTheSecretVerifiesAndAnyChangeOfTheBodyDoesNot}, by name. */
    static Map<String, Object[]> whatIsSignedWithTheSecretVerifiesAndAnyChangeOfTheBodyDoesNotSeeds() {
        byte[] event = ("{\"eventType\":\"certification.completed\",\"employeeId\":\"E10023\","
                        + "\"certificationId\":\"WD-CERT-4411\",\"level\":2,\"completedOn\":\"2026-11-20\"}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object[]> seeds = new LinkedHashMap<>();
        seeds.put("standard-webhooks-test-vector", new Object[] {
            "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)
        });
        seeds.put("an-event", new Object[] {"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", NOW.getEpochSecond(), event});
        seeds.put("empty-body", new Object[] {"msg_empty", NOW.getEpochSecond(), new byte[0]});
        seeds.put("the-epoch", new Object[] {"msg_epoch", 0L, event});
        seeds.put("last-second-before-2100", new Object[] {"msg_2100", 4_102_444_799L, event});
        seeds.put("negative-seconds", new Object[] {"msg_negative", -1L, event});
        seeds.put("id-with-non-ascii-and-dots", new Object[] {"msg_\u00e9v\u00e9nement.1.2", NOW.getEpochSecond(), event
        });
        seeds.put("blank-id", new Object[] {" ", NOW.getEpochSecond(), event});
        return seeds;
    }
}
