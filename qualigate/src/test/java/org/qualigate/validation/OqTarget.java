package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.StandardWebhooks;

/**
 * An installed Qualigate seen from outside: its base URL, a user of the API and, when the operator gives
 * it, the secret of one webhook source; the clock signs webhooks with the instance's idea of now. The
 * OQ checks use nothing else.
 */
public record OqTarget(
        URI baseUrl,
        String user,
        String password,
        String hookSource,
        @Nullable String hookSecret,
        Clock clock) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public HttpResponse<String> get(String path) {
        return send(request(path).header("authorization", basic(user, password)).GET());
    }

    public HttpResponse<String> getCsv(String path) {
        return send(request(path)
                .header("authorization", basic(user, password))
                .header("accept", "text/csv")
                .GET());
    }

    public HttpResponse<String> postYaml(String path, String yaml) {
        return send(request(path)
                .header("authorization", basic(user, password))
                .header("content-type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    public HttpResponse<String> getAnonymously(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> getAs(String someone, String theirPassword, String path) {
        return send(request(path)
                .header("authorization", basic(someone, theirPassword))
                .GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path)
                .header("authorization", basic(user, password))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Posts a body to the webhook source, signed with the given secret at the given instant. */
    public HttpResponse<String> hook(String webhookId, Instant sentAt, String body, @Nullable String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request("/api/v1/hooks/" + hookSource)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (secret != null) {
            request.header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(sentAt.getEpochSecond()))
                    .header(
                            "webhook-signature",
                            new StandardWebhooks(secret).sign(webhookId, sentAt.getEpochSecond(), bytes));
        }
        return send(request);
    }

    private HttpRequest.Builder request(String path) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OqTarget[" + baseUrl + " as " + user + ", hooks " + hookSource
                + (hookSecret == null ? " (no secret given)" : "") + "]";
    }
}
