package org.qualigate.sandbox.regulatory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Recorder;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A regulatory reporting store under {@code /regulatory/v1} (the sandbox's own design): {@code POST
 * /recall-reports} with an {@code Idempotency-Key} header records a recall report once, a repeat with the same key
 * and body answers the first report again ({@code Idempotent-Replayed: true}), the same key with another body is
 * refused (422); {@code GET /recall-reports/{id}} and {@code GET /recall-reports?idempotencyKey=|recallId=} read
 * reports back; {@code POST /recall-reports/{id}/withdrawal} withdraws one, once. Bearer token; errors are RFC 9457
 * problem details.
 */
public final class RegulatoryStore {

    public static final String PATH = "/regulatory/v1";
    public static final String TOKEN = "sandbox-regulatory-token";
    private static final Set<String> CLASSES = Set.of("I", "II", "III");
    private static final String PROBLEM = "application/problem+json";

    private record Report(String id, String key, JsonNode request, ObjectNode record) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Recorder recorder;
    private final Map<String, Report> byId = new LinkedHashMap<>();
    private final Map<String, Report> byKey = new LinkedHashMap<>();
    private long next = 1;

    public RegulatoryStore(Clock clock, JsonMapper json, Recorder recorder) {
        this.clock = clock;
        this.json = json;
        this.recorder = recorder;
    }

    public synchronized int reportCount() {
        return byId.size();
    }

    /** How many reports of the recall were submitted (a test's own, whatever other recalls report meanwhile). */
    public synchronized int reportCount(String recallId) {
        return (int) byId.values().stream()
                .filter(r -> r.record().path("recallId").asString().equals(recallId))
                .count();
    }

    /** The report's status ({@code SUBMITTED} or {@code WITHDRAWN}) by recall id, if one was submitted. */
    public synchronized Optional<String> statusOfRecall(String recallId) {
        return byId.values().stream()
                .filter(r -> r.record().path("recallId").asString().equals(recallId))
                .map(r -> r.record().path("status").asString())
                .findFirst();
    }

    /** The resource a fault names: {@code /recall-reports} or {@code /withdrawal}. */
    public static String resource(String relative) {
        return relative.endsWith("/withdrawal") ? "/withdrawal" : "/recall-reports";
    }

    /** Answers a request whose path is relative to {@link #PATH}. */
    public synchronized Reply handle(Request request) {
        String auth = request.header("Authorization");
        if (auth == null
                || !MessageDigest.isEqual(
                        auth.getBytes(StandardCharsets.UTF_8), ("Bearer " + TOKEN).getBytes(StandardCharsets.UTF_8))) {
            return problem(401, "Unauthorized", "a bearer token is required", List.of());
        }
        String[] parts = request.path().replaceAll("^/+|/+$", "").split("/");
        if (parts.length == 0 || !parts[0].equals("recall-reports")) {
            return problem(404, "Not Found", "no resource " + request.path(), List.of());
        }
        try {
            return switch (request.method() + " " + parts.length) {
                case "POST 1" -> submit(request);
                case "GET 1" -> list(request);
                case "GET 2" ->
                    Optional.ofNullable(byId.get(parts[1]))
                            .map(r -> Reply.json(200, json.writeValueAsBytes(r.record())))
                            .orElseGet(() -> problem(404, "Not Found", "no recall report " + parts[1], List.of()));
                case "POST 3" -> parts[2].equals("withdrawal") ? withdraw(parts[1], request) : notAllowed();
                default -> notAllowed();
            };
        } catch (JacksonException e) {
            return problem(400, "Bad Request", "the body is not valid JSON", List.of());
        }
    }

    /** A problem answer for a fault the sandbox plays. */
    public Reply faultError(int status, String detail) {
        return problem(status, status == 429 ? "Too Many Requests" : "Service Unavailable", detail, List.of());
    }

