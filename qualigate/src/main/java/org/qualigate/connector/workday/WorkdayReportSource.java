package org.qualigate.connector.workday;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.text.Sha256;
import org.qualigate.trace.Traces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls training completions from a Workday RaaS custom report as JSON ({@code {"Report_Entry": [...]}}), with the
 * window given to the report's own prompts (names configurable, {@code Updated_From}/{@code Updated_Through} by
 * default) and HTTP Basic authentication. The report has one page. Its column aliases are the report author's
 * choice and configurable ({@link WorkdayReport}); columns this adapter does not read are recorded with the pull,
 * never a reason to set an entry aside.
 */
public final class WorkdayReportSource implements HrisSource {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT_TYPE = "application/json";
    private static final String OFFSET_TIME = "a date-time with offset";

    private final String name;
    private final WorkdaySettings settings;
    private final HttpCalls calls;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public WorkdayReportSource(String name, WorkdaySettings settings, Traces.CallRecorder recorder) {
        this.name = name;
        this.settings = settings;
        this.calls = GetWorkers.calls(settings, recorder);
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
        WorkdayReport report = settings.report();
        URI uri = GetWorkers.uris(settings)
                .builder()
                .path(String.valueOf(settings.reportPath()))
                .queryParam("format", "json")
                .queryParam(report.prompts().from(), prompt(window.from(), report))
                .queryParam(report.prompts().through(), prompt(window.through(), report))
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("authorization", "Basic " + basic)
                .header("accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response = calls.send(
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                e -> "Workday report not reachable: " + e,
                "interrupted while reading the Workday report");
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw TargetException.permanentFailure(
                    "Workday refused the report request (HTTP " + status
                            + "): check qualigate.workday.username, its password and that the user may run the report",
                    null);
        }
        if (status != 200) {
            throw status >= 400 && status < 500 && status != 429
                    ? TargetException.permanentFailure(
                            "Workday report answered HTTP " + status
                                    + " (check qualigate.workday.report-path and the prompt names "
                                    + report.prompts().from() + "/"
                                    + report.prompts().through() + ")",
                            null)
                    : TargetException.transientFailure("Workday report answered HTTP " + status, null);
        }
        Entries entries = entries(response.body(), window.through().toEpochMilli(), report);
        return new PullPage(entries.records(), null, List.of(), entries.unmapped());
    }

    /**
     * A window bound as the report's prompt expects it: an instant, or its UTC day (a date prompt includes the whole
     * day, and the next window's overlap reaches back into it again).
     */
    static String prompt(Instant at, WorkdayReport report) {
        if (report.promptFormat().equals("date")) {
            return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        return at.toString();
    }

    /** The records of a report body and the columns it carried that this adapter does not read. */
    record Entries(List<SourceRecord> records, Map<String, Integer> unmapped) {}

    /** Reads a report body with the default column names (tests and fuzzing). */
    static List<SourceRecord> entries(byte[] body, long fallbackVersion) {
        return entries(body, fallbackVersion, WorkdayReport.DEFAULT).records();
    }

    /** Reads a report body into one record per entry; the whole body unreadable is a transient failure. */
    static Entries entries(byte[] body, long fallbackVersion, WorkdayReport report) {
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
                return new Entries(List.of(), Map.of());
            }
            throw TargetException.transientFailure(
                    "Workday report has no Report_Entry array (fields: " + root.propertyNames() + ")", null);
        }
        if (!entries.isArray()) {
            throw TargetException.transientFailure("Workday report's Report_Entry is not an array", null);
        }
        List<SourceRecord> records = new ArrayList<>();
        Map<String, Integer> unmapped = new java.util.TreeMap<>();
        Set<String> known = new java.util.HashSet<>(report.columns().all());
        known.add("Worker");
        for (JsonNode entry : entries) {
            records.add(entry(entry, fallbackVersion, report));
            if (entry.isObject()) {
                for (String field : entry.propertyNames()) {
                    if (!known.contains(field)) {
                        unmapped.merge(field, 1, Integer::sum);
                    }
                }
            }
        }
        return new Entries(records, unmapped);
    }

    private static SourceRecord entry(JsonNode entry, long fallbackVersion, WorkdayReport report) {
        WorkdayReport.Columns c = report.columns();
        byte[] raw = JSON.writeValueAsBytes(entry);
        if (!entry.isObject()) {
            return SourceRecord.unreadable(
                    "entry:" + IntakeKeys.sha256(raw), raw, CONTENT_TYPE, "Report_Entry", "an entry is not an object");
        }
        Texts text = texts(entry, c);
        String recordId = text.given(c.learningRecordId());
        String employee = text.get(c.employeeId());
        String course = text.get(c.courseId());
        String completion = text.get(c.completionDate());
        // a last change that cannot be read is reported as drift below; until then the pull's time versions the entry
        String updated = text.get(c.lastUpdated());
        long version = updated == null
                ? fallbackVersion
                : instant(updated).map(Instant::toEpochMilli).orElse(fallbackVersion);
        String id = recordId != null ? recordId : employee + "/" + course + "/" + completion;
        String key = id + "@" + version;
        Optional<SourceRecord.Problem> problem = problem(text, report);
        if (problem.isPresent()) {
            return new SourceRecord(key, raw, CONTENT_TYPE, null, problem.get());
        }
        return SourceRecord.read(
                key,
                raw,
                CONTENT_TYPE,
                new SourceRecord.CertificationFields(
                        eventType(text.given(c.completionStatus()), report).orElseThrow(),
                        employee,
                        course,
                        text.given(c.courseTitle()),
                        read(text.given(c.proficiencyLevel()), WorkdayReportSource::level),
                        WorkerXml.day(completion).orElseThrow(),
                        read(text.given(c.expirationDate()), WorkerXml::day),
                        id,
                        version,
                        text.given(c.approvedBy()),
                        read(text.given(c.approvedOn()), at -> instant(at).map(Instant::toString))));
    }

    /**
     * The columns of an entry this adapter reads, as trimmed text (a proficiency level may be a number), and the
     * first of them that holds something else. A column nobody reads may hold anything.
     */
    private record Texts(
            Map<String, @Nullable String> text, @Nullable String retyped) {

        @Nullable
        String get(String column) {
            return text.get(column);
        }

        /** The column's text, or null when it is absent or empty. */
        @Nullable
        String given(String column) {
            String value = text.get(column);
            return value == null || value.isEmpty() ? null : value;
        }
    }

    private static Texts texts(JsonNode entry, WorkdayReport.Columns c) {
        Set<String> read = new java.util.HashSet<>(c.all());
        Map<String, @Nullable String> text = new java.util.HashMap<>();
        String retyped = null;
        for (Map.Entry<String, JsonNode> f : entry.properties()) {
            JsonNode v = f.getValue();
            if (v.isNull() || !read.contains(f.getKey())) {
                continue;
            }
            if (v.isString() || (v.isNumber() && f.getKey().equals(c.proficiencyLevel()))) {
                text.put(f.getKey(), v.asString().trim());
            } else if (retyped == null) {
                retyped = f.getKey() + ": expected text, got "
                        + v.getNodeType().name().toLowerCase(Locale.ROOT);
            }
        }
        return new Texts(text, retyped);
    }

    /**
     * Why an entry is set aside, column by column in this order: a retyped column, a required one missing, a value
     * not in its column's form (drift), a status that is not a completion (unreadable). Empty when it reads.
     */
    private static Optional<SourceRecord.Problem> problem(Texts text, WorkdayReport report) {
        WorkdayReport.Columns c = report.columns();
        String retyped = text.retyped();
        if (retyped != null) {
            return Optional.of(drift(retyped.substring(0, retyped.indexOf(':')), retyped));
        }
        for (String required : List.of(c.employeeId(), c.courseId(), c.completionDate())) {
            if (text.given(required) == null) {
                return Optional.of(drift(required, "missing"));
            }
        }
        String status = text.given(c.completionStatus());
        return Stream.of(
                        notIn(c.lastUpdated(), text.get(c.lastUpdated()), WorkdayReportSource::instant, OFFSET_TIME),
                        notIn(c.completionDate(), text.get(c.completionDate()), WorkerXml::day, "a date"),
                        notIn(c.expirationDate(), text.given(c.expirationDate()), WorkerXml::day, "a date"),
                        notIn(
                                c.proficiencyLevel(),
                                text.given(c.proficiencyLevel()),
                                WorkdayReportSource::level,
                                "a number"),
                        eventType(status, report).isPresent()
                                ? Optional.<SourceRecord.Problem>empty()
                                : Optional.of(notACompletion(c.completionStatus(), status, report)),
                        notIn(c.approvedOn(), text.given(c.approvedOn()), WorkdayReportSource::instant, OFFSET_TIME))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The column's value is not in its form: drift, named with the form it should have. */
    private static Optional<SourceRecord.Problem> notIn(
            String column, @Nullable String value, Function<String, Optional<?>> read, String form) {
        if (value == null || read.apply(value).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(drift(column, column + ": expected " + form + ", got '" + WorkerXml.clip(value) + "'"));
    }

    private static SourceRecord.Problem drift(String column, String difference) {
        return new SourceRecord.Problem(SourceRecord.Problem.Kind.SCHEMA_DRIFT, column, difference);
    }

    private static SourceRecord.Problem notACompletion(String column, String status, WorkdayReport report) {
        return new SourceRecord.Problem(
                SourceRecord.Problem.Kind.MALFORMED,
                column,
                "not a completion: '" + WorkerXml.clip(status) + "' (expected one of "
                        + report.completedStatuses() + " or " + report.revokedStatuses()
                        + "; see qualigate.workday.report.completed-statuses / revoked-statuses)");
    }

    /** What a status means: no status or a completed one gives the certification, a revoked one takes it away. */
    private static Optional<String> eventType(@Nullable String status, WorkdayReport report) {
        if (status == null || matches(report.completedStatuses(), status)) {
            return Optional.of("certification.completed");
        }
        if (matches(report.revokedStatuses(), status)) {
            return Optional.of("certification.revoked");
        }
        return Optional.empty();
    }

    private static <T> @Nullable T read(@Nullable String value, Function<String, Optional<T>> read) {
        return value == null ? null : read.apply(value).orElse(null);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> level(String text) {
        try {
            return Optional.of((int) Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(List<String> statuses, String status) {
        return statuses.stream().anyMatch(s -> s.equalsIgnoreCase(status));
    }

    @Override
    public String toString() {
        return "WorkdayReportSource[" + name + ", " + settings.baseUrl() + settings.reportPath() + "]";
    }

    /** Keys for records that carry no id of their own. */
    static final class IntakeKeys {

        private IntakeKeys() {}

        static String sha256(byte[] bytes) {
            return Sha256.hex(bytes);
        }
    }
}
