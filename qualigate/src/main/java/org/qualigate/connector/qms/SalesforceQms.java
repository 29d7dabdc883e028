package org.qualigate.connector.qms;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.CallPauses;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.ledger.EmployeeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A TrackWise Digital-style QMS reached over Salesforce's REST API. Authenticates with the OAuth2
 * client-credentials flow and refreshes the token once when the QMS answers {@code 401 INVALID_SESSION_ID};
 * upserts training records by external id (201 created; 200 or, before API 46.0, 204 updated); reads
 * records with SOQL, following {@code nextRecordsUrl}; reads Salesforce's error arrays {@code
 * [{"message","errorCode","fields"}]}: a refused record is a {@link UpsertOutcome.Rejected} with the QMS's
 * own message, an exhausted API limit ({@code 403 REQUEST_LIMIT_EXCEEDED}) and any 5xx are transient. The API limit
 * is the whole org's: it pauses every call to the org, from every worker and instance ({@link CallPauses}), until
 * the configured wait is over. Salesforce answers {@code null} for every empty field: a record with no completion
 * date is an assignment, not a completion, and a row that cannot be read is reported with its field and reason while
 * the rest of the page is read.
 */
public final class SalesforceQms implements TrainingTarget {

    private static final DateTimeFormatter SALESFORCE_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    private static final Logger log = LoggerFactory.getLogger(SalesforceQms.class);

    private final String name;
    private final QmsSettings settings;
    private final QmsSettings.Fields f;
    private final HttpClient http;
    private final CallPauses pauses;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile @Nullable Session session;

    private record Session(String token, URI instanceUrl) {}

    private static final byte[] NO_RAW = new byte[0];

    /**
     * A row as the QMS sent it, with the raw JSON (the evidence when it is read into the ledger): the record read from
     * it, or why there is none ({@code field} and {@code reason}; an assignment is no completion, not an error).
     */
    public record Received(
            @Nullable TrainingRecord record,
            byte[] raw,
            @Nullable String field,
            @Nullable String reason,
            boolean assignment) {

        static Received read(TrainingRecord record, byte[] raw) {
            return new Received(record, raw, null, null, false);
        }
    }

    /** One page of a query and the URL of the next (null when done). */
    public record Page(List<Received> records, @Nullable String nextRecordsUrl) {}

    public SalesforceQms(String name, QmsSettings settings) {
        this(name, settings, CallPauses.none(), Clock.systemUTC());
    }

    public SalesforceQms(String name, QmsSettings settings, CallPauses pauses, Clock clock) {
        this(
                name,
                settings,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.requestTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                pauses,
                clock);
    }

    public SalesforceQms(String name, QmsSettings settings, HttpClient http) {
        this(name, settings, http, CallPauses.none(), Clock.systemUTC());
    }

