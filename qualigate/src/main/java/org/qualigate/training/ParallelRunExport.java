package org.qualigate.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;
import org.qualigate.text.TextInput;
import org.qualigate.training.TrainingParallelRun.Classification;
import org.qualigate.training.TrainingParallelRun.Line;

/**
 * The manual-entry export of a parallel run, read: its header checked for the columns the comparison needs, each
 * row either a manual record keyed person|course or a line classified as a manual error with its reason (an
 * unreadable row, or a person × course entered twice).
 */
final class ParallelRunExport {

    /** The records read (the later entry of a pair), and the lines the export's own errors make. */
    record Read(Map<String, ParallelRunClassifier.Manual> manual, List<Line> errors) {}

    private final List<String[]> rows;
    private final Map<String, Integer> columns;

    private ParallelRunExport(List<String[]> rows, Map<String, Integer> columns) {
        this.rows = rows;
        this.columns = columns;
    }

    /** The export, or why it cannot be compared (each with the field {@code body}), added to {@code errors}. */
    static ParallelRunExport of(String export, List<Refusal> errors) {
        if (export.isBlank()) {
            errors.add(Refusal.of("body", "is an empty export", "refusal.export.empty"));
        }
        // a control character other than a line break or tab could not be stored with the report's lines
        TextInput.multiLineRefusal(export)
                .ifPresent(why ->
                        errors.add(Refusal.of("body", why, "refusal.export.text", Sentence.Quoted.english(why))));
        List<String[]> rows = List.of();
        try {
            rows = errors.isEmpty() ? Csv.parse(export) : List.of();
        } catch (Csv.Unreadable e) {
            errors.add(Refusal.of(
                    "body",
                    String.valueOf(e.getMessage()),
                    "refusal.export.unreadable",
                    Sentence.Quoted.english(e.getMessage())));
        }
        Map<String, Integer> columns = new HashMap<>();
        if (!rows.isEmpty()) {
            String[] header = rows.getFirst();
            for (int i = 0; i < header.length; i++) {
                columns.put(header[i].trim().toLowerCase(Locale.ROOT).replace(' ', '_'), i);
            }
            for (String required : List.of("employee_id", "course_code", "completion_date")) {
                if (!columns.containsKey(required)) {
                    errors.add(Refusal.of(
                            "body", "the header has no column " + required, "refusal.export.column", required));
                }
            }
        }
        return new ParallelRunExport(rows, columns);
    }

    /** Reads the rows below the header; a blank row is skipped. */
    Read read() {
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
            String problem = problem(employee, course, date, status);
            if (problem != null) {
                lines.add(new Line(
                        employee,
                        course,
                        Classification.MANUAL_ERROR,
                        String.join(",", row),
                        null,
                        "line " + (r + 1) + " of the export is unreadable: " + problem));
                continue;
            }
            ParallelRunClassifier.Manual m = new ParallelRunClassifier.Manual(
                    employee, course, LocalDate.parse(date), status.equalsIgnoreCase("Revoked"), r + 1);
            ParallelRunClassifier.Manual before = manual.put(employee + "|" + course, m);
            if (before != null) {
                lines.add(new Line(
                        employee,
                        course,
                        Classification.MANUAL_ERROR,
                        TrainingParallelRun.value(before.completedOn(), before.revoked()),
                        null,
                        "entered twice (lines " + before.line() + " and " + m.line()
                                + "); the later entry is compared"));
            }
        }
        return new Read(manual, lines);
    }

    /** Why a row cannot be compared, or null. */
    private static @Nullable String problem(String employee, String course, String date, String status) {
        if (employee.isEmpty() || course.isEmpty()) {
            return "employee_id and course_code are required";
        }
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return "completion_date is not a date (YYYY-MM-DD): " + date;
        }
        if (!status.isEmpty() && !status.equalsIgnoreCase("Complete") && !status.equalsIgnoreCase("Revoked")) {
            return "status must be Complete or Revoked: " + status;
        }
        return null;
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
