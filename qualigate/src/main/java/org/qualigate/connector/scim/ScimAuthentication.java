package org.qualigate.connector.scim;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.trace.Traces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a SCIM target is authenticated on each request: a static bearer token, HTTP Basic (RFC 7617), an OAuth 2.0
 * access token obtained with the client-credentials grant (RFC 6749 §4.4) and renewed before it expires or when the
 * server refuses it, or nothing (a client certificate, set up on the HTTP client, may then be the whole of it).
 * Secrets never appear in {@link #toString()} nor in a failure's message.
 */
public sealed interface ScimAuthentication {

    /** The {@code Authorization} header for the next request, if any. */
    Optional<String> authorization();

    /** The server refused {@code authorization} (401): a renewable credential forgets it. True if a retry may help. */
    default boolean refused(String authorization) {
        return false;
    }

    /** Which configuration to check when the server refuses the credential. */
    String describe();

    static ScimAuthentication bearer(String token) {
        return token == null || token.isBlank() ? new None() : new Bearer(token.strip());
    }

    /** No {@code Authorization} header (e.g. the client certificate authenticates). */
    record None() implements ScimAuthentication {

        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no authorization header (client certificate or none)";
        }
    }

    /** A static bearer token. */
    record Bearer(String token) implements ScimAuthentication {

        @Override
        public Optional<String> authorization() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String describe() {
            return "the bearer token";
        }

        @Override
        public String toString() {
            return "Bearer[(redacted)]";
        }
    }

    /** HTTP Basic with a user and password. */
    record Basic(String username, String password) implements ScimAuthentication {

        public Basic {
            if (username == null || username.isBlank() || username.contains(":")) {
                throw new IllegalArgumentException("HTTP Basic needs a user name without ':'");
            }
            password = password == null ? "" : password;
        }

        @Override
        public Optional<String> authorization() {
            return Optional.of("Basic "
                    + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String describe() {
            return "the Basic user " + username + " and its password";
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=(redacted)]";
        }
    }

    /**
     * OAuth 2.0 client credentials: {@code POST tokenUrl} with {@code grant_type=client_credentials} (and the scope, if
     * any), the client authenticated with HTTP Basic as RFC 6749 §2.3.1 prefers; the {@code access_token} is sent as
     * a bearer token until shortly before {@code expires_in} runs out, or until the SCIM server answers 401.
     */
    final class ClientCredentials implements ScimAuthentication {

        private static final JsonMapper JSON = JsonMapper.builder().build();
        private static final Duration MARGIN = Duration.ofSeconds(30);

        private final URI tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private final @Nullable String scope;
        private final HttpCalls http;
        private final Duration timeout;
        private final Clock clock;
        private @Nullable String token;
        private Instant renewAt = Instant.MIN;

        public ClientCredentials(
                URI tokenUrl,
                String clientId,
                String clientSecret,
                @Nullable String scope,
                HttpClient http,
                Duration timeout,
                Clock clock,
                Traces.CallRecorder recorder) {
            if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalArgumentException("OAuth client credentials need a client id and a client secret");
            }
            this.tokenUrl = tokenUrl;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.scope = scope == null || scope.isBlank() ? null : scope.strip();
            this.http = new HttpCalls(http, recorder);
            this.timeout = timeout;
            this.clock = clock;
        }

        @Override
        public synchronized Optional<String> authorization() {
            if (token == null || !clock.instant().isBefore(renewAt)) {
                fetch();
            }
            return Optional.of("Bearer " + token);
        }

        @Override
        public synchronized boolean refused(String authorization) {
            if (authorization.equals("Bearer " + token)) {
                token = null;
                return true;
            }
            return token != null; // a newer token was fetched meanwhile: worth one more try
        }

        @Override
        public String describe() {
            return "the OAuth client " + clientId + " at " + tokenUrl;
        }

        private void fetch() {
            String form = "grant_type=client_credentials"
                    + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
            String basic = Base64.getEncoder()
                    .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                    + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            HttpResponse<String> response = http.send(
                    request,
                    HttpResponse.BodyHandlers.ofString(),
                    e -> "OAuth token endpoint " + tokenUrl + " failed: " + e,
                    "interrupted while asking " + tokenUrl + " for a token");
            int status = response.statusCode();
            JsonNode body;
            try {
                body = JSON.readTree(response.body() == null ? "" : response.body());
            } catch (JacksonException e) {
                body = null;
            }
            if (status == 400 || status == 401 || status == 403) {
                String error = body == null ? "" : body.path("error").asString("");
                throw TargetException.permanentFailure(
                        "OAuth token endpoint " + tokenUrl + " refused client " + clientId + " (HTTP " + status
                                + (error.isEmpty() ? "" : " " + error) + ")",
                        null);
            }
            if (status < 200 || status >= 300 || body == null) {
                throw TargetException.transientFailure(
                        "OAuth token endpoint " + tokenUrl + " answered HTTP " + status, null);
            }
            JsonNode access = body.get("access_token");
            if (access == null || !access.isString() || access.asString().isBlank()) {
                throw TargetException.transientFailure("OAuth token answer has no access_token", null);
            }
            token = access.asString();
            long seconds = body.path("expires_in").asLong(0);
            Duration lifetime = Duration.ofSeconds(seconds);
            renewAt = seconds <= 0
                    ? Instant.MAX
                    : clock.instant()
                            .plus(lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(MARGIN) : lifetime);
        }

        @Override
        public String toString() {
            return "ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=(redacted)]";
        }
    }
}
