package org.qualigate.connector.qms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.CallPauses;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.connector.internal.SharedSession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the Salesforce org: the OAuth2 client-credentials token (fetched again once on {@code 401}),
 * the org-wide pause while its API limit is spent, and an error answer turned into a failure that says whether to
 * retry, with the QMS's own error code and message.
 */
final class SalesforceSession {

    private record Session(String token, URI instanceUrl) {}

    private final String name;
    private final QmsSettings settings;
    private final HttpCalls calls;
    private final CallPauses pauses;
    private final Clock clock;
    private final JsonMapper json;
    private final SharedSession<Session> session = new SharedSession<>(this::login);

    SalesforceSession(
            String name, QmsSettings settings, HttpCalls calls, CallPauses pauses, Clock clock, JsonMapper json) {
        this.name = name;
        this.settings = settings;
        this.calls = calls;
        this.pauses = pauses;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Sends with the current session; on {@code 401 INVALID_SESSION_ID} gets a new token and tries once more. While the
     * org's API limit is spent (a pause shared by every worker and instance) no call is made.
     */
    HttpResponse<String> send(String method, String path, @Nullable String body) {
        heldBackWhilePaused();
        Session s = session.get();
        HttpResponse<String> response = exchange(s, method, path, body);
        if (response.statusCode() == 401) {
            session.forget(s);
            response = exchange(session.get(), method, path, body);
            if (response.statusCode() == 401) {
                throw TargetException.permanentFailure(
                        prefix() + "a fresh token is refused too: " + QmsError.first(json, response.body()), null);
            }
        }
        return response;
    }

    private HttpResponse<String> exchange(Session s, String method, String path, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.instanceUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + s.token())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(request.build());
    }

    private void heldBackWhilePaused() {
        pauses.pausedUntil(name).ifPresent(until -> {
            throw TargetException.heldBack(
                    prefix() + "the org's API limit is spent; no call until " + until,
                    Duration.between(clock.instant(), until).isNegative()
                            ? Duration.ZERO
                            : Duration.between(clock.instant(), until));
        });
    }

    private Session login() {
        String form = "grant_type=client_credentials&client_id=" + enc(settings.clientId()) + "&client_secret="
                + enc(settings.clientSecret());
        HttpResponse<String> response =
                call(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/services/oauth2/token"))
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build());
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            JsonNode error = parse(response);
            // Secrets are never logged: only the error code and description the server sent.
            throw TargetException.permanentFailure(
                    prefix() + "token refused: " + text(error, "error", "?") + " "
                            + text(error, "error_description", ""),
                    null);
        }
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        JsonNode token = parse(response);
        String access = text(token, "access_token", null);
        if (access == null) {
            throw TargetException.permanentFailure(prefix() + "token answer without access_token", null);
        }
        return new Session(access, URI.create(text(token, "instance_url", settings.baseUrl())));
    }

    private HttpResponse<String> call(HttpRequest request) {
        return calls.send(request, prefix(), request.method());
    }

    TargetException failure(HttpResponse<String> response) {
        int status = response.statusCode();
        QmsError error = QmsError.first(json, response.body());
        String message = prefix() + status + " " + error;
        if (status == 403 && error.errorCode().equals("REQUEST_LIMIT_EXCEEDED")) {
            // the limit is the org's, not this call's: everyone waits
            pauses.pause(name, clock.instant().plus(settings.limitWait()), message);
            return TargetException.rateLimited(message, settings.limitWait());
        }
        if (status == 429) {
            return TargetException.rateLimited(message, null);
        }
        if (status >= 500 || status == 408) {
            return TargetException.transientFailure(message, null);
        }
        return TargetException.permanentFailure(message, null);
    }

    JsonNode parse(HttpResponse<String> response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node == null ? json.createObjectNode() : node;
        } catch (JacksonException e) {
            throw TargetException.permanentFailure(
                    prefix() + "answer " + response.statusCode() + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    String prefix() {
        return "QMS " + name + ": ";
    }

    private static String enc(@Nullable String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    static @Nullable String text(JsonNode node, String field, @Nullable String fallback) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? fallback : n.asString();
    }

    /** The first entry of a Salesforce error array. */
    record QmsError(String errorCode, String message, List<String> fields) {

        static QmsError first(JsonMapper json, String body) {
            try {
                JsonNode node = json.readTree(body);
                JsonNode e = node != null && node.isArray() && !node.isEmpty() ? node.get(0) : node;
                if (e == null || !e.isObject()) {
                    return new QmsError("UNKNOWN", clip(body), List.of());
                }
                List<String> fields = new ArrayList<>();
                e.path("fields").values().forEach(v -> fields.add(v.asString()));
                return new QmsError(
                        Optional.ofNullable(text(e, "errorCode", null))
                                .orElse(String.valueOf(text(e, "error", "UNKNOWN"))),
                        Optional.ofNullable(text(e, "message", null))
                                .orElse(String.valueOf(text(e, "error_description", clip(body)))),
                        fields);
            } catch (JacksonException ex) {
                return new QmsError("UNKNOWN", clip(body), List.of());
            }
        }

        private static String clip(String s) {
            return s.length() > 300 ? s.substring(0, 300) : s;
        }

        @Override
        public String toString() {
            return errorCode + ": " + message + (fields.isEmpty() ? "" : " " + fields);
        }
    }
}
