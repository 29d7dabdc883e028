package org.qualigate.connector.cloudevents;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.OutboundEvents;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.text.WebhookMac;
import org.qualigate.trace.Traces;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook subscriber of CloudEvents: each event is one {@code POST} of the event in structured content mode
 * ({@code Content-Type: application/cloudevents+json}), with the subscriber's bearer token ({@code Authorization:
 * Bearer}, the CloudEvents webhook specification's header method) and, when a secret is configured, a Standard
 * Webhooks signature ({@code webhook-id} = the event's id, {@code webhook-timestamp}, {@code webhook-signature}), so
 * the subscriber can tell the sender and a repeat. The answer is read as the webhook specification says: 200, 201,
 * 202 and 204 take the event; 429 waits for {@code Retry-After}; 408 and 5xx may pass; any other status (410 Gone,
 * 415 Unsupported Media Type, a redirect, which is never followed) refuses it.
 */
final class CloudEventsSink implements OutboundEvents {

    private static final String PREFIX = "cloudevents: ";

    private final CloudEventsSettings settings;
    private final Clock clock;
    private final HttpCalls calls;
    private final JsonMapper json = JsonMapper.builder().build();
    private final @Nullable WebhookMac signingKey;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    CloudEventsSink(CloudEventsSettings settings, Clock clock, Traces.CallRecorder recorder) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("the CloudEvents sink needs a URL");
        }
        this.settings = settings;
        this.clock = clock;
        this.signingKey = key(settings.signingSecret());
        this.calls = HttpCalls.withoutRedirects(settings.requestTimeout(), recorder);
    }

    @Override
    public String name() {
        return "cloudevents-sink";
    }

    @Override
    public void send(Event event) {
        byte[] body = CloudEvent.structured(event, String.valueOf(settings.source()), json);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(String.valueOf(settings.sinkUrl())))
                .timeout(settings.requestTimeout())
                .header("Content-Type", CloudEvent.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String token = settings.bearerToken();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (signingKey != null) {
            String id = event.id().toString();
            long timestamp = clock.instant().getEpochSecond();
            request.header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", "v1," + sign(signingKey, id, timestamp, body));
        }
        HttpResponse<String> answer = calls.send(request.build(), PREFIX, "POST " + event.type());
        int status = answer.statusCode();
        if (status == 200 || status == 201 || status == 202 || status == 204) {
            return;
        }
        throw TargetException.ofStatus(
                status,
                PREFIX + "the sink answered " + status + " to event " + event.id() + " (" + event.type() + ")"
                        + detail(answer.body()),
                answer.headers().firstValue("Retry-After"));
    }

    /** Standard Webhooks 1.0: base64 of HMAC-SHA256 over {@code id.timestamp.body}. */
    static String sign(WebhookMac key, String id, long timestamp, byte[] body) {
        return Base64.getEncoder().encodeToString(key.of(id, Long.toString(timestamp), body));
    }

    /** The MAC of a {@code whsec_}-prefixed base64 secret; none when no secret is configured. */
    static @Nullable WebhookMac key(@Nullable String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            return new WebhookMac(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            // the secret itself is never repeated in the message
            throw new IllegalArgumentException("qualigate.cloudevents.signing-secret is not whsec_ + base64", e);
        }
    }

    private static String detail(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String one = body.replaceAll("\\s+", " ").strip();
        return ": " + (one.length() > 300 ? one.substring(0, 300) : one);
    }
}