    private Reply submit(Request request) {
        String key = request.header("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 255) {
            return problem(
                    400,
                    "Bad Request",
                    "the Idempotency-Key header is required (at most 255 characters)",
                    List.<String[]>of(new String[] {"Idempotency-Key", "required"}));
        }
        JsonNode body = json.readTree(request.body());
        List<String[]> invalid = validate(body);
        if (!invalid.isEmpty()) {
            return problem(400, "Bad Request", "the recall report is not valid", invalid);
        }
        Report existing = byKey.get(key);
        if (existing != null) {
            if (!existing.request().equals(body)) {
                return problem(
                        422,
                        "Unprocessable Content",
                        "the Idempotency-Key " + key + " was used for a different recall report",
                        List.of());
            }
            return Reply.json(200, json.writeValueAsBytes(existing.record())).header("Idempotent-Replayed", "true");
        }
        String id = "RR-" + Year.now(clock.withZone(ZoneOffset.UTC)) + "-" + String.format(Locale.ROOT, "%06d", next++);
        ObjectNode record = json.createObjectNode();
        record.put("reportId", id);
        record.put("idempotencyKey", key);
        record.put("status", "SUBMITTED");
        record.put("receivedAt", clock.instant().toString());
        record.setAll((ObjectNode) body);
        record.putNull("withdrawnAt");
        Report report = new Report(id, key, body, record);
        byId.put(id, report);
        byKey.put(key, report);
        recorder.record(
                "recall-report.submit",
                id,
                body.path("recallId").asString() + " " + body.path("product").asString() + " "
                        + body.path("batches").size() + " batches");
        return Reply.json(201, json.writeValueAsBytes(record)).header("Location", PATH + "/recall-reports/" + id);
    }

    private Reply withdraw(String id, Request request) {
        Report report = byId.get(id);
        if (report == null) {
            return problem(404, "Not Found", "no recall report " + id, List.of());
        }
        if (report.record().path("status").asString().equals("SUBMITTED")) {
            JsonNode body = request.body().length == 0 ? json.createObjectNode() : json.readTree(request.body());
            report.record().put("status", "WITHDRAWN");
            report.record().put("withdrawnAt", clock.instant().toString());
            report.record().put("withdrawalReason", body.path("reason").asString(""));
            recorder.record(
                    "recall-report.withdraw",
                    id,
                    report.record().path("recallId").asString());
        }
        return Reply.json(200, json.writeValueAsBytes(report.record()));
    }

    private Reply list(Request request) {
        String key = request.param("idempotencyKey");
        String recall = request.param("recallId");
        ObjectNode page = json.createObjectNode();
        ArrayNode items = page.putArray("items");
        byId.values().stream()
                .filter(r -> key == null || r.key().equals(key))
                .filter(r ->
                        recall == null || r.record().path("recallId").asString().equals(recall))
                .forEach(r -> items.add(r.record()));
        return Reply.json(200, json.writeValueAsBytes(page));
    }

    private static List<String[]> validate(@Nullable JsonNode body) {
        List<String[]> invalid = new ArrayList<>();
        if (body == null || !body.isObject()) {
            invalid.add(new String[] {"body", "must be a JSON object"});
            return invalid;
        }
        for (String field : List.of("recallId", "product", "reason")) {
            if (body.path(field).asString("").isBlank()) {
                invalid.add(new String[] {field, "required"});
            }
        }
        if (!CLASSES.contains(body.path("classification").asString(""))) {
            invalid.add(new String[] {"classification", "must be I, II or III"});
        }
        JsonNode batches = body.path("batches");
        if (!batches.isArray() || batches.isEmpty()) {
            invalid.add(new String[] {"batches", "must list at least one batch"});
        } else if (batches.values().stream()
                .anyMatch(b -> !b.isString() || b.asString().isBlank())) {
            invalid.add(new String[] {"batches", "every batch must be a non-blank string"});
        }
        return invalid;
    }

    private Reply notAllowed() {
        return problem(405, "Method Not Allowed", "not a method of this resource", List.of());
    }

    private Reply problem(int status, String title, String detail, List<String[]> invalid) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!invalid.isEmpty()) {
            ArrayNode params = body.putArray("invalid-params");
            invalid.forEach(p -> params.addObject().put("name", p[0]).put("reason", p[1]));
        }
        return Reply.of(status, PROBLEM, json.writeValueAsBytes(body));
    }
}
