package org.qualigate.connector;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where the outcomes Qualigate records are told to the systems that subscribe to them (a webhook subscriber): one
 * event at a time, each with an id that stays the same when it is sent again, so a subscriber recognises a repeat.
 * Calls throw {@link TargetException} when the subscriber cannot be reached or refuses.
 */
public interface OutboundEvents {

    /**
     * One outcome as it leaves: its id (the same on every attempt), its type (reverse-DNS, versioned), what it is about
     * (the subject, e.g. {@code batch/MAT-1/B1}), when it happened, the URI of the schema its data follows (if any),
     * the data as a JSON object's text, and the W3C {@code traceparent} of the work that caused it (if any).
     */
    record Event(
            UUID id,
            String type,
            String subject,
            Instant time,
            @Nullable String dataschema,
            String data,
            @Nullable String traceparent) {

        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
            if (type.isBlank() || subject.isBlank()) {
                throw new IllegalArgumentException("an outbound event has a type and a subject");
            }
            if (!data.strip().startsWith("{")) {
                throw new IllegalArgumentException("an outbound event's data is a JSON object: " + type);
            }
        }
    }

    /** A name for messages, the audit trail and the interface documents. */
    String name();

    /** Sends the event; returns when the subscriber took it (a 2xx answer). */
    void send(Event event);
}
