package org.qualigate.sandbox.qms;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Salesforce REST API over the QMS's quality records, beside the training module's API on the same instance
 * and with the same access tokens: SOQL queries with paging ({@code nextRecordsUrl}, {@code done}) and the
 * {@code Owner.…} and {@code Owner.Manager.…} relationships of a CAPA, read by id, create, update by id and upsert by
 * external id. The org's daily API request limit, when set, is enforced: beyond it {@code 403 REQUEST_LIMIT_EXCEEDED}.
 * Every write is logged as a side effect ({@code record.create} or {@code record.update}, the object's API name, its id
 * and external id), so a test can tell what reached the QMS and in which order with the other systems.
 */
public final class QualityApi {

    private static final Pattern DATA_PATH = Pattern.compile("^/services/data/v(\\d+)\\.(\\d+)(/.*)$");
    private static final Pattern FROM = Pattern.compile("(?i)\\bFROM\\s+(\\w+)");
    private static final String CURSOR = "01gQ";
    private static final List<String> USER_FIELDS = List.of("Id", "Name", "Email", "EmployeeNumber", "ManagerId");

    /** The rows a query locator still has to deliver, and the query's total. */
    private record Pending(List<ObjectNode> rows, int total) {}

    private final QualityRecords records;
    private final JsonMapper json;
    private final Predicate<@Nullable String> authorized;
    private final QmsSimulator.Recorder recorder;
    private final Map<String, Pending> cursors = new HashMap<>();
    private int pageSize = 2000;
    private long nextCursor = 1;
    private int requestLimit;
    private int requestsMade;

    /**
     * @param authorized whether an {@code Authorization} header carries a token the instance issued
     * @param recorder where the writes are logged
     */
    public QualityApi(
            QualityRecords records,
            JsonMapper json,
            Predicate<@Nullable String> authorized,
            QmsSimulator.Recorder recorder) {
        this.records = records;
        this.json = json;
        this.authorized = authorized;
        this.recorder = recorder;
    }

