package org.qualigate.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.intake.InboundEvents;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.QualificationCode;
import org.qualigate.text.TextInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The parallel-run (PQ) report: a manual-entry export of QMS training records for a period, compared person ×
 * course with what Qualigate wrote (or, in observe mode, would have written) for the same period. Every record
 * of either side becomes one line, classified as a match or as a discrepancy with its cause (time zone,
 * unmapped code, authority, late arrival, manual error), and the run gives the accuracy percentage.
 */
@Component
public class TrainingParallelRun {

    /** What a line of the comparison shows. */
    public enum Classification {
        /** Both sides hold the same completion date and status. */
        MATCH(true),
        /** A day apart, explained by the completion instant falling on another day in UTC than in site time. */
        TIME_ZONE(true),
        /** The QMS owns the person × course: Qualigate does not write it, by design. */
        AUTHORITY(true),
        /** Qualigate followed the HRIS record; the manual entry is missing, extra, mistyped or unreadable. */
        MANUAL_ERROR(true),
        /** The HRIS code has no QMS course in the dictionary, so Qualigate wrote nothing. */
        UNMAPPED_CODE(false),
        /** The HRIS sent the completion after the period had ended. */
        LATE_ARRIVAL(false);

        private final boolean qualigateRight;

        Classification(boolean qualigateRight) {
            this.qualigateRight = qualigateRight;
        }

        /** Whether Qualigate's result was the right one under its documented rules. */
        public boolean qualigateRight() {
            return qualigateRight;
        }
    }

    /** One compared person × course. */
    public record Line(
            String employeeId,
            String courseCode,
            Classification classification,
            @Nullable String manual,
            @Nullable String qualigate,
            String reason) {}

