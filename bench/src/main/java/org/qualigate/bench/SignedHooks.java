package org.qualigate.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import org.qualigate.sandbox.StandardWebhooks;

/** Builds Standard Webhooks 1.0 requests to the service's hook endpoint for one source. */
final class SignedHooks {

    private final URI endpoint;
    private final StandardWebhooks signer;
    private final Clock clock;

    SignedHooks(URI serviceBase, String source, String secret, Clock clock) {
        this.endpoint = URI.create(serviceBase + "/api/v1/hooks/" + source);
        this.signer = new StandardWebhooks(secret);
        this.clock = clock;
    }

    HttpRequest request(String messageId, byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        return HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }
}