    /** Records per query page (Salesforce's default is 2000). */
    public synchronized void pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageSize = size;
    }

    /** The org's API request allowance from now on; 0 means no limit. */
    public synchronized void requestLimit(int limit) {
        this.requestLimit = limit;
        this.requestsMade = 0;
    }

    /** Whether the request is for the quality records (else it is the training module's). */
    public static boolean handles(Request request) {
        Matcher m = DATA_PATH.matcher(request.path());
        if (!m.matches()) {
            return false;
        }
        String rest = m.group(3);
        if (rest.equals("/query")) {
            Matcher from = FROM.matcher(request.param("q", ""));
            return from.find() && QualityObject.byApiName(from.group(1)).isPresent();
        }
        if (rest.startsWith("/query/")) {
            return rest.startsWith("/query/" + CURSOR);
        }
        String[] parts = rest.substring(1).split("/");
        return parts.length >= 2
                && parts[0].equals("sobjects")
                && QualityObject.byApiName(parts[1]).isPresent();
    }

    /** Answers a request whose path is relative to the instance URL. */
    public synchronized Reply handle(Request request) {
        if (!authorized.test(request.header("Authorization"))) {
            return error(401, "INVALID_SESSION_ID", "Session expired or invalid", List.of());
        }
        if (requestLimit > 0 && ++requestsMade > requestLimit) {
            return error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", List.of());
        }
        Matcher m = DATA_PATH.matcher(request.path());
        if (!m.matches()) {
            return error(404, "NOT_FOUND", "The requested resource does not exist", List.of());
        }
        double version = Double.parseDouble(m.group(1) + "." + m.group(2));
        String prefix = "/services/data/v" + m.group(1) + "." + m.group(2);
        String rest = m.group(3);
        Reply reply;
        try {
            reply = route(request, prefix, rest, version);
        } catch (QualityRefusal e) {
            reply = error(e.status(), e.code(), e.getMessage(), e.fields());
        } catch (JacksonException e) {
            reply = error(400, "JSON_PARSER_ERROR", "cannot parse the body: " + e.getOriginalMessage(), List.of());
        }
        return requestLimit > 0
                ? reply.header("Sforce-Limit-Info", "api-usage=" + requestsMade + "/" + requestLimit)
                : reply;
    }

    private Reply route(Request request, String prefix, String rest, double version) throws QualityRefusal {
        if (rest.equals("/query") && request.method().equals("GET")) {
            return query(prefix, request.param("q", ""));
        }
        if (rest.startsWith("/query/") && request.method().equals("GET")) {
            Pending remaining = cursors.remove(rest.substring("/query/".length()));
            return remaining == null
                    ? error(400, "INVALID_QUERY_LOCATOR", "invalid query locator", List.of())
                    : page(prefix, remaining.rows(), remaining.total());
        }
        String[] parts = rest.substring(1).split("/");
        QualityObject object = QualityObject.byApiName(parts[1]).orElseThrow();
        if (parts.length == 2 && request.method().equals("POST")) {
            ObjectNode row = records.insert(object, body(request));
            logged("record.create", object, row);
            return json(201, result(row, null));
        }
        if (parts.length == 3 && request.method().equals("GET")) {
            return records.get(object, parts[2])
                    .map(r -> json(200, withAttributes(prefix, object, r)))
                    .orElseGet(() -> error(404, "NOT_FOUND", "The requested resource does not exist", List.of()));
        }
        if (parts.length == 3 && request.method().equals("PATCH")) {
            ObjectNode fields = body(request);
            records.patch(object, parts[2], fields);
            recorder.record("record.update", object.apiName(), parts[2] + " " + fields);
            return Reply.empty(204);
        }
        if (parts.length == 4
                && parts[2].equals(QualityObject.EXTERNAL_ID)
                && request.method().equals("PATCH")) {
            return upsert(object, URLDecoder.decode(parts[3], StandardCharsets.UTF_8), body(request), version);
        }
        return error(404, "NOT_FOUND", "The requested resource does not exist", List.of());
    }

    private Reply upsert(QualityObject object, String externalId, ObjectNode body, double version)
            throws QualityRefusal {
        for (String name : List.of("Id", QualityObject.EXTERNAL_ID)) {
            if (body.has(name)) {
                throw new QualityRefusal(
                        "INVALID_FIELD",
                        "The field " + name + " must not be in the body of an upsert by " + QualityObject.EXTERNAL_ID,
                        name);
            }
        }
        Optional<ObjectNode> existing = records.byExternalId(object, externalId);
        if (existing.isPresent()) {
            records.patch(object, existing.get().path("Id").asString(), body);
            logged("record.update", object, existing.get());
            return version <= 45.0 ? Reply.empty(204) : json(200, result(existing.get(), false));
        }
        body.put(QualityObject.EXTERNAL_ID, externalId);
        ObjectNode row = records.insert(object, body);
        logged("record.create", object, row);
        return json(201, result(row, true));
    }

    /** Logs a write: the row's id and, when it has one, its external id. */
    private void logged(String operation, QualityObject object, ObjectNode row) {
        String externalId = row.path(QualityObject.EXTERNAL_ID).asString("");
        recorder.record(
                operation,
                object.apiName(),
                row.path("Id").asString() + (externalId.isEmpty() ? "" : " " + externalId));
    }

    private Reply query(String prefix, String text) throws QualityRefusal {
        Soql soql;
        try {
            soql = Soql.parse(text);
        } catch (IllegalArgumentException e) {
            throw new QualityRefusal("MALFORMED_QUERY", e.getMessage());
        }
        QualityObject object = QualityObject.byApiName(soql.object()).orElseThrow();
        for (String field : soql.fields()) {
            boolean known = field.startsWith("Owner.") && object == QualityObject.CAPA
                    ? relationship(field)
                    : field.equals("Id")
                            || QualityObject.systemFields().contains(field)
                            || object.fields().containsKey(field);
            if (!known) {
                throw new QualityRefusal(
                        "INVALID_FIELD", "No such column '" + field + "' on entity '" + object.apiName() + "'.");
            }
        }
        Comparator<ObjectNode> order = soql.orderBy() == null
                ? (a, b) -> 0
                : Comparator.comparing((ObjectNode r) -> r.path(soql.orderBy()).asString(""));
        List<ObjectNode> selected = records.all(object).stream()
                .filter(soql::matches)
                .sorted(order)
                .limit(soql.limit())
                .map(r -> project(prefix, object, r, soql.fields()))
                .toList();
        return page(prefix, selected, selected.size());
    }

    private Reply page(String prefix, List<ObjectNode> rows, int total) {
        ObjectNode answer = json.createObjectNode();
        answer.put("totalSize", total);
        List<ObjectNode> now = rows.subList(0, Math.min(pageSize, rows.size()));
        boolean done = now.size() == rows.size();
        answer.put("done", done);
        if (!done) {
            String cursor = CURSOR + String.format("%011d", nextCursor++) + "-" + (total - rows.size() + now.size());
            cursors.put(cursor, new Pending(new ArrayList<>(rows.subList(now.size(), rows.size())), total));
            answer.put("nextRecordsUrl", prefix + "/query/" + cursor);
        }
        ArrayNode array = answer.putArray("records");
        now.forEach(array::add);
        return json(200, answer);
    }

    private ObjectNode project(String prefix, QualityObject object, ObjectNode row, List<String> fields) {
        ObjectNode out = json.createObjectNode();
        out.set(
                "attributes",
                attributes(prefix, object.apiName(), row.path("Id").asString()));
        for (String field : fields) {
            if (field.startsWith("Owner.")) {
                out.set(
                        "Owner",
                        owner(
                                prefix,
                                row.path(QualityObject.OWNER).asString(null),
                                out.get("Owner"),
                                field.substring(6)));
            } else {
                out.set(field, row.get(field));
            }
        }
        return out;
    }

    /** The {@code Owner} object of a CAPA row with the named field (and {@code Manager.…}) filled in. */
    private JsonNode owner(String prefix, @Nullable String userId, @Nullable JsonNode sofar, String path) {
        QualityRecords.QualityUser user =
                userId == null ? null : records.user(userId).orElse(null);
        if (user == null) {
            return json.nullNode();
        }
        ObjectNode node = sofar != null && sofar.isObject() ? (ObjectNode) sofar : json.createObjectNode();
        node.set("attributes", attributes(prefix, "User", user.id()));
        if (path.startsWith("Manager.")) {
            node.set("Manager", owner(prefix, user.managerId(), node.get("Manager"), path.substring(8)));
        } else {
            node.put(
                    path,
                    switch (path) {
                        case "Id" -> user.id();
                        case "Name" -> user.name();
                        case "Email" -> user.email();
                        case "EmployeeNumber" -> user.employeeId();
                        default -> user.managerId();
                    });
        }
        return node;
    }

    private static boolean relationship(String field) {
        String rest = field.substring("Owner.".length());
        if (rest.startsWith("Manager.")) {
            rest = rest.substring("Manager.".length());
        }
        return USER_FIELDS.contains(rest);
    }

    private ObjectNode withAttributes(String prefix, QualityObject object, ObjectNode row) {
        ObjectNode out = json.createObjectNode();
        out.set(
                "attributes",
                attributes(prefix, object.apiName(), row.path("Id").asString()));
        out.setAll(row);
        return out;
    }

    private ObjectNode attributes(String prefix, String type, String id) {
        ObjectNode attributes = json.createObjectNode();
        attributes.put("type", type);
        attributes.put("url", prefix + "/sobjects/" + type + "/" + id);
        return attributes;
    }

    private ObjectNode result(ObjectNode row, @Nullable Boolean created) {
        ObjectNode answer = json.createObjectNode();
        answer.put("id", row.path("Id").asString());
        answer.put("success", true);
        answer.putArray("errors");
        if (created != null) {
            answer.put("created", created);
        }
        return answer;
    }

    private ObjectNode body(Request request) throws QualityRefusal {
        JsonNode body = json.readTree(request.body());
        if (body == null || !body.isObject()) {
            throw new QualityRefusal("JSON_PARSER_ERROR", "the body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private Reply error(int status, String code, String message, List<String> fields) {
        ArrayNode array = json.createArrayNode();
        ObjectNode e = array.addObject();
        e.put("message", message);
        e.put("errorCode", code);
        ArrayNode f = e.putArray("fields");
        fields.forEach(f::add);
        return json(status, array);
    }

    private Reply json(int status, JsonNode body) {
        return Reply.of(status, "application/json;charset=UTF-8", json.writeValueAsBytes(body));
    }
}
