package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.time.Instant;
import java.util.List;
import org.qualigate.validation.Verifies;

/** Fuzzing of the Standard Webhooks signature check with attacker-controlled headers and body. */
class WebhookSignatureFuzzTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final WebhookSignature SIGNATURES = new WebhookSignature(List.of(SECRET));

    @Verifies({"URS-DEV-001", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyHeadersAreRefusedWithAReasonUnlessSignedWithTheSecret(
            @NotNull String id, @NotNull String timestamp, @NotNull String signature, byte @NotNull [] body) {
        WebhookSignature.Verification v =
                SIGNATURES.verify(id, timestamp, signature, body, Instant.ofEpochSecond(1614265330L));

        assertThat(v.reason()).isNotBlank();
        if (v.valid()) {
            long ts = Long.parseLong(timestamp.strip());
            assertThat(signature).contains(WebhookSignature.sign(SECRET, id, ts, body));
        }
    }

    @Verifies({"URS-DEV-001", "URS-TIM-002"})
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
}