    /** A stored comparison. */
    public record Report(
            UUID id,
            String site,
            Instant from,
            Instant to,
            String uploadedBy,
            Instant uploadedAt,
            String exportSha256,
            Map<String, Object> summary,
            List<Line> lines) {

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("site", site);
            m.put("from", from);
            m.put("to", to);
            m.put("uploadedBy", uploadedBy);
            m.put("uploadedAt", uploadedAt);
            m.put("exportSha256", exportSha256);
            m.put("summary", summary);
            m.put("lines", lines);
            return m;
        }
    }

    private final JdbcClient jdbc;
    private final Persons persons;
    private final Qualifications qualifications;
    private final InboundEvents inbound;
    private final PlantDefinition plant;
    private final AuditTrail audit;
    private final Clock clock;

    TrainingParallelRun(
            JdbcClient jdbc,
            Persons persons,
            Qualifications qualifications,
            InboundEvents inbound,
            PlantDefinition plant,
            AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.qualifications = qualifications;
        this.inbound = inbound;
        this.plant = plant;
        this.audit = audit;
        this.clock = clock;
    }

    /** Compares the export with what Qualigate did in [{@code from}, {@code to}) at the site, stores and audits it. */
    @Transactional
    public Verdict<Report> compare(
            @Nullable String site, @Nullable Instant from, @Nullable Instant to, String export, String uploadedBy) {
        List<Verdict.FieldError> errors = new ArrayList<>();
        Optional<Site> s = site == null ? Optional.empty() : plant.current().site(site);
        if (site == null || site.isBlank()) {
            errors.add(new Verdict.FieldError("site", "is required"));
        } else if (s.isEmpty()) {
            errors.add(new Verdict.FieldError("site", "is not a site of the plant definition: " + site));
        }
        if (from == null) {
            errors.add(new Verdict.FieldError("from", "is required (RFC 3339 instant)"));
        }
        if (to == null) {
            errors.add(new Verdict.FieldError("to", "is required (RFC 3339 instant)"));
        }
        if (from != null
                && to != null
                && (!from.isBefore(to) || Duration.between(from, to).toDays() > 366)) {
            errors.add(new Verdict.FieldError("to", "must be after from and at most 366 days later"));
        }
        if (export.isBlank()) {
            errors.add(new Verdict.FieldError("body", "is an empty export"));
        }
        // a control character other than a line break or tab could not be stored with the report's lines
        TextInput.multiLineRefusal(export).ifPresent(why -> errors.add(new Verdict.FieldError("body", why)));
        List<String[]> rows = List.of();
        try {
            rows = errors.isEmpty() ? Csv.parse(export) : List.of();
        } catch (Csv.Unreadable e) {
            errors.add(new Verdict.FieldError("body", e.getMessage()));
        }
        Map<String, Integer> columns = new HashMap<>();
        if (!rows.isEmpty()) {
            String[] header = rows.getFirst();
            for (int i = 0; i < header.length; i++) {
                columns.put(header[i].trim().toLowerCase(Locale.ROOT).replace(' ', '_'), i);
            }
            for (String required : List.of("employee_id", "course_code", "completion_date")) {
                if (!columns.containsKey(required)) {
                    errors.add(new Verdict.FieldError("body", "the header has no column " + required));
                }
            }
        }
        if (!errors.isEmpty() || s.isEmpty() || from == null || to == null || site == null) {
            return Verdict.invalid(errors);
        }
        ZoneId zone = s.get().zone();
        List<Line> lines = new ArrayList<>();
        Map<String, ParallelRunClassifier.Manual> manual = new LinkedHashMap<>();
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length == 1 && row[0].isBlank()) {
                continue;
            }
            String employee = cell(row, columns.get("employee_id"));
            String course = cell(row, columns.get("course_code"));
            String date = cell(row, columns.get("completion_date"));
            String status = columns.containsKey("status") ? cell(row, columns.get("status")) : "";
            String problem = null;
            LocalDate on = null;
            if (employee.isEmpty() || course.isEmpty()) {
                problem = "employee_id and course_code are required";
            } else {
                try {
                    on = LocalDate.parse(date);
                } catch (DateTimeParseException e) {
                    problem = "completion_date is not a date (YYYY-MM-DD): " + date;
                }
            }
            if (problem == null
                    && !status.isEmpty()
                    && !status.equalsIgnoreCase("Complete")
                    && !status.equalsIgnoreCase("Revoked")) {
                problem = "status must be Complete or Revoked: " + status;
            }
            if (problem != null || on == null) {
                lines.add(new Line(
                        employee,
                        course,
                        Classification.MANUAL_ERROR,
                        String.join(",", row),
                        null,
                        "line " + (r + 1) + " of the export is unreadable: " + problem));
                continue;
            }
            ParallelRunClassifier.Manual m =
                    new ParallelRunClassifier.Manual(employee, course, on, status.equalsIgnoreCase("Revoked"), r + 1);
            ParallelRunClassifier.Manual before = manual.put(employee + "|" + course, m);
            if (before != null) {
                lines.add(new Line(
                        employee,
                        course,
                        Classification.MANUAL_ERROR,
                        value(before.completedOn(), before.revoked()),
                        null,
                        "entered twice (lines " + before.line() + " and " + m.line()
                                + "); the later entry is compared"));
            }
        }
        Map<QualificationCode, String> courses = TrainingSync.courses(plant);
        Map<String, ParallelRunClassifier.Done> done = new LinkedHashMap<>();
        // person|day of completions Qualigate could not map to a QMS course
        Set<String> unmapped = new HashSet<>();
        for (Qualification q : qualifications.hrisCompletedAtSite(site, from, to)) {
            String employee = q.employeeId().value();
            String course = courses.get(q.code());
            Instant completedAt = q.completedAt();
            if (course == null) {
                unmapped.add(employee + "|" + completedAt.atZone(zone).toLocalDate());
                continue;
            }
            ParallelRunClassifier.Done d = new ParallelRunClassifier.Done(
                    employee,
                    course,
                    completedAt.atZone(zone).toLocalDate(),
                    q.status() == Qualification.Status.REVOKED,
                    completedAt,
                    q.completedOriginal(),
                    q.recordedAt(),
                    q.evidence().source() + "/" + q.evidence().sourceRecordId(),
                    TrainingSync.externalId(q.evidence().source(), q.evidence().sourceRecordId()));
            done.put(employee + "|" + course, d);
        }
        // authentic HRIS events held back for want of a mapping since the period began (a completion in the
        // period may arrive after it) also count as unmapped
        String[] people = persons.idsAtSite(site).toArray(String[]::new);
        for (InboundEvents.ParkedEvent e : inbound.parkedSince(people, from)) {
            String day = parkedDay(e.fields(), e.body());
            if (day != null) {
                unmapped.add(e.employeeId() + "|" + day);
            }
        }
        Set<String> owned = new HashSet<>();
        qualifications
                .notHrisOwnedAtSite(site, TrainingTarget.OWNED_RECORDS_SOURCE)
                .forEach(q ->
                        owned.add(q.employeeId().value() + "|" + q.evidence().sourceCode()));
        Map<String, String> heldBack = new HashMap<>();
        jdbc.sql("""
                        SELECT external_id, message FROM training_review
                        WHERE employee_id = ANY(?) AND kind = 'AUTHORITY'""")
                .param(people)
                .query((rs, n) -> heldBack.put(rs.getString(1), rs.getString(2)))
                .list();

        lines.addAll(new ParallelRunClassifier(owned, unmapped, heldBack, to, zone).classify(manual, done));
        Map<String, Object> summary = summary(lines, manual.size(), done.size());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String sha = CanonicalJson.sha256Hex(export);
        jdbc.sql("""
                        INSERT INTO parallel_run (id, site, period_from, period_to, uploaded_by, uploaded_at,
                            export_sha256, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(
                        id,
                        site,
                        Timestamp.from(from),
                        Timestamp.from(to),
                        uploadedBy,
                        Timestamp.from(now),
                        sha,
                        TrainingConflicts.JSON.writeValueAsString(summary))
                .update();
        int seq = 0;
        for (Line l : lines) {
            jdbc.sql("""
                            INSERT INTO parallel_run_line (run_id, seq, employee_id, course_code, classification,
                                manual_value, qualigate_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            seq++,
                            l.employeeId(),
                            l.courseCode(),
                            l.classification().name(),
                            l.manual(),
                            l.qualigate(),
                            l.reason())
                    .update();
        }
        audit.append(new AuditRecord(
                uploadedBy,
                "parallel-run.recorded",
                "parallel-run",
                id.toString(),
                null,
                null,
                summary,
                "manual-entry export (SHA-256 " + sha + ") compared for site " + site + ", " + from + " to " + to,
                null));
        return Verdict.of(new Report(id, site, from, to, uploadedBy, now, sha, summary, lines));
    }

    /** The stored comparisons, newest first, without their lines (at most 200). */
    @SuppressWarnings("unchecked")
    public List<Report> list() {
        return jdbc.sql("SELECT * FROM parallel_run ORDER BY uploaded_at DESC, id LIMIT 200")
                .query((rs, n) -> new Report(
                        rs.getObject("id", UUID.class),
                        rs.getString("site"),
                        rs.getTimestamp("period_from").toInstant(),
                        rs.getTimestamp("period_to").toInstant(),
                        rs.getString("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant(),
                        rs.getString("export_sha256"),
                        TrainingConflicts.JSON.readValue(rs.getString("summary"), LinkedHashMap.class),
                        List.of()))
                .list();
    }

    /** A stored comparison. */
    @SuppressWarnings("unchecked")
    public Optional<Report> find(UUID id) {
        return jdbc.sql("SELECT * FROM parallel_run WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Report(
                        id,
                        rs.getString("site"),
                        rs.getTimestamp("period_from").toInstant(),
                        rs.getTimestamp("period_to").toInstant(),
                        rs.getString("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant(),
                        rs.getString("export_sha256"),
                        TrainingConflicts.JSON.readValue(rs.getString("summary"), LinkedHashMap.class),
                        jdbc.sql("SELECT * FROM parallel_run_line WHERE run_id = ? ORDER BY seq")
                                .param(id)
                                .query((r, i) -> new Line(
                                        r.getString("employee_id"),
                                        r.getString("course_code"),
                                        Classification.valueOf(r.getString("classification")),
                                        r.getString("manual_value"),
                                        r.getString("qualigate_value"),
                                        r.getString("reason")))
                                .list()))
                .optional();
    }

    /** The comparison as CSV (RFC 4180), one line per person × course. */
    public static String csv(Report report) {
        StringBuilder out =
                new StringBuilder("employee_id,course_code,classification,manual,qualigate,qualigate_right,reason\r\n");
        for (Line l : report.lines()) {
            out.append(String.join(
                            ",",
                            TrainingReconciliation.csvField(l.employeeId()),
                            TrainingReconciliation.csvField(l.courseCode()),
                            l.classification().name(),
                            TrainingReconciliation.csvField(l.manual()),
                            TrainingReconciliation.csvField(l.qualigate()),
                            Boolean.toString(l.classification().qualigateRight()),
                            TrainingReconciliation.csvField(l.reason())))
                    .append("\r\n");
        }
        return out.toString();
    }

    private static Map<String, Object> summary(List<Line> lines, int manualRecords, int qualigateRecords) {
        Map<Classification, Long> by = new EnumMap<>(Classification.class);
        for (Classification c : Classification.values()) {
            by.put(c, 0L);
        }
        lines.forEach(l -> by.merge(l.classification(), 1L, Long::sum));
        long right =
                lines.stream().filter(l -> l.classification().qualigateRight()).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lines", lines.size());
        m.put("manualRecords", manualRecords);
        m.put("qualigateRecords", qualigateRecords);
        m.put("byClassification", by);
        m.put("discrepancies", lines.size() - by.get(Classification.MATCH));
        m.put("agreementPercent", percent(by.get(Classification.MATCH), lines.size()));
        m.put("accuracyPercent", percent(right, lines.size()));
        return m;
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0
                ? BigDecimal.valueOf(100).setScale(2, RoundingMode.UNNECESSARY)
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_EVEN);
    }

    /** The completion day of a parked event, from its canonical fields or its JSON body; null when unreadable. */
    private static @Nullable String parkedDay(@Nullable String fields, byte @Nullable [] body) {
        try {
            String text = fields != null ? fields : body == null ? null : new String(body, StandardCharsets.UTF_8);
            if (text == null || !text.stripLeading().startsWith("{")) {
                return null;
            }
            String on =
                    TrainingConflicts.JSON.readTree(text).path("completedOn").asString("");
            return on.length() >= 10 ? on.substring(0, 10) : null;
        } catch (RuntimeException e) {
            return null; // an unreadable payload explains nothing
        }
    }

    static String value(LocalDate on, boolean revoked) {
        return on + (revoked ? " Revoked" : " Complete");
    }

    private static String cell(String[] row, @Nullable Integer i) {
        return i == null || i >= row.length ? "" : row[i].trim();
    }

    /**
     * The export read as CSV (RFC 4180, Apache Commons CSV): a leading byte-order mark is skipped, an empty line is
     * a row of one empty field, and a quoted field that is never closed is refused with the line it starts on.
     */
    static final class Csv {

        private static final CSVFormat FORMAT =
                CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

        /** CSV that cannot be read, with the line where the unreadable record starts. */
        static final class Unreadable extends RuntimeException {

            Unreadable(String message) {
                super(message);
            }
        }

        static List<String[]> parse(String text) {
            String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
            List<String[]> rows = new ArrayList<>();
            long startsOn = 1;
            try (CSVParser parser = CSVParser.parse(t, FORMAT)) {
                for (var records = parser.iterator(); records.hasNext(); ) {
                    rows.add(records.next().values());
                    startsOn = parser.getCurrentLineNumber() + 1;
                }
            } catch (IOException | UncheckedIOException e) {
                String said = String.valueOf(e.getMessage());
                throw new Unreadable("line " + startsOn
                        + (said.contains("EOF reached before encapsulated token finished")
                                ? " has a quoted field that is never closed"
                                : " is not valid CSV: text follows a closing quote (a quote inside a quoted field"
                                        + " is doubled)"));
            }
            return rows;
        }

        private Csv() {}
    }
}
