package org.qualigate.sandbox.qms;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A TrackWise Digital-style QMS training module, as Salesforce's REST API serves it: an OAuth2
 * client-credentials token endpoint, SOQL queries with paging, upsert of training records by external id,
 * and user profiles carrying a certification status. Errors are Salesforce's JSON arrays; an expired token
 * is {@code 401 INVALID_SESSION_ID}. The object and field names are assumptions in TrackWise's style (see
 * {@code docs/connectors.md}). The simulator, like a real QMS, does not protect MANUAL or TRACKWISE records:
 * keeping them is the synchronising system's duty.
 */
public final class QmsSimulator {

    public static final String TRAINING_OBJECT = "CMPL123TMS__Training_Record__c";
    public static final String EXTERNAL_ID = "CMPL123TMS__External_Id__c";
    public static final String EMPLOYEE = "CMPL123TMS__Employee_Id__c";
    public static final String COURSE = "CMPL123TMS__Course_Code__c";
    public static final String COMPLETED = "CMPL123TMS__Completion_Date__c";
    public static final String EXPIRES = "CMPL123TMS__Expiration_Date__c";
    public static final String STATUS = "CMPL123TMS__Status__c";
    public static final String DATA_SOURCE = "CMPL123TMS__Data_Source__c";
    public static final String USER_OBJECT = "User";
    public static final String CERTIFICATION_STATUS = "CMPL123TMS__Certification_Status__c";
    public static final String CLIENT_ID = "qualigate-sandbox";
    public static final String CLIENT_SECRET = "sandbox-qms-secret";

    static final Set<String> DATA_SOURCES = Set.of("HRIS", "MANUAL", "TRACKWISE");
    static final Set<String> STATUSES = Set.of("Complete", "Revoked");
    /** An assignment's status: on the training object, but written by the QMS itself, never by an upsert. */
    public static final String ASSIGNED = "Assigned";

    private static final Pattern DATA_PATH = Pattern.compile("^/services/data/v(\\d+)\\.(\\d+)(/.*)$");

    /** Records a state change in the sandbox's side-effect log. */
    @FunctionalInterface
    public interface Recorder {
        void record(String operation, String resource, String detail);
    }

    /** An answer of the simulator. */
    public record Reply(int status, String contentType, byte[] body) {}

    /** A user profile: the QMS's user for an employee, with the certification status Qualigate keeps current. */
    public record UserProfile(
            String id,
            String employeeId,
            String username,
            @Nullable String certificationStatus) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Recorder recorder;
    private final Supplier<URI> instanceUrl;
    private final Map<String, TrainingRecord> records = new LinkedHashMap<>();
    // record ids by employee, so a query for some people does not walk every record (millions in a benchmark)
    private final Map<String, java.util.Set<String>> idsByEmployee = new HashMap<>();
    private final Map<String, UserProfile> users = new LinkedHashMap<>();
    private final Map<String, Boolean> courses = new LinkedHashMap<>();
    private final Set<String> tokens = new HashSet<>();
    private final Map<String, List<ObjectNode>> cursors = new HashMap<>();
    private int pageSize = 200;
    private long nextId = 1;
    private int tokensIssued;
    private final Map<String, Integer> upsertAttempts = new HashMap<>();
    private @Nullable Instant limitExceededUntil;
    private int callsWhileLimited;
    private final Set<String> missingFields = new HashSet<>();

    public QmsSimulator(Clock clock, JsonMapper json, Recorder recorder, Supplier<URI> instanceUrl) {
        this.clock = clock;
        this.json = json;
        this.recorder = recorder;
        this.instanceUrl = instanceUrl;
    }

    // ---------------------------------------------------------------------------------------------------------
    // In-process control for tests and the demo seed

    /** Adds a course to the catalogue (or brings a deleted one back). */
    public synchronized void addCourse(String code) {
        courses.put(code, false);
    }

    /** Marks a course deleted: records referring to it can no longer be written. */
    public synchronized void deleteCourse(String code) {
        courses.put(code, true);
    }

    /** Adds a user profile for the employee, unless one exists. */
    public synchronized UserProfile addUser(String employeeId, String username) {
        return users.computeIfAbsent(employeeId, e -> new UserProfile(newId("005"), employeeId, username, null));
    }

    public synchronized Optional<UserProfile> user(String employeeId) {
        return Optional.ofNullable(users.get(employeeId));
    }

    public synchronized int userCount() {
        return users.size();
    }

