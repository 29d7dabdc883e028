package org.qualigate.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The one webhook MAC of the service answers the Standard Webhooks 1.0 specification's own example. */
class WebhookMacTest {

    private static final byte[] SECRET = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsIdTimestampAndBodyToThePublishedExample() {
        byte[] mac = new WebhookMac(SECRET).of("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", BODY);

        assertThat(Base64.getEncoder().encodeToString(mac)).isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void oneMacSignsManyMessagesEachAsIfItWereTheFirst() {
        WebhookMac mac = new WebhookMac(SECRET);
        byte[] first = mac.of("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", BODY);
        mac.of("msg_other", "1614265331", new byte[] {1, 2, 3});

        assertThat(mac.of("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", BODY)).isEqualTo(first);
    }

    @Test
    void anEmptySecretIsRefusedAndNoSecretIsEverShown() {
        assertThatThrownBy(() -> new WebhookMac(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new WebhookMac(SECRET).toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
