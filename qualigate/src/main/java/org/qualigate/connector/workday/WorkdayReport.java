package org.qualigate.connector.workday;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The customer's training-completions report as RaaS serves it ({@code qualigate.workday.report.*}): the names of
 * its window prompts and of its columns (report field aliases are chosen by whoever builds the report, so every
 * one is configurable), and which completion statuses mean completed or revoked.
 *
 * @param promptFormat {@code date-time} (the window's instants, RFC 3339) or {@code date} (their UTC days)
 */
record WorkdayReport(
        Prompts prompts,
        String promptFormat,
        Columns columns,
        List<String> completedStatuses,
        List<String> revokedStatuses) {

    public static final WorkdayReport DEFAULT = new WorkdayReport(null, null, null, null, null);

    public WorkdayReport {
        prompts = prompts == null ? Prompts.DEFAULT : prompts.withDefaults();
        promptFormat = promptFormat == null || promptFormat.isBlank()
                ? "date-time"
                : promptFormat.strip().toLowerCase(Locale.ROOT);
        if (!promptFormat.equals("date-time") && !promptFormat.equals("date")) {
            throw new IllegalArgumentException(
                    "qualigate.workday.report.prompt-format must be date-time or date, not " + promptFormat);
        }
        columns = columns == null ? Columns.DEFAULT : columns.withDefaults();
        completedStatuses = completedStatuses == null || completedStatuses.isEmpty()
                ? List.of("Completed", "Passed")
                : List.copyOf(completedStatuses);
        revokedStatuses = revokedStatuses == null || revokedStatuses.isEmpty()
                ? List.of("Revoked", "Removed")
                : List.copyOf(revokedStatuses);
    }

    /** The report's prompts that take the window (Workday: the prompt's web service alias). */
    public record Prompts(String from, String through) {

        static final Prompts DEFAULT = new Prompts("Updated_From", "Updated_Through");

        Prompts withDefaults() {
            return new Prompts(or(from, DEFAULT.from), or(through, DEFAULT.through));
        }
    }

    /** The report's column aliases for each field this adapter reads. */
    public record Columns(
            String employeeId,
            String courseId,
            String courseTitle,
            String completionStatus,
            String completionDate,
            String expirationDate,
            String proficiencyLevel,
            String learningRecordId,
            String lastUpdated,
            String approvedBy,
            String approvedOn) {

        static final Columns DEFAULT = new Columns(
                "Employee_ID",
                "Course_ID",
                "Course_Title",
                "Completion_Status",
                "Completion_Date",
                "Expiration_Date",
                "Proficiency_Level",
                "Learning_Record_ID",
                "Last_Updated",
                "Approved_By",
                "Approved_On");

        Columns withDefaults() {
            return new Columns(
                    or(employeeId, DEFAULT.employeeId),
                    or(courseId, DEFAULT.courseId),
                    or(courseTitle, DEFAULT.courseTitle),
                    or(completionStatus, DEFAULT.completionStatus),
                    or(completionDate, DEFAULT.completionDate),
                    or(expirationDate, DEFAULT.expirationDate),
                    or(proficiencyLevel, DEFAULT.proficiencyLevel),
                    or(learningRecordId, DEFAULT.learningRecordId),
                    or(lastUpdated, DEFAULT.lastUpdated),
                    or(approvedBy, DEFAULT.approvedBy),
                    or(approvedOn, DEFAULT.approvedOn));
        }

        /** Every column this adapter reads. */
        List<String> all() {
            return List.of(
                    employeeId,
                    courseId,
                    courseTitle,
                    completionStatus,
                    completionDate,
                    expirationDate,
                    proficiencyLevel,
                    learningRecordId,
                    lastUpdated,
                    approvedBy,
                    approvedOn);
        }
    }

    private static String or(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
