package org.qualigate.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An answer a simulator computed: status, headers and body. Headers may be added before it is written. */
public record Reply(int status, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json";

    public Reply {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    public static Reply of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Reply(status, headers, body);
    }

    public static Reply json(int status, byte[] body) {
        return of(status, JSON, body);
    }

    public static Reply text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply empty(int status) {
        return new Reply(status, new LinkedHashMap<>(), new byte[0]);
    }

    /** The same answer with one more header. */
    public Reply header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
