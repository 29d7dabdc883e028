package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    @Test
    void signsTheStandardWebhooksTestVector() {
        StandardWebhooks signer = new StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = signer.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signatureChangesWithTheBody() {
        StandardWebhooks signer = new StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = signer.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isNotEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void rejectsASecretThatIsNotBase64() {
        assertThatThrownBy(() -> new StandardWebhooks("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void demoSecretIsWhsecPlusBase64OfTheDocumentedPhrase() {
        assertThat(SandboxOptions.DEMO_WEBHOOK_SECRET).isEqualTo("whsec_cXVhbGlnYXRlLWRlbW8taHJpcy1zZWNyZXQtMDAwMDAx");
    }
}
