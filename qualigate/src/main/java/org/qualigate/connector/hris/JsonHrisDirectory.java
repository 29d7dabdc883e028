package org.qualigate.connector.hris;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.trace.Traces;
import org.springframework.web.util.DefaultUriBuilderFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code GET {base}/hris/v1/workers?page=&pageSize=} page by page until {@code total} is reached, with
 * {@code Authorization: Bearer} when a token is configured. A page that does not have the expected shape stops
 * the read with a clear error rather than returning a partial directory (which would look like terminations).
 */
public final class JsonHrisDirectory implements HrisDirectory {

    private static final int PAGE_SIZE = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final URI baseUrl;
    private final Duration timeout;
    private final @Nullable String authorization;
    private final HttpCalls calls;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public JsonHrisDirectory(
            String name, URI baseUrl, Duration timeout, @Nullable String bearerToken, Traces.CallRecorder recorder) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.authorization = bearerToken == null || bearerToken.isBlank() ? null : "Bearer " + bearerToken.strip();
        this.calls =
                new HttpCalls(HttpClient.newBuilder().connectTimeout(timeout).build(), recorder);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Worker> workers() {
        List<Worker> all = new ArrayList<>();
        int page = 1;
        while (true) {
            JsonNode body = fetch(page);
            JsonNode workers = body.get("workers");
            JsonNode total = body.get("total");
            if (workers == null || !workers.isArray() || total == null || !total.isIntegralNumber()) {
                throw TargetException.transientFailure(
                        "HRIS directory page " + page + " has no 'workers' array or 'total' number", null);
            }
            for (JsonNode w : workers) {
                String id = text(w, "employeeId");
                if (id == null) {
                    continue; // the caller reports persons it cannot use; a worker without an ID is not one
                }
                all.add(new Worker(
                        id,
                        text(w, "givenName"),
                        text(w, "familyName"),
                        text(w, "email"),
                        text(w, "site"),
                        text(w, "line"),
                        text(w, "supervisorId"),
                        text(w, "status"),
                        date(text(w, "hireDate")),
                        date(text(w, "terminationDate")),
                        text(w, "jobTitle"),
                        null,
                        null));
            }
            if (workers.isEmpty() || (long) page * PAGE_SIZE >= total.asLong()) {
                return all;
            }
            page++;
        }
    }

    private JsonNode fetch(int page) {
        URI uri = new DefaultUriBuilderFactory(baseUrl.toString())
                .builder()
                .path("/hris/v1/workers")
                .queryParam("page", page)
                .queryParam("pageSize", PAGE_SIZE)
                .build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response = calls.send(
                request.GET().build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                e -> "HRIS directory not reachable: " + e,
                "HRIS directory read interrupted");
        int status = response.statusCode();
        if (status >= 400) {
            String msg = "HRIS directory answered " + status
                    + (status == 401 || status == 403 ? " (check qualigate.hris-directory.bearer-token)" : "");
            throw status >= 500 || status == 429
                    ? TargetException.transientFailure(msg, null)
                    : TargetException.permanentFailure(msg, null);
        }
        if (response.body().length == 0) {
            throw TargetException.transientFailure("HRIS directory answered with an empty body", null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw TargetException.transientFailure("HRIS directory sent a body that is not JSON", e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainer() || v.asString().isBlank() ? null : v.asString();
    }

    private static @Nullable LocalDate date(@Nullable String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