    /** An assignment made in the QMS: the training is due, not done (no completion date, status Assigned). */
    public synchronized TrainingRecord addAssignment(
            String employeeId, String courseCode, String dataSource, Instant lastModified) {
        return putRecord(new TrainingRecord(
                newId("a0T"), null, employeeId, courseCode, null, null, ASSIGNED, dataSource, lastModified));
    }

    /**
     * The org's daily API limit is spent until {@code until}: every data call answers {@code 403
     * REQUEST_LIMIT_EXCEEDED}, as Salesforce does for the whole org (null: the limit is not spent).
     */
    public synchronized void limitExceededUntil(@Nullable Instant until) {
        this.limitExceededUntil = until;
        this.callsWhileLimited = 0;
    }

    /** How many data calls reached the org while its limit was spent. */
    public synchronized int callsWhileLimited() {
        return callsWhileLimited;
    }

    /** The org's training object lacks this field (an org configured without it): naming it is INVALID_FIELD. */
    public synchronized void withoutField(String field) {
        missingFields.add(field);
    }

    /** Stores a record as is (a record entered in the QMS by hand, or a corrupt duplicate). */
    public synchronized TrainingRecord putRecord(TrainingRecord record) {
        store(record);
        return record;
    }

    private void store(TrainingRecord record) {
        TrainingRecord before = records.put(record.id(), record);
        if (before != null && !before.employeeId().equals(record.employeeId())) {
            idsByEmployee.getOrDefault(before.employeeId(), java.util.Set.of()).remove(before.id());
        }
        idsByEmployee
                .computeIfAbsent(record.employeeId(), e -> new java.util.LinkedHashSet<>())
                .add(record.id());
    }

    /** A record entered in the QMS itself ({@code MANUAL} or {@code TRACKWISE}), with a fresh id. */
    public synchronized TrainingRecord addOwnedRecord(
            String employeeId,
            String courseCode,
            LocalDate completed,
            @Nullable LocalDate expires,
            String dataSource,
            Instant lastModified) {
        return putRecord(new TrainingRecord(
                newId("a0T"), null, employeeId, courseCode, completed, expires, "Complete", dataSource, lastModified));
    }

    public synchronized List<TrainingRecord> records() {
        return List.copyOf(records.values());
    }

    public synchronized List<TrainingRecord> records(String employeeId) {
        return idsByEmployee.getOrDefault(employeeId, java.util.Set.of()).stream()
                .map(records::get)
                .toList();
    }

    public synchronized Optional<TrainingRecord> byExternalId(String externalId) {
        return records.values().stream()
                .filter(r -> externalId.equals(r.externalId()))
                .findFirst();
    }

    /** Invalidates every access token issued so far, as a session timeout does. */
    public synchronized void expireTokens() {
        tokens.clear();
    }

    /** Whether the {@code Authorization} header carries a live access token of this instance (the quality API shares them). */
    public synchronized boolean acceptsToken(@Nullable String authorization) {
        return authorization != null
                && authorization.startsWith("Bearer ")
                && tokens.contains(authorization.substring(7).trim());
    }

    /** How many upserts by this external id reached the QMS (refused ones included). */
    public synchronized int upsertAttempts(String externalId) {
        return upsertAttempts.getOrDefault(externalId, 0);
    }

    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    /** Records per query page (Salesforce's default is 2000; smaller here so paging is exercised). */
    public synchronized void pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageSize = size;
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    /** Answers a request whose path is relative to the instance URL. */
    public synchronized Reply handle(
            String method, String path, Map<String, String> query, @Nullable String authorization, byte[] body) {
        if (path.equals("/services/oauth2/token")) {
            return method.equals("POST") ? token(body) : error(405, "METHOD_NOT_ALLOWED", "use POST", List.of());
        }
        Matcher m = DATA_PATH.matcher(path);
        if (!m.matches()) {
            return error(404, "NOT_FOUND", "The requested resource does not exist", List.of());
        }
        if (authorization == null
                || !authorization.startsWith("Bearer ")
                || !tokens.contains(authorization.substring(7).trim())) {
            return error(401, "INVALID_SESSION_ID", "Session expired or invalid", List.of());
        }
        if (limitExceededUntil != null && clock.instant().isBefore(limitExceededUntil)) {
            callsWhileLimited++;
            return error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", List.of());
        }
        double version = Double.parseDouble(m.group(1) + "." + m.group(2));
        String rest = m.group(3);
        String prefix = "/services/data/v" + m.group(1) + "." + m.group(2);
        if (rest.equals("/query") && method.equals("GET")) {
            String q = query.get("q");
            return q == null ? error(400, "MALFORMED_QUERY", "q is required", List.of()) : query(prefix, q);
        }
        if (rest.startsWith("/query/") && method.equals("GET")) {
            return nextPage(prefix, rest.substring("/query/".length()));
        }
        String[] parts = rest.substring(1).split("/");
        if (parts.length == 4
                && parts[0].equals("sobjects")
                && parts[1].equals(TRAINING_OBJECT)
                && parts[2].equals(EXTERNAL_ID)
                && method.equals("PATCH")) {
            return upsert(URLDecoder.decode(parts[3], StandardCharsets.UTF_8), body, version, prefix);
        }
        if (parts.length == 3
                && parts[0].equals("sobjects")
                && parts[1].equals(USER_OBJECT)
                && method.equals("PATCH")) {
            return updateUser(parts[2], body);
        }
        return error(404, "NOT_FOUND", "The requested resource does not exist", List.of());
    }

