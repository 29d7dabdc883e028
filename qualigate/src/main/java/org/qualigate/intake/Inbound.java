package org.qualigate.intake;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;
import tools.jackson.databind.JsonNode;

/**
 * One received item on its way to the committer, with what could be checked without the database: a webhook
 * body already parsed (its JSON, or why it is not an event), or a record an adapter pulled or read from a file.
 *
 * @param deliveryId the webhook id, or the record's key (duplicates are recognised by it)
 * @param parsed a webhook's body as JSON, or why it is unusable; null for a record
 * @param trace the trace it was received under (the request's, for a webhook; a new one for each record pulled or
 *     read from a file), stored with it and in force while it is applied
 */
record Inbound(
        String source,
        String deliveryId,
        byte[] body,
        String contentType,
        Instant receivedAt,
        @Nullable Object parsed,
        @Nullable SourceRecord record,
        TraceParent trace) {

    static Inbound webhook(String source, String webhookId, byte[] body, Instant receivedAt) {
        return new Inbound(
                source,
                webhookId,
                body,
                "application/json",
                receivedAt,
                EventBody.json(body),
                null,
                Traces.current().orElseGet(TraceParent::start));
    }

    static Inbound record(String source, SourceRecord record, Instant receivedAt) {
        return new Inbound(
                source,
                record.key(),
                record.raw(),
                record.contentType(),
                receivedAt,
                null,
                record,
                Traces.current().map(TraceParent::child).orElseGet(TraceParent::start));
    }

    /** The employee the item is about, when it names one (items are applied in this order within a batch). */
    @Nullable
    String employeeId() {
        if (record != null) {
            return record.fields() == null ? null : record.fields().employeeId();
        }
        return parsed instanceof JsonNode json ? EventBody.text(json, "employeeId") : null;
    }
}
