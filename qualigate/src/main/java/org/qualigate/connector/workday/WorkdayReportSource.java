package org.qualigate.connector.workday;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls training completions from a Workday RaaS custom report as JSON ({@code {"Report_Entry": [...]}}), with the
 * window as the report's {@code Updated_From}/{@code Updated_Through} prompts and HTTP Basic authentication. The
 * report has one page. Its columns are the report's aliases; those this adapter assumes are listed in {@link
 * #FIELDS} (see docs/connectors.md), and any other column is schema drift.
 */
public final class WorkdayReportSource implements HrisSource {

    /** The report columns this adapter knows. */
    static final Set<String> FIELDS = Set.of(
            "Employee_ID",
            "Worker",
            "Learning_Record_ID",
            "Course_ID",
            "Course_Title",
            "Completion_Status",
            "Completion_Date",
            "Expiration_Date",
            "Proficiency_Level",
            "Approved_By",
            "Approved_On",
            "Last_Updated");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT_TYPE = "application/json";

    private final String name;
    private final WorkdaySettings settings;
    private final RestClient http;

    public WorkdayReportSource(String name, WorkdaySettings settings) {
        this.name = name;
        this.settings = settings;
        this.http = WorkdayWorkersSource.client(settings);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PullPage pull(PullWindow window, @Nullable String pageToken) {
        String user = settings.username() == null ? "" : settings.username();
        String password = settings.password() == null ? "" : settings.password();
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        int[] status = new int[1];
        byte[] body;
        try {
            body = http.get()
                    .uri(u -> u.path(String.valueOf(settings.reportPath()))
                            .queryParam("format", "json")
                            .queryParam("Updated_From", window.from().toString())
                            .queryParam("Updated_Through", window.through().toString())
                            .build())
                    .header("authorization", "Basic " + basic)
                    .header("accept", "application/json")
                    .exchange((req, res) -> {
                        status[0] = res.getStatusCode().value();
                        return res.getBody().readAllBytes();
                    });
        } catch (ResourceAccessException e) {
            throw TargetException.transientFailure("Workday report not reachable: " + e.getMessage(), e);
        }
        if (status[0] == 401 || status[0] == 403) {
            throw TargetException.permanentFailure(
                    "Workday refused the report request (HTTP " + status[0]
                            + "): check qualigate.workday.username, its password and that the user may run the report",
                    null);
        }
        if (status[0] != 200 || body == null) {
            throw status[0] >= 400 && status[0] < 500 && status[0] != 429
                    ? TargetException.permanentFailure("Workday report answered HTTP " + status[0], null)
                    : TargetException.transientFailure("Workday report answered HTTP " + status[0], null);
        }
        return new PullPage(entries(body, window.through().toEpochMilli()), null);
    }

    /** Reads a report body into one record per entry; the whole body unreadable is a transient failure. */
    static List<SourceRecord> entries(byte[] body, long fallbackVersion) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw TargetException.transientFailure("Workday report is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw TargetException.transientFailure("Workday report is not a JSON object", null);
        }
        JsonNode entries = root.get("Report_Entry");
        if (entries == null) {
            if (root.isEmpty()) {
                return List.of();
            }
            throw TargetException.transientFailure(
                    "Workday report has no Report_Entry array (fields: " + root.propertyNames() + ")", null);
        }
        if (!entries.isArray()) {
            throw TargetException.transientFailure("Workday report's Report_Entry is not an array", null);
        }
        List<SourceRecord> records = new ArrayList<>();
        for (JsonNode entry : entries) {
            records.add(entry(entry, fallbackVersion));
        }
        return records;
    }