    /** An error answer in Salesforce's shape, chosen by status (faults use it). */
    public Reply faultError(int status, String message) {
        String code = switch (status) {
            case 401 -> "INVALID_SESSION_ID";
            case 403 -> "REQUEST_LIMIT_EXCEEDED";
            case 503 -> "SERVER_UNAVAILABLE";
            default -> status >= 500 ? "UNKNOWN_EXCEPTION" : "INVALID_REQUEST";
        };
        return error(status, code, status == 403 ? "TotalRequests Limit exceeded." : message, List.of());
    }

    private Reply token(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return oauthError("unsupported_grant_type", "grant type not supported");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        String token = "00D" + UUID.randomUUID().toString().replace("-", "");
        tokens.add(token);
        tokensIssued++;
        ObjectNode answer = json.createObjectNode();
        answer.put("access_token", token);
        answer.put("instance_url", instanceUrl.get().toString());
        answer.put("id", instanceUrl.get() + "/id/00D000000000001/005000000000001");
        answer.put("token_type", "Bearer");
        answer.put("issued_at", Long.toString(clock.millis()));
        answer.put("signature", "c2FuZGJveA==");
        return json(200, answer);
    }

    private Reply oauthError(String code, String description) {
        ObjectNode answer = json.createObjectNode();
        answer.put("error", code);
        answer.put("error_description", description);
        return json(400, answer);
    }

    private Reply query(String prefix, String text) {
        Soql soql;
        try {
            soql = Soql.parse(text);
        } catch (IllegalArgumentException e) {
            return error(400, "MALFORMED_QUERY", e.getMessage(), List.of());
        }
        List<ObjectNode> rows = new ArrayList<>();
        if (soql.object().equals(TRAINING_OBJECT)) {
            candidates(soql).stream().map(r -> row(prefix, r)).forEach(rows::add);
        } else if (soql.object().equals(USER_OBJECT)) {
            users.values().stream().map(u -> row(prefix, u)).forEach(rows::add);
        } else {
            return error(400, "INVALID_TYPE", "sObject type '" + soql.object() + "' is not supported.", List.of());
        }
        for (String field : soql.fields()) {
            if ((!rows.isEmpty() && !rows.getFirst().has(field)) || missingFields.contains(field)) {
                return error(
                        400,
                        "INVALID_FIELD",
                        "No such column '" + field + "' on entity '" + soql.object() + "'.",
                        List.of());
            }
        }
        List<ObjectNode> selected = new ArrayList<>();
        rows.stream()
                .filter(soql::matches)
                .sorted(
                        soql.orderBy() == null
                                ? (a, b) -> 0
                                : Comparator.comparing(
                                        (ObjectNode r) -> r.path(soql.orderBy()).asString("")))
                .limit(soql.limit())
                .forEach(r -> selected.add(project(r, soql.fields())));
        return page(prefix, selected, selected.size());
    }

    /** The records a query can match: those of the employees it names, when it names them, else all. */
    private java.util.Collection<TrainingRecord> candidates(Soql soql) {
        for (Soql.Condition c : soql.where()) {
            if (c.field().equals(EMPLOYEE) && (c.op().equals("=") || c.op().equals("IN"))) {
                List<TrainingRecord> some = new ArrayList<>();
                for (String employee : c.values()) {
                    if (employee != null) {
                        some.addAll(records(employee));
                    }
                }
                return some;
            }
        }
        return records.values();
    }

    private Reply nextPage(String prefix, String cursor) {
        List<ObjectNode> remaining = cursors.remove(cursor);
        if (remaining == null) {
            return error(400, "INVALID_QUERY_LOCATOR", "invalid query locator", List.of());
        }
        int total = Integer.parseInt(cursor.substring(cursor.indexOf('#') + 1));
        return page(prefix, remaining, total);
    }

