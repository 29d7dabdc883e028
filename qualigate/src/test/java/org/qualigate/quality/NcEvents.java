package org.qualigate.quality;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.qualigate.sandbox.StandardWebhooks;

/** Non-conformance events as the QMS sends them (versions 1 and 2), and their signed delivery to the service. */
final class NcEvents {

    private NcEvents() {}

    static String v1(
            String id, String name, Instant at, String status, String disposition, String material, String batch) {
        return "{\"type\":\"nonconformance." + (status.startsWith("Closed") ? "closed" : "opened")
                + "\",\"schemaVersion\":1,\"eventId\":\"evt_" + UUID.randomUUID() + "\",\"occurredAt\":\"" + at
                + "\",\"source\":\"trackwise-digital\",\"recordId\":\"" + id + "\",\"recordName\":\"" + name
                + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\",\"material\":\"" + material
                + "\",\"batch\":\"" + batch + "\",\"plant\":\"CH10\",\"severity\":\"Major\",\"status\":\"" + status
                + "\",\"disposition\":" + (disposition == null ? "null" : "\"" + disposition + "\"")
                + ",\"blockStock\":true,\"equipment\":null,\"room\":null,\"description\":\"test\",\"openedAt\":\"" + at
                + "\",\"closedAt\":" + (status.startsWith("Closed") ? "\"" + at + "\"" : "null") + "}";
    }

    static String v2(String id, String name, Instant at, String status, String disposition, String material) {
        return "{\"type\":\"nonconformance.closed\",\"schemaVersion\":2,\"eventId\":\"evt_" + UUID.randomUUID()
                + "\",\"occurredAt\":\"" + at + "\",\"source\":\"trackwise-digital\",\"recordId\":\"" + id
                + "\",\"recordName\":\"" + name + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\","
                + "\"lot\":{\"material\":\"" + material + "\",\"batch\":\"B1\",\"plant\":\"CH10\"},"
                + "\"classification\":\"MAJOR\",\"status\":\"" + status + "\",\"disposition\":\"" + disposition
                + "\",\"blockStock\":true,\"equipment\":null,\"room\":null,\"description\":\"test\","
                + "\"openedAt\":\"" + at.minusSeconds(60) + "\",\"closedAt\":\"" + at + "\"}";
    }

    /** A CAPA event (version 1) for the CAPA of run {@code run}, owned by {@code O<run>} whose manager is {@code M<run>}. */
    static String capa(String id, String name, LocalDate due, String status, Instant at, String run) {
        return "{\"type\":\"capa." + (status.startsWith("Closed") ? "closed" : "updated")
                + "\",\"schemaVersion\":1,\"eventId\":\"evt_" + UUID.randomUUID() + "\",\"occurredAt\":\"" + at
                + "\",\"source\":\"trackwise-digital\",\"recordId\":\"" + id + "\",\"recordName\":\"" + name
                + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\",\"nonconformanceId\":null,"
                + "\"nonconformanceName\":null,\"description\":\"corrective action\",\"ownerEmployeeId\":\"O" + run
                + "\",\"ownerEmail\":\"owner-" + run + "@plant.example\",\"managerEmployeeId\":\"M" + run
                + "\",\"managerEmail\":\"manager-" + run + "@plant.example\",\"dueDate\":\"" + due + "\",\"status\":\""
                + status + "\",\"escalationLevel\":0,\"closedAt\":"
                + (status.startsWith("Closed") ? "\"" + at + "\"" : "null") + "}";
    }

    /** Delivers the body to {@code /api/v1/hooks/trackwise}, signed per Standard Webhooks with the secret at {@code at}. */
    static HttpResponse<String> send(
            HttpClient http, int port, Instant at, String webhookId, String body, String secret) throws Exception {
        return send(http, port, at, webhookId, body, secret, null);
    }

    /** {@link #send} with a W3C {@code traceparent} header when one is given. */
    static HttpResponse<String> send(
            HttpClient http,
            int port,
            Instant at,
            String webhookId,
            String body,
            String secret,
            @org.jspecify.annotations.Nullable String traceparent)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/hooks/trackwise"))
                .header("content-type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", new StandardWebhooks(secret).sign(webhookId, timestamp, bytes));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
