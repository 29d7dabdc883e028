package org.qualigate.sandbox.workday;

import java.nio.charset.StandardCharsets;

/** An answer of the Workday simulator: HTTP status, content type and body. */
public record WorkdayReply(int status, String contentType, byte[] body) {

    static final String XML = "text/xml; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    static WorkdayReply xml(int status, String xml) {
        return new WorkdayReply(status, XML, xml.getBytes(StandardCharsets.UTF_8));
    }

    static WorkdayReply json(int status, String json) {
        return new WorkdayReply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }
}
