package org.qualigate.sandbox;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's own endpoints under {@code /sandbox}: health, faults and the side-effect log. Faults never apply
 * here, so a test can always clear them.
 */
final class SandboxControl {

    private final JsonMapper json;
    private final Faults faults;
    private final SideEffects sideEffects;
    private final ScimServer scim;
    private final HrisDirectory hris;

    SandboxControl(JsonMapper json, Faults faults, SideEffects sideEffects, ScimServer scim, HrisDirectory hris) {
        this.json = json;
        this.faults = faults;
        this.sideEffects = sideEffects;
        this.scim = scim;
        this.hris = hris;
    }

    HttpReply handle(HttpCall call, String path) {
        String route = call.method() + " " + (path.isEmpty() ? "/" : path.replaceAll("/+$", ""));
        try {
            return switch (route) {
                case "GET /health" -> health();
                case "GET /faults" -> listFaults();
                case "POST /faults" -> injectFault(call);
                case "DELETE /faults" -> {
                    faults.clear();
                    yield HttpReply.empty(204);
                }
                case "GET /side-effects" -> sideEffects(call);
                case "DELETE /side-effects" -> {
                    sideEffects.clear();
                    yield HttpReply.empty(204);
                }
                default -> HrisDirectory.errorReply(json, 404, "no sandbox endpoint " + route);
            };
        } catch (IllegalArgumentException | JacksonException e) {
            return HrisDirectory.errorReply(json, 400, e.getMessage());
        }
    }

    private HttpReply health() {
        ObjectNode node = json.createObjectNode();
        node.put("status", "UP");
        node.put("scimUsers", scim.userCount());
        node.put("scimGroups", scim.groupCount());
        node.put("workers", hris.workers().size());
        node.put("faults", faults.active().size());
        node.put("latestSideEffect", sideEffects.latestSeq());
        return ok(200, node);
    }

    private HttpReply listFaults() {
        ObjectNode node = json.createObjectNode();
        ArrayNode array = node.putArray("faults");
        faults.active().forEach(f -> array.add(faultJson(f)));
        return ok(200, node);
    }

    private HttpReply injectFault(HttpCall call) {
        Fault fault = parseFault(json.readTree(call.body()));
        faults.inject(fault);
        return ok(201, faultJson(fault));
    }

    private HttpReply sideEffects(HttpCall call) {
        String since = call.param("since");
        long seq;
        try {
            seq = since == null || since.isBlank() ? 0 : Long.parseLong(since.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since must be a sequence number: " + since);
        }
        ObjectNode node = json.createObjectNode();
        node.put("latestSeq", sideEffects.latestSeq());
        ArrayNode array = node.putArray("sideEffects");
        for (SideEffect e : sideEffects.since(seq)) {
            ObjectNode item = array.addObject();
            item.put("seq", e.seq());
            item.put("at", e.at().toString());
            item.put("target", e.target());
            item.put("operation", e.operation());
            item.put("resource", e.resource());
            item.put("detail", e.detail());
            if (e.traceparent() != null) {
                item.put("traceparent", e.traceparent());
            }
        }
        return ok(200, node);
    }

    /**
     * A fault from JSON: {@code mode} is required; {@code target} and {@code operation} default to {@code *},
     * {@code status} to 503, {@code times} to -1 (until cleared), {@code probability} to 1; {@code delay} is an
     * ISO-8601 duration ({@code "PT2S"}) or milliseconds, {@code delayMillis} and {@code delaySeconds} also work;
     * {@code pathContains}, when given, limits the fault to requests whose path contains it (one record's URL).
     */
    static Fault parseFault(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a fault must be a JSON object");
        }
        String modeText = text(node, "mode");
        if (modeText == null) {
            throw new IllegalArgumentException(
                    "mode is required: one of DOWN, ERROR, RATE_LIMIT, SLOW, TIMEOUT," + " RESET, COMMIT_THEN_TIMEOUT");
        }
        Fault.Mode mode;
        try {
            mode = Fault.Mode.valueOf(modeText.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault mode " + modeText);
        }
        String target = text(node, "target");
        String operation = text(node, "operation");
        int status = node.path("status").asInt(mode == Fault.Mode.ERROR ? 503 : 0);
        int times = node.path("times").asInt(Fault.UNTIL_CLEARED);
        double probability = node.path("probability").asDouble(1.0);
        return new Fault(
                target == null ? "*" : target,
                operation == null ? "*" : operation,
                mode,
                status,
                delay(node),
                times,
                probability,
                text(node, "pathContains"));
    }

    private static Duration delay(JsonNode node) {
        JsonNode delay = node.get("delay");
        if (delay != null && delay.isString()) {
            try {
                return Duration.parse(delay.stringValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("delay must be an ISO-8601 duration such as PT2S: " + delay);
            }
        }
        if (delay != null && delay.isNumber()) {
            return Duration.ofMillis(delay.asLong());
        }
        if (node.path("delayMillis").isNumber()) {
            return Duration.ofMillis(node.path("delayMillis").asLong());
        }
        if (node.path("delaySeconds").isNumber()) {
            return Duration.ofMillis((long) (node.path("delaySeconds").asDouble() * 1000));
        }
        return Duration.ZERO;
    }

    private static @Nullable String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private ObjectNode faultJson(Fault f) {
        ObjectNode node = json.createObjectNode();
        node.put("target", f.target());
        node.put("operation", f.operation());
        node.put("mode", f.mode().name());
        node.put("status", f.status());
        node.put("delay", f.delay().toString());
        node.put("times", f.times());
        node.put("probability", f.probability());
        if (f.pathContains() != null) {
            node.put("pathContains", f.pathContains());
        }
        return node;
    }

    private HttpReply ok(int status, ObjectNode node) {
        return HttpReply.of(status, HttpReply.JSON, json.writeValueAsBytes(node));
    }
}
