package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qualigate.validation.Verifies;

class WebhookSignatureTest {

    // The Standard Webhooks test vector.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String NEXT_SECRET = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tMTIz";
    private static final Instant SENT = Instant.ofEpochSecond(TIMESTAMP);

    private final WebhookSignature signatures = new WebhookSignature(List.of(SECRET));

    private WebhookSignature.Verification verify(String signatureHeader, Instant now) {
        return signatures.verify(ID, Long.toString(TIMESTAMP), signatureHeader, BODY, now);
    }

    @Verifies("URS-DEV-001")
    @Test
    void signsTheStandardWebhooksTestVector() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Verifies("URS-DEV-001")
    @Test
    void acceptsTheStandardWebhooksTestVector() {
        WebhookSignature.Verification verification = verify(SIGNATURE, SENT);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.reason()).isEqualTo("valid signature");
    }

    @Verifies("URS-DEV-001")
    @Test
    void refusesATamperedBody() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertThat(signatures.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, tampered, SENT))
                .isEqualTo(new WebhookSignature.Verification(false, "no matching signature"));
    }

    @Verifies("URS-DEV-001")
    @Test
    void refusesAnotherMessageId() {
        assertThat(signatures
                        .verify("msg_other", Long.toString(TIMESTAMP), SIGNATURE, BODY, SENT)
                        .reason())
                .isEqualTo("no matching signature");
    }

    @Verifies("URS-DEV-001")
    @Test
    void refusesATimestampOtherThanTheSignedOne() {
        assertThat(signatures
                        .verify(ID, Long.toString(TIMESTAMP + 1), SIGNATURE, BODY, SENT)
                        .reason())
                .isEqualTo("no matching signature");
    }

    @Verifies("URS-TIM-002")
    @Test
    void acceptsATimestampUpToFiveMinutesOldButNotOlder() {
        assertThat(verify(SIGNATURE, SENT.plus(Duration.ofMinutes(5))).valid()).isTrue();

        WebhookSignature.Verification stale =
                verify(SIGNATURE, SENT.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(stale.valid()).isFalse();
        assertThat(stale.reason()).isEqualTo("timestamp outside tolerance");
    }

    @Verifies("URS-TIM-002")
    @Test
    void acceptsATimestampUpToFiveMinutesAheadButNotFurther() {
        assertThat(verify(SIGNATURE, SENT.minus(Duration.ofMinutes(5))).valid()).isTrue();

        WebhookSignature.Verification future =
                verify(SIGNATURE, SENT.minus(Duration.ofMinutes(5)).minusSeconds(1));
        assertThat(future.valid()).isFalse();
        assertThat(future.reason()).isEqualTo("timestamp outside tolerance");
    }

    @Verifies("URS-TIM-002")
    @Test
    void checksTheTimestampBeforeTheSignature() {
        assertThat(verify("v1,AAAA", SENT.plus(Duration.ofHours(1))).reason()).isEqualTo("timestamp outside tolerance");
    }

    @Verifies("URS-TIM-002")
    @Test
    void honoursAConfiguredTolerance() {
        WebhookSignature strict = new WebhookSignature(List.of(SECRET), Duration.ofSeconds(30));

        assertThat(strict.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY, SENT.plusSeconds(30))
                        .valid())
                .isTrue();
        assertThat(strict.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY, SENT.plusSeconds(31))
                        .valid())
                .isFalse();
    }

    @Verifies("URS-DEV-001")
    @Test
    void acceptsWhenOneOfSeveralSignaturesMatches() {
        String header = "v1,Zm9yZ2VkLXNpZ25hdHVyZS1vbmUtMzItYnl0ZXMtbG9uZyE= v1,!!not-base64!! v1a,abc " + SIGNATURE
                + " v2,Zm9v";

        assertThat(verify(header, SENT).valid()).isTrue();
    }

    @Verifies("URS-DEV-001")
    @Test
    void ignoresSignaturesOfOtherVersions() {
        String otherVersion = SIGNATURE.replace("v1,", "v2,");

        assertThat(verify(otherVersion, SENT).reason()).isEqualTo("no v1 signature in webhook-signature header");
    }

    @Verifies("URS-DEV-001")
    @Test
    void acceptsEitherSecretDuringRotation() {
        WebhookSignature rotating = new WebhookSignature(List.of(SECRET, NEXT_SECRET));
        String signedWithNext = WebhookSignature.sign(NEXT_SECRET, ID, TIMESTAMP, BODY);

        assertThat(rotating.verify(ID, Long.toString(TIMESTAMP), signedWithNext, BODY, SENT)
                        .valid())
                .isTrue();
        assertThat(rotating.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY, SENT)
                        .valid())
                .isTrue();
        assertThat(verify(signedWithNext, SENT).valid()).isFalse();
    }

    @Verifies("URS-DEV-001")
    @Test
    void refusesAMessageWithoutItsHeaders() {
        String timestamp = Long.toString(TIMESTAMP);

        assertThat(signatures.verify(null, timestamp, SIGNATURE, BODY, SENT).reason())
                .isEqualTo("missing webhook-id header");
        assertThat(signatures.verify(ID, " ", SIGNATURE, BODY, SENT).reason())
                .isEqualTo("missing webhook-timestamp header");
        assertThat(signatures.verify(ID, timestamp, null, BODY, SENT).reason())
                .isEqualTo("missing webhook-signature header");
        assertThat(signatures.verify(ID, timestamp, "", BODY, SENT).valid()).isFalse();
    }

    @Verifies({"URS-DEV-001", "URS-TIM-002"})
    @ParameterizedTest
    @ValueSource(
            strings = {"16142653a0", "-1614265330", "+1614265330", "1614265330.5", "1.6e9", "99999999999999999999"})
    void refusesATimestampThatIsNotUnixSeconds(String timestamp) {
        assertThat(signatures.verify(ID, timestamp, SIGNATURE, BODY, SENT).reason())
                .isEqualTo("malformed webhook-timestamp header");
    }

    @Verifies("URS-SEC-003")
    @Test
    void namesAMalformedSecretByPositionWithoutPrintingIt() {
        String unprefixed = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String notBase64 = "whsec_not*base64*at*all";

        assertThatThrownBy(() -> new WebhookSignature(List.of(SECRET, unprefixed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #2 of 2")
                .message()
                .doesNotContain(unprefixed);
        assertThatThrownBy(() -> new WebhookSignature(List.of(notBase64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #1 of 1")
                .message()
                .doesNotContain("not*base64");
        assertThatThrownBy(() -> new WebhookSignature(List.of("whsec_"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one secret");
    }

    @Verifies("URS-SEC-003")
    @Test
    void neverShowsItsSecrets() {
        String shown = new WebhookSignature(List.of(SECRET, NEXT_SECRET)).toString();

        assertThat(shown)
                .contains("secrets=2")
                .doesNotContain("whsec_")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .doesNotContain("c2Vjb25k");
    }
}