    private Reply page(String prefix, List<ObjectNode> rows, int total) {
        ObjectNode answer = json.createObjectNode();
        answer.put("totalSize", total);
        List<ObjectNode> now = rows.subList(0, Math.min(pageSize, rows.size()));
        boolean done = now.size() == rows.size();
        answer.put("done", done);
        if (!done) {
            String cursor = "01g" + nextId++ + "-" + pageSize + "#" + total;
            cursors.put(cursor, new ArrayList<>(rows.subList(now.size(), rows.size())));
            answer.put("nextRecordsUrl", prefix + "/query/" + cursor.replace("#", "%23"));
        }
        ArrayNode array = answer.putArray("records");
        now.forEach(array::add);
        return json(200, answer);
    }

    private ObjectNode project(ObjectNode row, List<String> fields) {
        ObjectNode out = json.createObjectNode();
        out.set("attributes", row.get("attributes"));
        fields.forEach(f -> out.set(f, row.get(f)));
        return out;
    }

    private ObjectNode row(String prefix, TrainingRecord r) {
        ObjectNode row = json.createObjectNode();
        ObjectNode attributes = row.putObject("attributes");
        attributes.put("type", TRAINING_OBJECT);
        attributes.put("url", prefix + "/sobjects/" + TRAINING_OBJECT + "/" + r.id());
        row.put("Id", r.id());
        row.put("Name", "TR-" + r.id().substring(3));
        row.put(EXTERNAL_ID, r.externalId());
        row.put(EMPLOYEE, r.employeeId());
        row.put(COURSE, r.courseCode());
        row.put(
                COMPLETED,
                r.completionDate() == null ? null : r.completionDate().toString());
        row.put(EXPIRES, r.expirationDate() == null ? null : r.expirationDate().toString());
        row.put(STATUS, r.status());
        row.put(DATA_SOURCE, r.dataSource());
        row.put("LastModifiedDate", Soql.DATE_TIME.format(r.lastModified().atOffset(ZoneOffset.UTC)));
        return row;
    }

    private ObjectNode row(String prefix, UserProfile u) {
        ObjectNode row = json.createObjectNode();
        ObjectNode attributes = row.putObject("attributes");
        attributes.put("type", USER_OBJECT);
        attributes.put("url", prefix + "/sobjects/User/" + u.id());
        row.put("Id", u.id());
        row.put("Username", u.username());
        row.put("EmployeeNumber", u.employeeId());
        row.put(CERTIFICATION_STATUS, u.certificationStatus());
        return row;
    }

