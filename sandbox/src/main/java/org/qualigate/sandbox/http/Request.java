package org.qualigate.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as a simulator sees it.
 *
 * @param method upper case, e.g. {@code POST}
 * @param path the path below the simulator's own prefix, e.g. {@code /rest/api/3/issue}
 * @param query the decoded query parameters (the first value of each)
 * @param headers a header by name, case-insensitive; null when absent
 * @param body the whole body, empty when none
 */
public record Request(
        String method,
        String path,
        Map<String, String> query,
        Function<String, @Nullable String> headers,
        byte[] body) {

    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A header value, null when the request has none. */
    public @Nullable String header(String name) {
        return headers.apply(name);
    }

    /** A query parameter, null when absent. */
    public @Nullable String param(String name) {
        return query.get(name);
    }

    /** A query parameter, or the fallback when absent or blank. */
    public String param(String name, String fallback) {
        String value = query.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
