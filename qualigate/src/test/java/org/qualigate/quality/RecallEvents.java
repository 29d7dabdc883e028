package org.qualigate.quality;

import java.time.Instant;
import java.util.UUID;

/** Recall events as the QMS sends them (version 1). */
final class RecallEvents {

    private RecallEvents() {}

    static String v1(
            String id, String name, Instant at, String status, String material, String firstBatch, String lastBatch) {
        String type = status.equals("Closed - Canceled")
                ? "recall.cancelled"
                : status.startsWith("Closed") ? "recall.closed" : "recall.opened";
        return "{\"type\":\"" + type + "\",\"schemaVersion\":1,\"eventId\":\"evt_" + UUID.randomUUID()
                + "\",\"occurredAt\":\"" + at + "\",\"source\":\"trackwise-digital\",\"recordId\":\"" + id
                + "\",\"recordName\":\"" + name + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\","
                + "\"material\":\"" + material + "\",\"plant\":\"CH10\",\"firstBatch\":\"" + firstBatch
                + "\",\"lastBatch\":\"" + lastBatch + "\",\"manufacturedFrom\":\"2026-10-01\","
                + "\"manufacturedTo\":\"2026-10-31\",\"recallClass\":\"II\","
                + "\"reason\":\"Out-of-specification stability result\",\"status\":\"" + status
                + "\",\"openedAt\":\"" + at + "\",\"closedAt\":"
                + (status.startsWith("Closed") ? "\"" + at + "\"" : "null") + "}";
    }
}
