package org.qualigate.connector.scim;

import java.net.http.HttpHeaders;
import java.util.Optional;

/** One answer from the SCIM server, with the request it answers for messages. */
record ScimResponse(String method, String path, int status, HttpHeaders headers, String body) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name).map(String::strip).filter(value -> !value.isEmpty());
    }

    Optional<String> etag() {
        return header("ETag");
    }

    String contentType() {
        return header("Content-Type").orElse("(none)");
    }

    /** {@code GET /Users} — the request without its query, which may name people. */
    String request() {
        return method + " " + path;
    }
}
