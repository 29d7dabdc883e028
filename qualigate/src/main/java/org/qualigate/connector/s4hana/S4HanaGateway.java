package org.qualigate.connector.s4hana;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.connector.internal.SharedSession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of S/4HANA's OData v2 services: Basic authentication, the CSRF token and session cookies fetched
 * before the first modifying call and again when the server says the session ended, the {@code sap-client}
 * parameter, {@code __next} links kept on the configured host, and an error answer turned into a failure that says
 * whether to retry.
 */
final class S4HanaGateway {

    /** The CSRF token and the cookies of the session it belongs to. */
    private record Session(String token, String cookies) {}

    private final String name;
    private final S4HanaSettings settings;
    private final HttpCalls calls;
    private final JsonMapper json;
    private final SharedSession<Session> session = new SharedSession<>(this::fetchToken);

    S4HanaGateway(String name, S4HanaSettings settings, HttpCalls calls, JsonMapper json) {
        this.name = name;
        this.settings = settings;
        this.calls = calls;
        this.json = json;
    }

    /** GET with the session's cookies, if there is a session. */
    HttpResponse<String> get(String url) {
        return call(get(url, false));
    }

    /** POST with the session's token; a {@code 403 x-csrf-token: Required} gets a new session and one more try. */
    HttpResponse<String> postWithToken(String url, byte[] body) {
        Session s = session.get();
        HttpResponse<String> response = call(post(url, body, s));
        if (response.statusCode() == 403
                && "required"
                        .equalsIgnoreCase(
                                response.headers().firstValue("x-csrf-token").orElse(""))) {
            session.forget(s);
            response = call(post(url, body, session.get()));
            if (response.statusCode() == 403) {
                throw TargetException.permanentFailure(
                        prefix() + "a fresh CSRF token is refused too: " + clip(response.body(), 200), null);
            }
        }
        return response;
    }

    private Session fetchToken() {
        HttpResponse<String> response = call(get(root() + S4HanaStock.DOCUMENTS + "/" + client("?"), true));
        if (response.statusCode() != 200) {
            throw failure("CSRF token fetch", response);
        }
        String token = response.headers().firstValue("x-csrf-token").orElse("");
        if (token.isBlank() || token.equalsIgnoreCase("required")) {
            throw TargetException.permanentFailure(prefix() + "the token fetch answered no x-csrf-token", null);
        }
        List<String> cookies = new ArrayList<>();
        for (String setCookie : response.headers().allValues("set-cookie")) {
            String pair = setCookie.split(";", 2)[0].trim();
            if (pair.contains("=")) {
                cookies.add(pair);
            }
        }
        return new Session(token, String.join("; ", cookies));
    }

    private HttpRequest get(String url, boolean fetchToken) {
        HttpRequest.Builder request = base(url).GET();
        if (fetchToken) {
            request.header("x-csrf-token", "Fetch");
        }
        Session s = session.peek();
        if (s != null && !s.cookies().isEmpty()) {
            request.header("Cookie", s.cookies());
        }
        return request.build();
    }

    private HttpRequest post(String url, byte[] body, Session s) {
        HttpRequest.Builder request = base(url)
                .header("Content-Type", "application/json")
                .header("x-csrf-token", s.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!s.cookies().isEmpty()) {
            request.header("Cookie", s.cookies());
        }
        return request.build();
    }

    private HttpRequest.Builder base(String url) {
        String credentials = settings.username() + ":" + settings.password();
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> call(HttpRequest request) {
        // a POST whose answer is lost may have been posted: the caller looks it up by its header text
        return calls.send(
                request, prefix(), request.method() + " " + request.uri().getPath());
    }

    TargetException failure(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        String message = prefix() + what + " answered " + status + " " + ODataError.of(json, response.body());
        if (status == 429 || status == 503) {
            Duration wait = response.headers()
                    .firstValue("Retry-After")
                    .flatMap(S4HanaGateway::seconds)
                    .orElse(null);
            return TargetException.rateLimited(message, wait);
        }
        if (status >= 500 || status == 408) {
            return TargetException.transientFailure(message, null);
        }
        return TargetException.permanentFailure(message, null);
    }

    JsonNode body(HttpResponse<String> response) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw TargetException.permanentFailure(prefix() + "answer is not a JSON object", null);
            }
            return node;
        } catch (JacksonException e) {
            throw TargetException.permanentFailure(
                    prefix() + "answer " + response.statusCode() + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    String absolute(String next) {
        if (next.startsWith("http://") || next.startsWith("https://")) {
            URI link = URI.create(next);
            URI base = URI.create(root());
            if (!link.getHost().equalsIgnoreCase(base.getHost()) || link.getPort() != base.getPort()) {
                throw TargetException.permanentFailure(prefix() + "a __next link leads to another host: " + next, null);
            }
            return next;
        }
        URI base = URI.create(root());
        return base.getScheme() + "://" + base.getRawAuthority() + (next.startsWith("/") ? "" : "/") + next;
    }

    String root() {
        String base = String.valueOf(settings.baseUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    String client(String separator) {
        String c = settings.sapClient();
        return c == null || c.isBlank() ? "" : separator + "sap-client=" + encode(c);
    }

    String prefix() {
        return "ERP " + name + ": ";
    }

    private static Optional<Duration> seconds(String text) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** SAP Gateway's error body: {@code {"error":{"code","message":{"lang","value"},"innererror":{…}}}}. */
    record ODataError(String code, String message) {

        static ODataError of(JsonMapper json, String body) {
            try {
                JsonNode error = json.readTree(body).path("error");
                if (!error.isObject()) {
                    return new ODataError("", clip(body, 300));
                }
                JsonNode message = error.path("message");
                String text = message.isObject() ? message.path("value").asString("") : message.asString("");
                return new ODataError(error.path("code").asString(""), clip(text, 300));
            } catch (JacksonException | IllegalArgumentException e) {
                // not JSON (a 403 CSRF refusal or a proxy's page is plain text)
                return new ODataError("", clip(body, 300));
            }
        }

        @Override
        public String toString() {
            return (code.isEmpty() ? "" : code + " ") + message;
        }
    }
}