    private static SourceRecord entry(JsonNode entry, long fallbackVersion) {
        byte[] raw = JSON.writeValueAsBytes(entry);
        if (!entry.isObject()) {
            return SourceRecord.unreadable(
                    "entry:" + IntakeKeys.sha256(raw), raw, CONTENT_TYPE, "Report_Entry", "an entry is not an object");
        }
        Map<String, @Nullable String> text = new java.util.HashMap<>();
        String retyped = null;
        for (Map.Entry<String, JsonNode> f : entry.properties()) {
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isString() || (v.isNumber() && f.getKey().equals("Proficiency_Level"))) {
                text.put(f.getKey(), v.asString().trim());
            } else if (retyped == null) {
                retyped = f.getKey() + ": expected text, got "
                        + v.getNodeType().name().toLowerCase(Locale.ROOT);
            }
        }
        String recordId = text.get("Learning_Record_ID");
        String employee = text.get("Employee_ID");
        String course = text.get("Course_ID");
        String completion = text.get("Completion_Date");
        long version = fallbackVersion;
        String updatedText = text.get("Last_Updated");
        Optional<Long> updated = Optional.empty();
        if (updatedText != null) {
            try {
                updated = Optional.of(
                        OffsetDateTime.parse(updatedText).toInstant().toEpochMilli());
                version = updated.get();
            } catch (DateTimeParseException e) {
                // reported as drift below
            }
        }
        String id = recordId != null ? recordId : employee + "/" + course + "/" + completion;
        String key = id + "@" + version;
        for (String field : entry.propertyNames()) {
            if (!FIELDS.contains(field)) {
                return SourceRecord.drifted(
                        key, raw, CONTENT_TYPE, field, "new field " + field + " (not known to this adapter)");
            }
        }
        if (retyped != null) {
            return SourceRecord.drifted(key, raw, CONTENT_TYPE, retyped.substring(0, retyped.indexOf(':')), retyped);
        }
        for (String required : List.of("Employee_ID", "Course_ID", "Completion_Date")) {
            if (text.get(required) == null || text.get(required).isEmpty()) {
                return SourceRecord.drifted(key, raw, CONTENT_TYPE, required, "missing");
            }
        }
        if (updatedText != null && updated.isEmpty()) {
            return SourceRecord.drifted(
                    key,
                    raw,
                    CONTENT_TYPE,
                    "Last_Updated",
                    "Last_Updated: expected a date-time with offset, got '" + WorkerXml.clip(updatedText) + "'");
        }
        Optional<String> completed = WorkerXml.day(completion);
        if (completed.isEmpty()) {
            return SourceRecord.drifted(
                    key,
                    raw,
                    CONTENT_TYPE,
                    "Completion_Date",
                    "Completion_Date: expected a date, got '" + WorkerXml.clip(completion) + "'");
        }
        String expires = null;
        if (text.get("Expiration_Date") != null) {
            Optional<String> e = WorkerXml.day(text.get("Expiration_Date"));
            if (e.isEmpty()) {
                return SourceRecord.drifted(
                        key,
                        raw,
                        CONTENT_TYPE,
                        "Expiration_Date",
                        "Expiration_Date: expected a date, got '" + WorkerXml.clip(text.get("Expiration_Date")) + "'");
            }
            expires = e.get();
        }
        Integer level = null;
        if (text.get("Proficiency_Level") != null) {
            try {
                level = (int) Double.parseDouble(text.get("Proficiency_Level"));
            } catch (NumberFormatException e) {
                return SourceRecord.drifted(
                        key,
                        raw,
                        CONTENT_TYPE,
                        "Proficiency_Level",
                        "Proficiency_Level: expected a number, got '" + WorkerXml.clip(text.get("Proficiency_Level"))
                                + "'");
            }
        }
        String status = text.get("Completion_Status");
        String eventType;
        if (status == null || status.equalsIgnoreCase("Completed") || status.equalsIgnoreCase("Passed")) {
            eventType = "certification.completed";
        } else if (status.equalsIgnoreCase("Revoked") || status.equalsIgnoreCase("Removed")) {
            eventType = "certification.revoked";
        } else {
            return SourceRecord.unreadable(
                    key,
                    raw,
                    CONTENT_TYPE,
                    "Completion_Status",
                    "not a completion: '" + WorkerXml.clip(status) + "' (expected Completed, Passed or Revoked)");
        }
        String approvedAt = null;
        if (text.get("Approved_On") != null) {
            try {
                approvedAt = OffsetDateTime.parse(text.get("Approved_On"))
                        .toInstant()
                        .toString();
            } catch (DateTimeParseException e) {
                return SourceRecord.drifted(
                        key,
                        raw,
                        CONTENT_TYPE,
                        "Approved_On",
                        "Approved_On: expected a date-time with offset, got '" + WorkerXml.clip(text.get("Approved_On"))
                                + "'");
            }
        }
        return SourceRecord.read(
                key,
                raw,
                CONTENT_TYPE,
                new SourceRecord.CertificationFields(
                        eventType,
                        employee,
                        course,
                        text.get("Course_Title"),
                        level,
                        completed.get(),
                        expires,
                        id,
                        version,
                        text.get("Approved_By"),
                        approvedAt));
    }

    @Override
    public String toString() {
        return "WorkdayReportSource[" + name + ", " + settings.baseUrl() + settings.reportPath() + "]";
    }

    /** Keys for records that carry no id of their own. */
    static final class IntakeKeys {

        private IntakeKeys() {}

        static String sha256(byte[] bytes) {
            try {
                return java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
