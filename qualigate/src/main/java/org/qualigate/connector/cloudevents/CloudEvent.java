package org.qualigate.connector.cloudevents;

import java.time.temporal.ChronoUnit;
import org.qualigate.connector.OutboundEvents;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An outbound event in the CloudEvents 1.0 JSON event format, for the HTTP protocol binding's structured content
 * mode: the context attributes ({@code specversion} 1.0, {@code id}, {@code source}, {@code type}, {@code subject},
 * {@code time} in RFC 3339 UTC, {@code datacontenttype}, {@code dataschema} where the data has one) and the
 * Distributed Tracing extension's {@code traceparent} beside the {@code data}, one JSON object. The same event gives
 * the same bytes on every attempt, so a repeat is the same message, not a new one.
 */
final class CloudEvent {

    /** The JSON event format's media type, as the structured content mode sends it. */
    static final String MEDIA_TYPE = "application/cloudevents+json; charset=UTF-8";

    static final String SPEC_VERSION = "1.0";
    static final String DATA_CONTENT_TYPE = "application/json";

    private CloudEvent() {}

    /** The event as one JSON object, its {@code source} the given URI-reference. */
    static byte[] structured(OutboundEvents.Event event, String source, JsonMapper json) {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", SPEC_VERSION);
        e.put("id", event.id().toString());
        e.put("source", source);
        e.put("type", event.type());
        e.put("subject", event.subject());
        // RFC 3339 in UTC, to the microsecond the outbox keeps, so a repeat carries the same time
        e.put("time", event.time().truncatedTo(ChronoUnit.MICROS).toString());
        e.put("datacontenttype", DATA_CONTENT_TYPE);
        if (event.dataschema() != null) {
            e.put("dataschema", event.dataschema());
        }
        if (event.traceparent() != null) {
            e.put("traceparent", event.traceparent());
        }
        e.set("data", json.readTree(event.data()));
        return json.writeValueAsBytes(e);
    }
}
