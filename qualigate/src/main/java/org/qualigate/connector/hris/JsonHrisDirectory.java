package org.qualigate.connector.hris;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.TargetException;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code GET {base}/hris/v1/workers?page=&pageSize=} page by page until {@code total} is reached, with
 * {@code Authorization: Bearer} when a token is configured. A page that does not have the expected shape stops
 * the read with a clear error rather than returning a partial directory (which would look like terminations).
 */
public final class JsonHrisDirectory implements HrisDirectory {

    private static final int PAGE_SIZE = 500;

    private final String name;
    private final RestClient http;

    public JsonHrisDirectory(String name, URI baseUrl, Duration timeout) {
        this(name, baseUrl, timeout, null);
    }

    public JsonHrisDirectory(String name, URI baseUrl, Duration timeout, @Nullable String bearerToken) {
        this.name = name;
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(timeout);
        RestClient.Builder builder =
                RestClient.builder().baseUrl(baseUrl.toString()).requestFactory(factory);
        if (bearerToken != null && !bearerToken.isBlank()) {
            builder.defaultHeader("Authorization", "Bearer " + bearerToken.strip());
        }
        this.http = builder.build();
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
        try {
            JsonNode body = http.get()
                    .uri(u -> u.path("/hris/v1/workers")
                            .queryParam("page", page)
                            .queryParam("pageSize", PAGE_SIZE)
                            .build())
                    .retrieve()
                    .body(JsonNode.class);
            if (body == null) {
                throw TargetException.transientFailure("HRIS directory answered with an empty body", null);
            }
            return body;
        } catch (RestClientResponseException e) {
            boolean transientStatus =
                    e.getStatusCode().is5xxServerError() || e.getStatusCode().value() == 429;
            int status = e.getStatusCode().value();
            String msg = "HRIS directory answered " + status
                    + (status == 401 || status == 403 ? " (check qualigate.hris-directory.bearer-token)" : "");
            throw transientStatus ? TargetException.transientFailure(msg, e) : TargetException.permanentFailure(msg, e);
        } catch (ResourceAccessException e) {
            throw TargetException.transientFailure("HRIS directory not reachable: " + e.getMessage(), e);
        } catch (tools.jackson.core.JacksonException e) {
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