    public SalesforceQms(String name, QmsSettings settings, HttpClient http, CallPauses pauses, Clock clock) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("qualigate.qms.base-url is not set");
        }
        this.name = name;
        this.settings = settings;
        this.f = settings.fields();
        this.http = http;
        this.pauses = pauses;
        this.clock = clock;
    }

    @Override
    public boolean holdsExpiry() {
        return settings.writeExpiry();
    }

    @Override
    public boolean holdsCertificationStatus() {
        return settings.writeCertificationStatus();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public java.util.Set<String> ownedDataSources() {
        return new java.util.HashSet<>(settings.owners());
    }

    @Override
    public String ownDataSource() {
        return settings.ownDataSource();
    }

    public QmsSettings settings() {
        return settings;
    }

    @Override
    public List<TrainingRecord> recordsOf(EmployeeId employeeId) {
        List<TrainingRecord> all = new ArrayList<>();
        Page page = query(select() + " WHERE " + f.employee() + " = " + quote(employeeId.value()));
        while (true) {
            page.records().stream()
                    .map(Received::record)
                    .filter(java.util.Objects::nonNull)
                    .forEach(all::add);
            if (page.nextRecordsUrl() == null) {
                return all;
            }
            page = next(page.nextRecordsUrl());
        }
    }

    /**
     * Every training record the QMS holds for these people, whoever owns it, asked in chunks of at most 200
     * employee ids per query (a reconciliation reads a whole site this way).
     */
    @Override
    public List<TrainingRecord> recordsOf(java.util.Collection<EmployeeId> employeeIds) {
        List<TrainingRecord> all = new ArrayList<>();
        List<EmployeeId> ids = List.copyOf(employeeIds);
        for (int from = 0; from < ids.size(); from += 200) {
            String in = ids.subList(from, Math.min(from + 200, ids.size())).stream()
                    .map(id -> quote(id.value()))
                    .collect(Collectors.joining(", "));
            // the raw rows are not kept: a reconciliation compares records, it archives no evidence
            Page page = page(
                    send(
                            "GET",
                            dataPath() + "/query?q="
                                    + URLEncoder.encode(
                                            select() + " WHERE " + f.employee() + " IN (" + in + ")",
                                            StandardCharsets.UTF_8),
                            null),
                    false);
            while (true) {
                page.records().stream()
                        .map(Received::record)
                        .filter(java.util.Objects::nonNull)
                        .forEach(all::add);
                if (page.nextRecordsUrl() == null) {
                    break;
                }
                page = page(send("GET", page.nextRecordsUrl(), null), false);
            }
        }
        return all;
    }

    /** The first page of the records the QMS owns that changed in [{@code from}, {@code through}]. */
    public Page ownedChanged(Instant from, Instant through) {
        String owners = settings.owners().stream().map(SalesforceQms::quote).collect(Collectors.joining(", "));
        return query(select() + " WHERE " + f.dataSource() + " IN (" + owners + ") AND " + f.lastModified() + " >= "
                + literal(from) + " AND " + f.lastModified() + " <= " + literal(through) + " ORDER BY "
                + f.lastModified());
    }

    /** The page at a {@code nextRecordsUrl}. */
    public Page next(String nextRecordsUrl) {
        return page(send("GET", nextRecordsUrl, null));
    }

    @Override
    public UpsertOutcome upsert(TrainingRecord record) {
        if (record.externalId() == null) {
            throw new IllegalArgumentException("an upsert needs an external id");
        }
        ObjectNode body = json.createObjectNode();
        // The body must carry neither Id nor the external-id field of the URL.
        body.put(f.employee(), record.employeeId().value());
        body.put(f.course(), record.courseCode());
        body.put(f.completed(), record.completedOn().toString());
        if (settings.writeExpiry()) {
            body.put(
                    f.expires(),
                    record.expiresOn() == null ? null : record.expiresOn().toString());
        }
        body.put(
                f.status(),
                record.revoked()
                        ? settings.values().revoked()
                        : settings.values().complete());
        body.put(f.dataSource(), record.dataSource());
        String path = dataPath() + "/sobjects/" + f.trainingObject() + "/" + f.externalId() + "/"
                + URLEncoder.encode(record.externalId(), StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = send("PATCH", path, json.writeValueAsString(body));
        int status = response.statusCode();
        if (status == 201) {
            return new UpsertOutcome.Created(text(parse(response), "id", ""));
        }
        if (status == 200 || status == 204) {
            return new UpsertOutcome.Updated(status == 204 ? null : text(parse(response), "id", null));
        }
        if (status == 300) {
            return new UpsertOutcome.Rejected(
                    "DUPLICATE_VALUE",
                    "external id " + record.externalId() + " matches several records: " + response.body(),
                    List.of(f.externalId()));
        }
        if (status == 400 || status == 404) {
            QmsError error = QmsError.first(json, response.body());
            return new UpsertOutcome.Rejected(error.errorCode(), error.message(), error.fields());
        }
        throw failure(response);
    }

    @Override
    public java.util.Optional<CertificationStatus> certificationStatusOf(EmployeeId employeeId) {
        if (!settings.writeCertificationStatus()) {
            return java.util.Optional.empty();
        }
        Page users = query("SELECT Id, " + f.certificationStatus() + " FROM " + f.userObject() + " WHERE "
                + f.userEmployee() + " = " + quote(employeeId.value()));
        if (users.records().isEmpty()) {
            return java.util.Optional.empty();
        }
        String shown = text(json.readTree(users.records().getFirst().raw()), f.certificationStatus(), null);
        return settings.values().certificationStatus().entrySet().stream()
                .filter(e -> e.getValue().equals(shown))
                .map(e -> CertificationStatus.valueOf(e.getKey()))
                .findFirst();
    }

    @Override
    public StatusUpdate updateCertificationStatus(EmployeeId employeeId, CertificationStatus status) {
        if (!settings.writeCertificationStatus()) {
            return StatusUpdate.UNCHANGED;
        }
        Page users = query("SELECT Id, " + f.certificationStatus() + " FROM " + f.userObject() + " WHERE "
                + f.userEmployee() + " = " + quote(employeeId.value()));
        if (users.records().isEmpty()) {
            return StatusUpdate.NO_USER;
        }
        JsonNode user = json.readTree(users.records().getFirst().raw());
        String value = settings.values().certificationStatus().get(status.name());
        if (value.equals(text(user, f.certificationStatus(), null))) {
            return StatusUpdate.UNCHANGED;
        }
        ObjectNode body = json.createObjectNode();
        body.put(f.certificationStatus(), value);
        HttpResponse<String> response = send(
                "PATCH",
                dataPath() + "/sobjects/" + f.userObject() + "/" + text(user, "Id", ""),
                json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
        return StatusUpdate.UPDATED;
    }

    /** Rows of any object as the QMS answers them (JSON, nulls kept), and the link to the next page (null: last). */
    public record Rows(List<JsonNode> rows, @Nullable String next) {}

    /** The first page of a SOQL query's rows, for the QMS's other objects (quality records). */
    public Rows rows(String soql) {
        return rowsOf(send("GET", dataPath() + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null));
    }

    /** The page of rows at a {@code nextRecordsUrl}. */
    public Rows rowsAt(String nextRecordsUrl) {
        return rowsOf(send("GET", nextRecordsUrl, null));
    }

    /**
     * Upserts a row of any object by an external id (the body carries neither {@code Id} nor that field); a refusal
     * or a failure throws, with the QMS's error code.
     */
    public void upsertRow(String object, String externalIdField, String value, java.util.Map<String, Object> body) {
        String path = dataPath() + "/sobjects/" + object + "/" + externalIdField + "/"
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = send("PATCH", path, json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
    }

    /** Updates fields of a row by its id. */
    public void updateRow(String object, String id, java.util.Map<String, Object> body) {
        HttpResponse<String> response = send(
                "PATCH",
                dataPath() + "/sobjects/" + object + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
    }

    /** The API version path, e.g. {@code /services/data/v60.0}. */
    public String apiPath() {
        return dataPath();
    }

    private Rows rowsOf(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        JsonNode body = parse(response);
        List<JsonNode> rows = new ArrayList<>();
        body.path("records").values().forEach(rows::add);
        boolean done = body.path("done").asBoolean(true);
        String next = body.path("nextRecordsUrl").asString(null);
        if (!done && (next == null || next.isBlank())) {
            throw TargetException.permanentFailure(
                    prefix() + "a query page is not done but has no nextRecordsUrl", null);
        }
        return new Rows(rows, done ? null : next);
    }

    // ---------------------------------------------------------------------------------------------------------

    private String select() {
        List<String> fields = new ArrayList<>(List.of(f.externalId(), f.employee(), f.course(), f.completed()));
        if (settings.writeExpiry()) {
            fields.add(f.expires());
        }
        fields.addAll(List.of(f.status(), f.dataSource(), f.lastModified()));
        return "SELECT Id, " + String.join(", ", fields) + " FROM " + f.trainingObject();
    }

    private Page query(String soql) {
        return page(send("GET", dataPath() + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null));
    }

    private Page page(HttpResponse<String> response) {
        return page(response, true);
    }

    private Page page(HttpResponse<String> response, boolean keepRaw) {
        Rows rows = rowsOf(response);
        List<Received> records = new ArrayList<>();
        for (JsonNode row : rows.rows()) {
            String type = row.path("attributes").path("type").asString("");
            byte[] raw = keepRaw ? json.writeValueAsBytes(row) : NO_RAW;
            records.add(type.equals(f.userObject()) ? new Received(null, raw, null, null, false) : received(row, raw));
        }
        return new Page(records, rows.next());
    }

    /**
     * Reads one training record row. Every field may be JSON {@code null} (Salesforce sends empty fields so): a row
     * without a completion date is an assignment; a row that lacks what a record needs, or carries a value that does
     * not parse, is returned with the field and the reason, and the rest of the page goes on.
     */
    private Received received(JsonNode row, byte[] raw) {
        String id = text(row, "Id", null);
        String employee = text(row, f.employee(), null);
        String completed = text(row, f.completed(), null);
        if (completed == null) {
            return new Received(null, raw, f.completed(), "assigned, not completed: no completion date", true);
        }
        if (employee == null || !EmployeeId.isValid(employee)) {
            return unreadable(raw, f.employee(), employee == null ? "missing" : "not an employee ID: " + employee);
        }
        String course = text(row, f.course(), null);
        if (course == null || course.isBlank()) {
            return unreadable(raw, f.course(), "missing");
        }
        String dataSource = text(row, f.dataSource(), null);
        if (dataSource == null) {
            return unreadable(raw, f.dataSource(), "missing: whose record it is cannot be told");
        }
        LocalDate completedOn;
        try {
            completedOn = LocalDate.parse(completed);
        } catch (DateTimeParseException e) {
            return unreadable(raw, f.completed(), "not a date: " + completed);
        }
        LocalDate expiresOn = null;
        String expires = settings.writeExpiry() ? text(row, f.expires(), null) : null;
        if (expires != null) {
            try {
                expiresOn = LocalDate.parse(expires);
            } catch (DateTimeParseException e) {
                return unreadable(raw, f.expires(), "not a date: " + expires);
            }
        }
        Instant modified = null;
        String modifiedText = text(row, f.lastModified(), null);
        if (modifiedText != null) {
            try {
                modified =
                        OffsetDateTime.parse(modifiedText, SALESFORCE_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return unreadable(raw, f.lastModified(), "not a Salesforce date-time: " + modifiedText);
            }
        }
        String status = text(row, f.status(), "");
        return Received.read(
                new TrainingRecord(
                        id,
                        text(row, f.externalId(), null),
                        EmployeeId.of(employee),
                        course,
                        completedOn,
                        expiresOn,
                        status.equals(settings.values().revoked()),
                        dataSource,
                        modified),
                raw);
    }

    private Received unreadable(byte[] raw, String field, String reason) {
        log.warn(
                "QMS {}: a training record row cannot be read ({} {}); the rest of the page is read",
                name,
                field,
                reason);
        return new Received(null, raw, field, reason, false);
    }

    private String dataPath() {
        return "/services/data/v" + settings.apiVersion();
    }

    /**
     * Sends with the current session; on {@code 401 INVALID_SESSION_ID} gets a new token and tries once more. While the
     * org's API limit is spent (a pause shared by every worker and instance) no call is made.
     */
    private HttpResponse<String> send(String method, String path, @Nullable String body) {
        heldBackWhilePaused();
        Session s = session();
        HttpResponse<String> response = exchange(s, method, path, body);
        if (response.statusCode() == 401) {
            synchronized (this) {
                if (session == s) {
                    session = null;
                }
            }
            response = exchange(session(), method, path, body);
            if (response.statusCode() == 401) {
                throw TargetException.permanentFailure(
                        prefix() + "a fresh token is refused too: " + QmsError.first(json, response.body()), null);
            }
        }
        return response;
    }

    private HttpResponse<String> exchange(Session s, String method, String path, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.instanceUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + s.token())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(request.build());
    }

    private void heldBackWhilePaused() {
        pauses.pausedUntil(name).ifPresent(until -> {
            throw TargetException.heldBack(
                    prefix() + "the org's API limit is spent; no call until " + until,
                    Duration.between(clock.instant(), until).isNegative()
                            ? Duration.ZERO
                            : Duration.between(clock.instant(), until));
        });
    }

    private Session session() {
        Session s = session;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (session == null) {
                session = login();
            }
            return session;
        }
    }

    private Session login() {
        String form = "grant_type=client_credentials&client_id=" + enc(settings.clientId()) + "&client_secret="
                + enc(settings.clientSecret());
        HttpResponse<String> response =
                call(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/services/oauth2/token"))
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build());
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            JsonNode error = parse(response);
            // Secrets are never logged: only the error code and description the server sent.
            throw TargetException.permanentFailure(
                    prefix() + "token refused: " + text(error, "error", "?") + " "
                            + text(error, "error_description", ""),
                    null);
        }
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        JsonNode token = parse(response);
        String access = text(token, "access_token", null);
        if (access == null) {
            throw TargetException.permanentFailure(prefix() + "token answer without access_token", null);
        }
        return new Session(access, URI.create(text(token, "instance_url", settings.baseUrl())));
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw TargetException.transientFailure(prefix() + request.method() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TargetException.transientFailure(prefix() + "interrupted", e);
        }
    }

    private TargetException failure(HttpResponse<String> response) {
        int status = response.statusCode();
        QmsError error = QmsError.first(json, response.body());
        String message = prefix() + status + " " + error;
        if (status == 403 && error.errorCode().equals("REQUEST_LIMIT_EXCEEDED")) {
            // the limit is the org's, not this call's: everyone waits
            pauses.pause(name, clock.instant().plus(settings.limitWait()), message);
            return TargetException.rateLimited(message, settings.limitWait());
        }
        if (status == 429) {
            return TargetException.rateLimited(message, null);
        }
        if (status >= 500 || status == 408) {
            return TargetException.transientFailure(message, null);
        }
        return TargetException.permanentFailure(message, null);
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            JsonNode node = json.readTree(response.body());
            return node == null ? json.createObjectNode() : node;
        } catch (JacksonException e) {
            throw TargetException.permanentFailure(
                    prefix() + "answer " + response.statusCode() + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String prefix() {
        return "QMS " + name + ": ";
    }

    private static String enc(@Nullable String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** A Salesforce date-time ({@code 2026-11-20T08:00:00.000+0000}) or an RFC 3339 one. */
    static Instant dateTime(String text) {
        try {
            return OffsetDateTime.parse(text, SALESFORCE_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String literal(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static @Nullable String text(JsonNode node, String field, @Nullable String fallback) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? fallback : n.asString();
    }

    /** The first entry of a Salesforce error array. */
    record QmsError(String errorCode, String message, List<String> fields) {

        static QmsError first(JsonMapper json, String body) {
            try {
                JsonNode node = json.readTree(body);
                JsonNode e = node != null && node.isArray() && !node.isEmpty() ? node.get(0) : node;
                if (e == null || !e.isObject()) {
                    return new QmsError("UNKNOWN", clip(body), List.of());
                }
                List<String> fields = new ArrayList<>();
                e.path("fields").values().forEach(v -> fields.add(v.asString()));
                return new QmsError(
                        Optional.ofNullable(text(e, "errorCode", null))
                                .orElse(String.valueOf(text(e, "error", "UNKNOWN"))),
                        Optional.ofNullable(text(e, "message", null))
                                .orElse(String.valueOf(text(e, "error_description", clip(body)))),
                        fields);
            } catch (JacksonException ex) {
                return new QmsError("UNKNOWN", clip(body), List.of());
            }
        }

        private static String clip(String s) {
            return s.length() > 300 ? s.substring(0, 300) : s;
        }

        @Override
        public String toString() {
            return errorCode + ": " + message + (fields.isEmpty() ? "" : " " + fields);
        }
    }
}
