package org.qualigate.connector.successfactors;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SuccessFactors Learning API's own OAuth token, separate from the OData API's authentication: {@code POST
 * {learning}/learning/oauth-api/rest/v1/token} with HTTP Basic {@code clientId:clientSecret} and the body {@code
 * {"grant_type":"client_credentials","scope":{"userId","companyId","userType","resourceType":"learning_public_api"}}},
 * answered {@code {"access_token","expires_in","token_type":"Bearer"}}. The token is kept until shortly before it
 * expires, or until the Learning API refuses it.
 */
final class LearningToken {

    static final String PATH = "/learning/oauth-api/rest/v1/token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A token is renewed this long before the server said it would expire. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final SuccessFactorsSettings settings;
    private final SuccessFactorsSettings.LearningAuth auth;
    private final HttpCalls http;
    private final Clock clock;
    private @Nullable String token;
    private Instant expires = Instant.MIN;

    LearningToken(
            SuccessFactorsSettings settings, SuccessFactorsSettings.LearningAuth auth, HttpCalls http, Clock clock) {
        this.settings = settings;
        this.auth = auth;
        this.http = http;
        this.clock = clock;
    }

    /** {@code Bearer <token>}, asking for a new token when there is none or it is about to expire. */
    synchronized String authorization() {
        if (token == null || !clock.instant().isBefore(expires)) {
            fetch();
        }
        return "Bearer " + token;
    }

    /** Forgets the token the Learning API refused, so the next call asks for a new one. */
    synchronized void refused(String authorization) {
        if (authorization.equals("Bearer " + token)) {
            token = null;
        }
    }

    private void fetch() {
        keep(answer(send(request())));
    }

    /** The client-credentials request, with the Learning API's own scope and the client's Basic credentials. */
    private HttpRequest request() {
        URI uri = URI.create(settings.learningBaseUrl().toString().replaceAll("/+$", "") + PATH);
        ObjectNode body = JSON.createObjectNode();
        body.put("grant_type", "client_credentials");
        ObjectNode scope = body.putObject("scope");
        scope.put("userId", auth.userId());
        scope.put("companyId", auth.companyId());
        scope.put("userType", auth.userType());
        scope.put("resourceType", "learning_public_api");
        String basic = Base64.getEncoder()
                .encodeToString((auth.clientId() + ":" + auth.clientSecret()).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    /** The endpoint's answer; not reaching it in time is transient. */
    private HttpResponse<byte[]> send(HttpRequest request) {
        return http.send(
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                e -> e instanceof HttpTimeoutException
                        ? "SuccessFactors Learning token endpoint did not answer in time"
                        : "SuccessFactors Learning token endpoint not reachable: " + e.getMessage(),
                "interrupted while asking for a Learning token");
    }

    /** The answer's JSON; a refusal of the client is permanent (its settings are wrong), any other failure not. */
    private JsonNode answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            // The secret is never in the message: only what the server said and which client was refused.
            throw TargetException.permanentFailure(
                    "SuccessFactors Learning refused a token to client " + auth.clientId() + " (HTTP " + status
                            + ODataCalls.errorMessage(response.body())
                            + "): check qualigate.successfactors.learning-auth.*",
                    null);
        }
        if (status < 200 || status >= 300) {
            throw TargetException.transientFailure(
                    "SuccessFactors Learning token endpoint answered HTTP " + status, null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw TargetException.transientFailure("SuccessFactors Learning token answer is not JSON", e);
        }
        if (answer == null) {
            throw TargetException.transientFailure("SuccessFactors Learning token answer has no access_token", null);
        }
        return answer;
    }

    /** Keeps the answer's token until shortly before the lifetime it was given runs out. */
    private void keep(JsonNode answer) {
        JsonNode access = answer.get("access_token");
        if (access == null || !access.isString() || access.asString().isBlank()) {
            throw TargetException.transientFailure("SuccessFactors Learning token answer has no access_token", null);
        }
        JsonNode expiresIn = answer.get("expires_in");
        long seconds = expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong() : 0;
        if (expiresIn != null && expiresIn.isString()) {
            try {
                seconds = Long.parseLong(expiresIn.asString().strip());
            } catch (NumberFormatException e) {
                seconds = 0;
            }
        }
        token = access.asString();
        Duration lifetime = Duration.ofSeconds(seconds);
        // without a lifetime the token is kept until the Learning API refuses it
        expires = seconds <= 0
                ? Instant.MAX
                : clock.instant()
                        .plus(lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(MARGIN) : lifetime);
    }
}
