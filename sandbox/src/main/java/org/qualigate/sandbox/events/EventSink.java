package org.qualigate.sandbox.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.sandbox.http.Recorder;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CloudEvents webhook subscriber under {@code /events/v1}: {@code POST /cloudevents} takes one event in the HTTP
 * binding's structured content mode. It checks the bearer token (the CloudEvents webhook specification's
 * {@code Authorization} method), the Standard Webhooks signature when one is sent, the media type ({@code
 * application/cloudevents+json}, else 415) and the attributes (CloudEvents 1.0: {@code specversion} "1.0", non-empty
 * {@code id}, {@code source} a URI-reference, non-empty {@code type}; when present, {@code subject} non-empty, {@code
 * time} RFC 3339, {@code dataschema} an absolute URI, {@code traceparent} a W3C trace context), answering a problem
 * that names the attribute when one is wrong. The first delivery of a {@code source} + {@code id} is recorded in the
 * side-effect log and answered 202; a repeat (the same id again) is counted, not recorded, and answered 200. {@code
 * OPTIONS} answers the webhook specification's abuse-protection handshake.
 */
public final class EventSink {

    public static final String PATH = "/events/v1";
    public static final String TOKEN = "sandbox-events-token";
    /** The Standard Webhooks secret a sender may sign with. */
    public static final String SECRET = "whsec_c2FuZGJveC1ldmVudHMtc2lnbmluZy1zZWNyZXQ=";

    private static final String MEDIA_TYPE = "application/cloudevents+json";
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");

    /** One event as the sink took it first, and how many times it was sent. */
    public record Received(
            String source, String id, String type, @Nullable String subject, JsonNode event) {}

    private final JsonMapper json;
    private final Recorder recorder;
    private final Map<String, Received> events = new LinkedHashMap<>();
    private final Map<String, Integer> receipts = new LinkedHashMap<>();

    public EventSink(JsonMapper json, Recorder recorder) {
        this.json = json;
        this.recorder = recorder;
    }

    /** The resource a fault names: {@code /cloudevents}. */
    public static String resource(String relative) {
        return "/cloudevents";
    }

    /** Every distinct event taken, in the order first taken. */
    public synchronized List<Received> events() {
        return List.copyOf(events.values());
    }

    /** How many times the event with this id was taken (1 when never repeated, 0 when never taken). */
    public synchronized int receipts(String id) {
        return receipts.entrySet().stream()
                .filter(e -> e.getKey().endsWith("\n" + id))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    /** Answers a request whose path is relative to {@link #PATH}. */
    public synchronized Reply handle(Request request) {
        if (!request.path().replaceAll("/+$", "").equals("/cloudevents")) {
            return problem(404, "Not Found", "no resource " + request.path(), List.of());
        }
        if (request.method().equals("OPTIONS")) {
            return Reply.empty(200)
                    .header("Allow", "POST")
                    .header("WebHook-Allowed-Origin", "*")
                    .header("WebHook-Allowed-Rate", "*");
        }
        if (!request.method().equals("POST")) {
            return problem(405, "Method Not Allowed", "only POST delivers an event", List.of());
        }
        if (!same(request.header("Authorization"), "Bearer " + TOKEN)) {
            return problem(401, "Unauthorized", "a bearer token is required", List.of());
        }
        String signature = request.header("webhook-signature");
        if (signature != null && !signed(request, signature)) {
            return problem(401, "Unauthorized", "the webhook-signature does not match", List.of());
        }
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(MEDIA_TYPE)) {
            return problem(
                    415,
                    "Unsupported Media Type",
                    "an event comes in structured content mode as " + MEDIA_TYPE + ", not " + type,
                    List.of());
        }
        JsonNode event;
        try {
            event = json.readTree(request.body());
        } catch (JacksonException e) {
            return problem(400, "Bad Request", "the body is not valid JSON", List.of());
        }
        List<String[]> invalid = invalid(event);
        if (!invalid.isEmpty()) {
            return problem(400, "Bad Request", "the event is not a valid CloudEvent 1.0", invalid);
        }
        return take(event);
    }

    /** A problem answer for a fault the sandbox plays. */
    public Reply faultError(int status, String detail) {
        return problem(status, status == 429 ? "Too Many Requests" : "Service Unavailable", detail, List.of());
    }

    private Reply take(JsonNode event) {
        String source = event.path("source").asString();
        String id = event.path("id").asString();
        String key = source + "\n" + id;
        int times = receipts.merge(key, 1, Integer::sum);
        if (times > 1) {
            return Reply.empty(200); // a repeat: taken already, nothing changes
        }
        String subject = event.hasNonNull("subject") ? event.path("subject").asString() : null;
        String type = event.path("type").asString();
        events.put(key, new Received(source, id, type, subject, event.deepCopy()));
        recorder.record("event.receive", type, "id=" + id + " subject=" + subject + " source=" + source);
        return Reply.empty(202);
    }

    /** Every attribute that breaks the CloudEvents 1.0 rules, with why. */
    static List<String[]> invalid(@Nullable JsonNode event) {
        List<String[]> invalid = new ArrayList<>();
        if (event == null || !event.isObject()) {
            invalid.add(new String[] {"body", "an event is a JSON object"});
            return invalid;
        }
        if (!"1.0".equals(text(event, "specversion"))) {
            invalid.add(new String[] {"specversion", "required, \"1.0\""});
        }
        for (String required : List.of("id", "source", "type")) {
            String value = text(event, required);
            if (value == null || value.isEmpty()) {
                invalid.add(new String[] {required, "required, a non-empty string"});
            }
        }
        String source = text(event, "source");
        if (source != null && !source.isEmpty() && uri(source) == null) {
            invalid.add(new String[] {"source", "a URI-reference"});
        }
        if (event.has("subject")
                && (text(event, "subject") == null || text(event, "subject").isEmpty())) {
            invalid.add(new String[] {"subject", "a non-empty string when present"});
        }
        if (event.has("time") && !rfc3339(text(event, "time"))) {
            invalid.add(new String[] {"time", "an RFC 3339 timestamp"});
        }
        if (event.has("dataschema")) {
            URI schema = uri(text(event, "dataschema"));
            if (schema == null || !schema.isAbsolute()) {
                invalid.add(new String[] {"dataschema", "an absolute URI when present"});
            }
        }
        if (event.has("datacontenttype") && text(event, "datacontenttype") == null) {
            invalid.add(new String[] {"datacontenttype", "a media type (RFC 2046) when present"});
        }
        String traceparent = text(event, "traceparent");
        if (event.has("traceparent")
                && (traceparent == null || !TRACEPARENT.matcher(traceparent).matches())) {
            invalid.add(new String[] {"traceparent", "a W3C trace context traceparent when present"});
        }
        return invalid;
    }

    private boolean signed(Request request, String signature) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        if (id == null || timestamp == null || !timestamp.matches("[0-9]{1,15}")) {
            return false;
        }
        String expected = new StandardWebhooks(SECRET).sign(id, Long.parseLong(timestamp), request.body());
        for (String candidate : signature.trim().split("\\s+")) {
            if (same(candidate, expected)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(@Nullable String given, String expected) {
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable String text(JsonNode event, String name) {
        JsonNode value = event.get(name);
        return value == null || !value.isString() ? null : value.asString();
    }

    private static @Nullable URI uri(@Nullable String value) {
        try {
            return value == null ? null : new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean rfc3339(@Nullable String value) {
        try {
            return value != null && OffsetDateTime.parse(value) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
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
        return Reply.of(status, "application/problem+json", json.writeValueAsBytes(body));
    }
}
