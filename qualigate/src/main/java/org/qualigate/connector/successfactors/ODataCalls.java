package org.qualigate.connector.successfactors;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.connector.internal.RetryAfter;
import org.qualigate.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GETs against a SuccessFactors server: authorisation, timeouts, 429 with {@code Retry-After} waited out a bounded
 * number of times, OData error bodies read into the failure's message, and both collection shapes: v2 {@code
 * {"d":{"results":[…],"__next":…}}} (or {@code {"d":[…]}}) and v4 {@code {"value":[…],"@odata.nextLink":…}}.
 */
final class ODataCalls {

    private static final Logger log = LoggerFactory.getLogger(ODataCalls.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Waits; tests replace it so that they do not sleep. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** An answer body: its bytes as received. */
    record Body(URI uri, byte[] bytes) {}

    /** A collection page: its entries (each with its own bytes) and the absolute link of the next page. */
    record Page(List<JsonNode> entries, @Nullable URI next) {}

    private final SuccessFactorsSettings settings;
    private final HttpCalls http;
    private final Clock clock;
    private final Pause pause;
    private final @Nullable LearningToken learningToken;

    ODataCalls(SuccessFactorsSettings settings, Clock clock, Pause pause, Traces.CallRecorder recorder) {
        this.settings = settings;
        this.clock = clock;
        this.pause = pause;
        this.http = HttpCalls.withoutRedirects(settings.requestTimeout(), recorder);
        this.learningToken = settings.learningAuth() == null
                ? null
                : new LearningToken(settings, settings.learningAuth(), http, clock);
    }

    /** The body of a 2xx answer from the OData API; every other outcome is a {@link TargetException}. */
    Body get(URI uri) {
        return fetch(uri, false, false).orElseThrow();
    }

    /** A GET of the Learning API, with its own token when one is configured; a 404 is an empty answer. */
    Optional<Body> getLearningIfFound(URI uri) {
        return fetch(uri, true, true);
    }

    private Optional<Body> fetch(URI uri, boolean notFoundIsEmpty, boolean learning) {
        requireKnownServer(uri);
        boolean renewed = false;
        for (int attempt = 0; ; attempt++) {
            String authorization =
                    learning && learningToken != null ? learningToken.authorization() : settings.authorization();
            HttpResponse<byte[]> response = send(uri, authorization);
            int status = response.statusCode();
            if (status == 401 && learning && learningToken != null && !renewed) {
                // the token may have expired early: one new token, one more try
                learningToken.refused(authorization);
                renewed = true;
                attempt--;
                continue;
            }
            if (status >= 200 && status < 300) {
                return Optional.of(new Body(uri, response.body()));
            }
            if (status == 404 && notFoundIsEmpty) {
                return Optional.empty();
            }
            String what =
                    "SuccessFactors answered " + status + " to GET " + uri.getPath() + errorMessage(response.body());
            if (status == 429) {
                Duration wait = response.headers()
                        .firstValue("Retry-After")
                        .flatMap(h -> RetryAfter.parse(h, clock))
                        .orElse(Duration.ofSeconds(1));
                if (attempt < settings.maxRetries() && wait.compareTo(settings.maxRetryWait()) <= 0) {
                    log.info(
                            "{}; waiting {} as asked (retry {} of {})", what, wait, attempt + 1, settings.maxRetries());
                    sleep(wait);
                    continue;
                }
                throw TargetException.rateLimited(what, wait);
            }
            if (status >= 500 || status == 408) {
                throw TargetException.transientFailure(what, null);
            }
            throw TargetException.permanentFailure(what, null);
        }
    }

    /** Reads a collection page in either OData shape; empty when the body is not one. */
    static Optional<Page> page(JsonNode body) {
        JsonNode entries = null;
        JsonNode next = null;
        JsonNode d = body.get("d");
        if (d != null && d.isObject()) {
            entries = d.get("results");
            next = d.get("__next");
        } else if (d != null && d.isArray()) {
            entries = d;
        } else if (body.has("value")) {
            entries = body.get("value");
            next = body.get("@odata.nextLink");
        }
        if (entries == null || !entries.isArray()) {
            return Optional.empty();
        }
        List<JsonNode> list = new ArrayList<>();
        entries.values().forEach(list::add);
        URI nextUri = null;
        if (next != null && next.isString() && !next.asString().isBlank()) {
            nextUri = URI.create(next.asString().strip());
        }
        return Optional.of(new Page(list, nextUri));
    }

    /** A next link is absolute or relative to the page that gave it. */
    static URI resolve(URI page, URI next) {
        return page.resolve(next);
    }

    static JsonNode json(byte[] bytes) {
        return JSON.readTree(bytes);
    }

    static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    /** Credentials go only to the configured servers, whatever host a next link names. */
    private void requireKnownServer(URI uri) {
        if (!sameOrigin(uri, settings.apiBaseUrl()) && !sameOrigin(uri, settings.learningBaseUrl())) {
            throw TargetException.permanentFailure(
                    "SuccessFactors sent a link to another server (" + uri.getScheme() + "://" + uri.getAuthority()
                            + "); not following it with the tenant's credentials",
                    null);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private HttpResponse<byte[]> send(URI uri, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .GET()
                .build();
        return http.send(
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                e -> e instanceof HttpTimeoutException
                        ? "SuccessFactors did not answer GET " + uri.getPath() + " in time"
                        : "SuccessFactors not reachable for GET " + uri.getPath() + ": " + e.getMessage(),
                "interrupted during GET " + uri.getPath());
    }

    private void sleep(Duration wait) {
        try {
            pause.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TargetException.rateLimited("interrupted while waiting out a 429", wait);
        }
    }

    /** ": code message" from an OData v2 ({@code message.value}) or v4 ({@code message} string) error body. */
    static String errorMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (!error.isObject()) {
                return "";
            }
            JsonNode message = error.path("message");
            String text = message.isObject() ? message.path("value").asString("") : message.asString("");
            String code = error.path("code").asString("");
            String both = (code + " " + text).strip();
            return both.isEmpty() ? "" : ": " + (both.length() > 300 ? both.substring(0, 300) + "…" : both);
        } catch (JacksonException e) {
            return "";
        }
    }
}
