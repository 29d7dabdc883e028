package org.qualigate.connector.scim;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.connector.internal.RetryAfter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the SCIM adapter: sends requests with the target's authentication and timeouts, and turns
 * transport failures and error answers into {@link TargetException}s that say whether a retry helps. A renewable
 * credential (an OAuth token) refused with 401 is renewed and the request sent once more.
 */
final class ScimEndpoint {

    static final String SCIM_JSON = "application/scim+json";
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 1_000;

    private final ScimTargetSettings settings;
    private final ScimAuthentication authentication;
    private final HttpCalls http;
    private final Clock clock;
    private final JsonMapper json;

    ScimEndpoint(
            ScimTargetSettings settings,
            ScimAuthentication authentication,
            HttpCalls http,
            Clock clock,
            JsonMapper json) {
        this.settings = settings;
        this.authentication = authentication;
        this.http = http;
        this.clock = clock;
        this.json = json;
    }

    ScimResponse get(String path, Map<String, String> query) {
        return send("GET", path, query, null, null);
    }

    ScimResponse patch(String path, JsonNode body, @Nullable String ifMatch) {
        return send("PATCH", path, Map.of(), json.writeValueAsString(body), ifMatch);
    }

    /**
     * Every resource a query finds, page by page ({@code startIndex}/{@code count}, RFC 7644
     * §3.4.2.4) until {@code totalResults} is reached. Empty when the first page is refused with a
     * status the caller can work around, e.g. a filter the server does not support.
     */
    Optional<List<JsonNode>> queryAll(String path, Map<String, String> query, IntPredicate workaroundFor) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        int startIndex = 1;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> pageQuery = new LinkedHashMap<>(query);
            pageQuery.put("startIndex", Integer.toString(startIndex));
            pageQuery.put("count", Integer.toString(PAGE_SIZE));
            ScimResponse response = get(path, pageQuery);
            if (!response.isSuccess()) {
                if (page == 0 && workaroundFor.test(response.status())) {
                    return Optional.empty();
                }
                throw failure(response);
            }
            ScimListResponse list = ScimListResponse.of(body(response), where(response));
            int before = found.size();
            for (JsonNode resource : list.resources()) {
                String id = ScimResource.text(resource, "id");
                if (id == null || id.isBlank()) {
                    throw TargetException.permanentFailure(
                            where(response) + " answered with a resource that has no id", null);
                }
                found.putIfAbsent(id, resource);
            }
            // A server that ignores startIndex hands back the same page again: stop rather than loop.
            if (list.resources().isEmpty() || found.size() >= list.totalResults() || found.size() == before) {
                return Optional.of(List.copyOf(found.values()));
            }
            startIndex += list.resources().size();
        }
        throw TargetException.permanentFailure(
                prefix() + "GET " + path + " returned more than " + MAX_PAGES + " pages of " + PAGE_SIZE, null);
    }

    /** The answer's body as JSON, failing clearly when a success came back as something else. */
    JsonNode body(ScimResponse response) {
        String where = where(response);
        if (response.body().isBlank()) {
            throw TargetException.permanentFailure(where + " answered " + response.status() + " with no body", null);
        }
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw TargetException.permanentFailure(where + " answered with an empty JSON body", null);
            }
            return node;
        } catch (JacksonException notJson) {
            throw TargetException.permanentFailure(
                    where + " answered " + response.status() + " with a body that is not JSON (Content-Type "
                            + response.contentType() + "): " + ScimError.shorten(response.body())
                            + " — check the base URL",
                    null);
        }
    }

    /** The body as JSON when there is one that parses; PATCH may answer 200 without a body or 204. */
    Optional<JsonNode> optionalBody(ScimResponse response) {
        if (response.body().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readTree(response.body())).filter(JsonNode::isObject);
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    ScimError error(ScimResponse response) {
        return ScimError.parse(response.status(), response.body(), json);
    }

    /** The failure an unsuccessful answer means; the caller has already handled the answers it expects. */
    TargetException failure(ScimResponse response) {
        ScimError error = error(response);
        int status = response.status();
        String said = where(response) + " answered " + status + error.describe();
        if (status == 429) {
            return TargetException.rateLimited(said, retryAfter(response));
        }
        if (status == 503 && retryAfter(response) != null) {
            return TargetException.rateLimited(said + " (unavailable)", retryAfter(response));
        }
        if (status >= 500 || status == 408) {
            return TargetException.transientFailure(said, null);
        }
        if (status == 409 && "PATCH".equals(response.method())) {
            return TargetException.transientFailure(said + " (conflicting change; retrying may succeed)", null);
        }
        if (status == 412) {
            return TargetException.transientFailure(said + " (the resource kept changing)", null);
        }
        if (status == 401 || status == 403) {
            return TargetException.permanentFailure(
                    where(response) + " refused the request with " + status + error.describe()
                            + " — check " + authentication.describe() + " configured for target '" + settings.name()
                            + "'",
                    null);
        }
        if (status >= 300 && status < 400) {
            return TargetException.permanentFailure(
                    said + " redirecting to " + response.header("Location").orElse("(nowhere)")
                            + " — check the base URL",
                    null);
        }
        return TargetException.permanentFailure(said, null);
    }

    @Nullable
    Duration retryAfter(ScimResponse response) {
        return response.header("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, clock))
                .orElse(null);
    }

    String where(ScimResponse response) {
        return prefix() + response.request();
    }

    private ScimResponse send(
            String method, String path, Map<String, String> query, @Nullable String body, @Nullable String ifMatch) {
        Optional<String> authorization = authentication.authorization();
        ScimResponse response = send(method, path, query, body, ifMatch, authorization);
        if (response.status() == 401 && authorization.isPresent() && authentication.refused(authorization.get())) {
            response = send(method, path, query, body, ifMatch, authentication.authorization());
        }
        return response;
    }

    private ScimResponse send(
            String method,
            String path,
            Map<String, String> query,
            @Nullable String body,
            @Nullable String ifMatch,
            Optional<String> authorization) {
        String request = method + " " + path;
        URI uri = uri(path, query);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", SCIM_JSON + ", application/json;q=0.9");
        authorization.ifPresent(a -> builder.header("Authorization", a));
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", SCIM_JSON)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(
                builder.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                e -> prefix(request) + noAnswer(e),
                prefix(request) + " was interrupted");
        return new ScimResponse(
                method,
                path,
                response.statusCode(),
                response.headers(),
                response.body() == null ? "" : response.body());
    }

    /** Why no answer came, in the words an operator acts on (which timeout, which address). */
    private String noAnswer(IOException e) {
        return switch (e) {
            case HttpConnectTimeoutException t -> " could not connect within " + settings.connectTimeout();
            case HttpTimeoutException t -> " got no answer within " + settings.requestTimeout();
            case ConnectException c -> " could not connect to " + settings.baseUrl();
            default ->
                " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        };
    }

    private URI uri(String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(settings.baseUrl().toString()).append(path);
        if (!query.isEmpty()) {
            uri.append('?')
                    .append(query.entrySet().stream()
                            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                            .collect(Collectors.joining("&")));
        }
        return URI.create(uri.toString());
    }

    private String prefix(String request) {
        return prefix() + request;
    }

    /** {@code SCIM target 'mes': }, the start of every message about this target. */
    String prefix() {
        return "SCIM target '" + settings.name() + "': ";
    }

    /**
     * Percent-encodes a query value or path segment. Spaces become {@code %20}, not {@code +}: a
     * {@code +} is a space only in form encoding, and SCIM servers read the query as RFC 3986.
     */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
