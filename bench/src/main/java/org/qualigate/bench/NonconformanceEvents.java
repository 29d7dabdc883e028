package org.qualigate.bench;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Non-conformance events as the QMS sends them to {@code /api/v1/hooks/trackwise} (schema version 1), each naming
 * the material, batch and plant whose stock it blocks: for the quality benchmark and the fault suite.
 */
public final class NonconformanceEvents {

    private NonconformanceEvents() {}

    /** The NC opened on the batch, asking for its stock to be blocked. */
    public static String opened(String key, Instant at, String material, String batch, String plant) {
        return v1(key, at, at, "Opened", null, material, batch, plant);
    }

    /** The NC closed with a disposition ({@code Release}, {@code Reject}). */
    public static String closed(
            String key, Instant openedAt, Instant at, String disposition, String material, String batch, String plant) {
        return v1(key, openedAt, at, "Closed - Done", disposition, material, batch, plant);
    }

    /** {@code key} names the record ({@code a0NB<key>}, {@code NC-<key>}); each event gets an id of its own. */
    private static String v1(
            String key,
            Instant openedAt,
            Instant at,
            String status,
            @Nullable String disposition,
            String material,
            String batch,
            String plant) {
        boolean closed = status.startsWith("Closed");
        return "{\"type\":\"nonconformance." + (closed ? "closed" : "opened") + "\",\"schemaVersion\":1,"
                + "\"eventId\":\"evt_" + key + (closed ? "_closed" : "_opened") + "\",\"occurredAt\":\"" + at
                + "\",\"source\":\"trackwise-digital\",\"recordId\":\"a0NB" + key + "\",\"recordName\":\"NC-" + key
                + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\",\"material\":\"" + material
                + "\",\"batch\":\"" + batch + "\",\"plant\":\"" + plant + "\",\"severity\":\"Major\",\"status\":\""
                + status + "\",\"disposition\":" + (disposition == null ? "null" : "\"" + disposition + "\"")
                + ",\"blockStock\":true,\"equipment\":null,\"room\":null,\"description\":\"non-conformance " + key
                + "\",\"openedAt\":\"" + openedAt + "\",\"closedAt\":" + (closed ? "\"" + at + "\"" : "null") + "}";
    }
}
