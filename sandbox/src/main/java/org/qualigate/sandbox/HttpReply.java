package org.qualigate.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer a simulator computed; written to the client unless a fault says otherwise. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json";
    static final String SCIM_JSON = "application/scim+json";

    static HttpReply of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new HttpReply(status, headers, body);
    }

    static HttpReply empty(int status) {
        return new HttpReply(status, new LinkedHashMap<>(), new byte[0]);
    }

    static HttpReply text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    HttpReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