    private Reply upsert(String externalId, byte[] body, double version, String prefix) {
        upsertAttempts.merge(externalId, 1, Integer::sum);
        ObjectNode fields;
        try {
            JsonNode parsed = json.readTree(body);
            if (parsed == null || !parsed.isObject()) {
                return error(400, "JSON_PARSER_ERROR", "the body must be a JSON object", List.of());
            }
            fields = (ObjectNode) parsed;
        } catch (JacksonException e) {
            return error(400, "JSON_PARSER_ERROR", "cannot parse the body: " + e.getOriginalMessage(), List.of());
        }
        for (String name : fields.propertyNames()) {
            if (name.equals("Id") || name.equals(EXTERNAL_ID)) {
                return error(
                        400,
                        "INVALID_FIELD",
                        "The field " + name + " must not be in the body of an upsert by " + EXTERNAL_ID,
                        List.of(name));
            }
            if (!Set.of(EMPLOYEE, COURSE, COMPLETED, EXPIRES, STATUS, DATA_SOURCE)
                            .contains(name)
                    || missingFields.contains(name)) {
                return error(
                        400,
                        "INVALID_FIELD",
                        "No such column '" + name + "' on sobject of type " + TRAINING_OBJECT,
                        List.of(name));
            }
        }
        List<TrainingRecord> matching = records.values().stream()
                .filter(r -> externalId.equals(r.externalId()))
                .toList();
        if (matching.size() > 1) {
            ArrayNode urls = json.createArrayNode();
            matching.forEach(r -> urls.add(prefix + "/sobjects/" + TRAINING_OBJECT + "/" + r.id()));
            return json(300, urls);
        }
        TrainingRecord existing = matching.isEmpty() ? null : matching.getFirst();
        List<String> missing = new ArrayList<>();
        for (String required : List.of(EMPLOYEE, COURSE, COMPLETED, STATUS)) {
            boolean given = fields.hasNonNull(required)
                    && !fields.get(required).asString().isBlank();
            if (!given && (existing == null || fields.has(required))) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            return error(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
        }
        String employee = text(fields, EMPLOYEE, existing == null ? null : existing.employeeId());
        String course = text(fields, COURSE, existing == null ? null : existing.courseCode());
        String status = text(fields, STATUS, existing == null ? null : existing.status());
        String source = text(fields, DATA_SOURCE, existing == null ? "HRIS" : existing.dataSource());
        if (!STATUSES.contains(status)) {
            return error(
                    400,
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    "Status: bad value for restricted picklist field: " + status,
                    List.of(STATUS));
        }
        if (!DATA_SOURCES.contains(source)) {
            return error(
                    400,
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    "Data Source: bad value for restricted picklist field: " + source,
                    List.of(DATA_SOURCE));
        }
        Boolean deleted = courses.get(course);
        if (deleted == null) {
            return error(
                    400,
                    "FIELD_INTEGRITY_EXCEPTION",
                    "Course Code: no active course with code " + course + " exists in the course catalogue",
                    List.of(COURSE));
        }
        if (deleted) {
            return error(400, "ENTITY_IS_DELETED", "entity is deleted: course " + course, List.of(COURSE));
        }
        if (!users.containsKey(employee)) {
            return error(
                    400,
                    "FIELD_INTEGRITY_EXCEPTION",
                    "Employee Id: no user with employee number " + employee,
                    List.of(EMPLOYEE));
        }
        LocalDate completed;
        LocalDate expires;
        try {
            completed = LocalDate.parse(
                    text(fields, COMPLETED, existing == null ? null : dateText(existing.completionDate())));
            String exp = fields.has(EXPIRES)
                    ? (fields.get(EXPIRES).isNull() ? null : fields.get(EXPIRES).asString())
                    : existing == null ? null : dateText(existing.expirationDate());
            expires = exp == null ? null : LocalDate.parse(exp);
        } catch (DateTimeParseException e) {
            return error(
                    400,
                    "INVALID_TYPE_ON_FIELD_IN_RECORD",
                    "Completion/Expiration Date: value not of required type: " + e.getParsedString(),
                    List.of(COMPLETED, EXPIRES));
        }
        boolean created = existing == null;
        String id = created ? newId("a0T") : existing.id();
        TrainingRecord record = new TrainingRecord(
                id, externalId, employee, course, completed, expires, status, source, clock.instant());
        store(record);
        recorder.record(
                created ? "training-record.create" : "training-record.update",
                externalId,
                employee + " " + course + " " + status + " " + completed + (expires == null ? "" : " → " + expires));
        if (!created && version <= 45.0) {
            return new Reply(204, "application/json", new byte[0]);
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("id", id);
        answer.put("success", true);
        answer.putArray("errors");
        answer.put("created", created);
        return json(created ? 201 : 200, answer);
    }

    private Reply updateUser(String id, byte[] body) {
        UserProfile user = users.values().stream()
                .filter(u -> u.id().equals(id))
                .findFirst()
                .orElse(null);
        if (user == null) {
            return error(
                    404,
                    "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + id,
                    List.of());
        }
        JsonNode fields;
        try {
            fields = json.readTree(body);
        } catch (JacksonException e) {
            return error(400, "JSON_PARSER_ERROR", "cannot parse the body", List.of());
        }
        for (String name : fields.propertyNames()) {
            if (!name.equals(CERTIFICATION_STATUS)) {
                return error(
                        400, "INVALID_FIELD", "No such column '" + name + "' on sobject of type User", List.of(name));
            }
        }
        String status = fields.path(CERTIFICATION_STATUS).asString(null);
        UserProfile updated = new UserProfile(user.id(), user.employeeId(), user.username(), status);
        users.put(user.employeeId(), updated);
        recorder.record("user.certification-status", user.employeeId(), String.valueOf(status));
        return new Reply(204, "application/json", new byte[0]);
    }

    private static String text(JsonNode fields, String name, @Nullable String fallback) {
        JsonNode n = fields.get(name);
        return n == null || n.isNull() ? String.valueOf(fallback) : n.asString();
    }

    private static @Nullable String dateText(@Nullable LocalDate d) {
        return d == null ? null : d.toString();
    }

    private String newId(String prefix) {
        return prefix + String.format(Locale.ROOT, "%012d", nextId++);
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
        return new Reply(status, "application/json;charset=UTF-8", json.writeValueAsBytes(body));
    }
}
