package org.qualigate.connector.qms;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.CallPauses;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.trace.Traces;
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

    static final DateTimeFormatter SALESFORCE_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    private final String name;
    private final QmsSettings settings;
    private final QmsSettings.Fields f;
    private final JsonMapper json = JsonMapper.builder().build();
    private final SalesforceSession api;
    private final TrainingRows reader;

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

    /** Without pauses shared with other instances, on the system clock, its calls recorded nowhere (a tool, a test). */
    public SalesforceQms(String name, QmsSettings settings) {
        this(name, settings, CallPauses.none(), Clock.systemUTC(), Traces.CallRecorder.NONE);
    }

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public SalesforceQms(
            String name, QmsSettings settings, CallPauses pauses, Clock clock, Traces.CallRecorder recorder) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("qualigate.qms.base-url is not set");
        }
        this.name = name;
        this.settings = settings;
        this.f = settings.fields();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.api = new SalesforceSession(name, settings, new HttpCalls(http, recorder), pauses, clock, json);
        this.reader = new TrainingRows(name, settings);
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
        collect(query(select() + " WHERE " + f.employee() + " = " + quote(employeeId.value())), true, all);
        return all;
    }

    /** Adds the records of this page and of the pages after it. */
    private void collect(Page first, boolean keepRaw, List<TrainingRecord> all) {
        Page page = first;
        while (true) {
            page.records().stream()
                    .map(Received::record)
                    .filter(java.util.Objects::nonNull)
                    .forEach(all::add);
            if (page.nextRecordsUrl() == null) {
                return;
            }
            page = page(api.send("GET", page.nextRecordsUrl(), null), keepRaw);
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
                    api.send(
                            "GET",
                            dataPath() + "/query?q="
                                    + URLEncoder.encode(
                                            select() + " WHERE " + f.employee() + " IN (" + in + ")",
                                            StandardCharsets.UTF_8),
                            null),
                    false);
            collect(page, false, all);
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
        return page(api.send("GET", nextRecordsUrl, null));
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
        HttpResponse<String> response = api.send("PATCH", path, json.writeValueAsString(body));
        int status = response.statusCode();
        if (status == 201) {
            return new UpsertOutcome.Created(SalesforceSession.text(api.parse(response), "id", ""));
        }
        if (status == 200 || status == 204) {
            return new UpsertOutcome.Updated(
                    status == 204 ? null : SalesforceSession.text(api.parse(response), "id", null));
        }
        if (status == 300) {
            return new UpsertOutcome.Rejected(
                    "DUPLICATE_VALUE",
                    "external id " + record.externalId() + " matches several records: " + response.body(),
                    List.of(f.externalId()));
        }
        if (status == 400 || status == 404) {
            SalesforceSession.QmsError error = SalesforceSession.QmsError.first(json, response.body());
            return new UpsertOutcome.Rejected(error.errorCode(), error.message(), error.fields());
        }
        throw api.failure(response);
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
        String shown =
                SalesforceSession.text(json.readTree(users.records().getFirst().raw()), f.certificationStatus(), null);
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
        if (value.equals(SalesforceSession.text(user, f.certificationStatus(), null))) {
            return StatusUpdate.UNCHANGED;
        }
        ObjectNode body = json.createObjectNode();
        body.put(f.certificationStatus(), value);
        HttpResponse<String> response = api.send(
                "PATCH",
                dataPath() + "/sobjects/" + f.userObject() + "/" + SalesforceSession.text(user, "Id", ""),
                json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw api.failure(response);
        }
        return StatusUpdate.UPDATED;
    }

    /** Rows of any object as the QMS answers them (JSON, nulls kept), and the link to the next page (null: last). */
    public record Rows(List<JsonNode> rows, @Nullable String next) {}

    /** The first page of a SOQL query's rows, for the QMS's other objects (quality records). */
    public Rows rows(String soql) {
        return rowsOf(
                api.send("GET", dataPath() + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null));
    }

    /** The page of rows at a {@code nextRecordsUrl}. */
    public Rows rowsAt(String nextRecordsUrl) {
        return rowsOf(api.send("GET", nextRecordsUrl, null));
    }

    /**
     * Upserts a row of any object by an external id (the body carries neither {@code Id} nor that field); a refusal
     * or a failure throws, with the QMS's error code. The body is a map on purpose: its field names are the
     * configured Salesforce fields.
     */
    public void upsertRow(String object, String externalIdField, String value, java.util.Map<String, Object> body) {
        String path = dataPath() + "/sobjects/" + object + "/" + externalIdField + "/"
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = api.send("PATCH", path, json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw api.failure(response);
        }
    }

    /** Updates fields of a row by its id (the body keyed by the configured Salesforce fields). */
    public void updateRow(String object, String id, java.util.Map<String, Object> body) {
        HttpResponse<String> response = api.send(
                "PATCH",
                dataPath() + "/sobjects/" + object + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                json.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            throw api.failure(response);
        }
    }

    /** The org's HTTP session, for the adapters of the QMS's other objects. */
    SalesforceSession session() {
        return api;
    }

    /** The API version path, e.g. {@code /services/data/v60.0}. */
    public String apiPath() {
        return dataPath();
    }

    private Rows rowsOf(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw api.failure(response);
        }
        JsonNode body = api.parse(response);
        List<JsonNode> rows = new ArrayList<>();
        body.path("records").values().forEach(rows::add);
        boolean done = body.path("done").asBoolean(true);
        String next = body.path("nextRecordsUrl").asString(null);
        if (!done && (next == null || next.isBlank())) {
            throw TargetException.permanentFailure(
                    api.prefix() + "a query page is not done but has no nextRecordsUrl", null);
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
        return page(api.send("GET", dataPath() + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null));
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
            records.add(
                    type.equals(f.userObject())
                            ? new Received(null, raw, null, null, false)
                            : reader.received(row, raw));
        }
        return new Page(records, rows.next());
    }

    private String dataPath() {
        return "/services/data/v" + settings.apiVersion();
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
}
