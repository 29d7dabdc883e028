package org.qualigate.connector.regulatory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.RegulatoryReports;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.trace.Traces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generic regulatory reporting store's JSON API: {@code POST /recall-reports} with an {@code Idempotency-Key}
 * header (the IETF draft "The Idempotency-Key HTTP Header Field": the same key answers the first result), {@code
 * GET /recall-reports?idempotencyKey=} to find a report whose answer was lost, {@code POST
 * /recall-reports/{id}/withdrawal}. Bearer token; {@code 429} honours {@code Retry-After}; errors are RFC 9457
 * problem details, read into the refusal.
 */
final class RegulatoryStoreReports implements RegulatoryReports {

    private final String name;
    private final RegulatorySettings settings;
    private final HttpCalls calls;
    private final JsonMapper json = JsonMapper.builder().build();

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public RegulatoryStoreReports(String name, RegulatorySettings settings, Traces.CallRecorder recorder) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("the regulatory store needs a base URL");
        }
        this.name = name;
        this.settings = settings;
        this.calls = HttpCalls.withoutRedirects(settings.requestTimeout(), recorder);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Report submit(String idempotencyKey, RecallReport report) {
        ObjectNode body = json.createObjectNode();
        body.put("recallId", report.recallId());
        body.put("recallName", report.recallName());
        body.put("product", report.product());
        body.put("plant", report.plant());
        body.put("classification", report.classification());
        body.put("reason", report.reason());
        body.put(
                "manufacturedFrom",
                report.manufacturedFrom() == null
                        ? null
                        : report.manufacturedFrom().toString());
        body.put(
                "manufacturedTo",
                report.manufacturedTo() == null ? null : report.manufacturedTo().toString());
        ArrayNode batches = body.putArray("batches");
        report.batches().forEach(batches::add);
        return report(ok(send("POST", "/recall-reports", body, idempotencyKey), "submit"));
    }

    @Override
    public Optional<Report> find(String idempotencyKey) {
        JsonNode page = ok(
                send(
                        "GET",
                        "/recall-reports?idempotencyKey=" + URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8),
                        null,
                        null),
                "find");
        for (JsonNode item : page.path("items").values()) {
            if (idempotencyKey.equals(item.path("idempotencyKey").asString(""))) {
                return Optional.of(report(item));
            }
        }
        return Optional.empty();
    }

    @Override
    public Report withdraw(String reportId, String reason) {
        ObjectNode body = json.createObjectNode();
        body.put("reason", reason);
        return report(ok(
                send(
                        "POST",
                        "/recall-reports/" + URLEncoder.encode(reportId, StandardCharsets.UTF_8) + "/withdrawal",
                        body,
                        null),
                "withdraw"));
    }

    private Report report(JsonNode node) {
        String id = node.path("reportId").asString("");
        if (id.isBlank()) {
            throw TargetException.permanentFailure(prefix() + "the answer names no reportId", null);
        }
        return new Report(id, node.path("status").asString(""));
    }

    private HttpResponse<String> send(
            String method, String path, @Nullable JsonNode body, @Nullable String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.token());
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        return calls.send(request.build(), prefix(), method + " " + path);
    }

    private JsonNode ok(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                JsonNode node = json.readTree(response.body());
                if (node == null || !node.isObject()) {
                    throw TargetException.permanentFailure(
                            prefix() + what + " answered " + status + " no object", null);
                }
                return node;
            } catch (JacksonException e) {
                throw TargetException.permanentFailure(prefix() + what + " answered " + status + " without JSON", e);
            }
        }
        String message = prefix() + what + " answered " + status + problem(response.body());
        throw TargetException.ofStatus(status, message, response.headers().firstValue("Retry-After"));
    }

    /** The problem's detail and the fields it names, as a refusal says them. */
    private String problem(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            StringBuilder sb =
                    new StringBuilder(": ").append(node.path("detail").asString(""));
            for (JsonNode p : node.path("invalid-params").values()) {
                sb.append("; ")
                        .append(p.path("name").asString(""))
                        .append(' ')
                        .append(p.path("reason").asString(""));
            }
            return sb.length() > 500 ? sb.substring(0, 500) : sb.toString();
        } catch (JacksonException e) {
            return "";
        }
    }

    private String root() {
        String base = String.valueOf(settings.baseUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String prefix() {
        return name + ": ";
    }
}
