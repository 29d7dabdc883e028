package org.qualigate.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.SiteTime;

/** The files of a monthly compliance report: the CSV (every line in full) and the signed PDF. */
final class MonthlyReportFiles {

    private MonthlyReportFiles() {}

    static String csv(List<MonthlyReports.RoleChange> changes) {
        StringBuilder out = new StringBuilder();
        Csv.Lines csv = Csv.lines(out)
                .header("audit_seq,at,employee_id,name,change,role,target,certification,completed_at,hr_record,"
                        + "approved_by,why,completed_on");
        for (MonthlyReports.RoleChange c : changes) {
            List<Object> cells = new ArrayList<>();
            cells.add(c.seq());
            cells.addAll(java.util.Arrays.asList(c.cells()));
            csv.line(cells.toArray());
        }
        return out.toString();
    }

    /**
     * The month a report covers, {@code [from, to)} in UTC, and when Qualigate's records begin (absent while there
     * are none).
     */
    record Period(
            YearMonth month,
            Instant from,
            Instant to,
            @Nullable Instant recordsBegin) {

        /** Nothing is known of the month: it ended before the records begin (or there are none yet). */
        boolean unknown() {
            return recordsBegin == null || !recordsBegin.isBefore(to);
        }

        /** The records begin within the month: its counts are known only from then. */
        boolean knownFromWithin() {
            return recordsBegin != null && recordsBegin.isAfter(from) && recordsBegin.isBefore(to);
        }
    }

    static byte[] pdf(
            Period period,
            Instant now,
            String actor,
            List<MonthlyReports.RoleChange> changes,
            List<RecordSignatures.Signed> signed) {
        YearMonth month = period.month();
        long gained = changes.stream()
                .filter(c -> c.change().equals("gained"))
                .map(MonthlyReports.RoleChange::seq)
                .distinct()
                .count();
        long lost = changes.stream()
                .filter(c -> c.change().equals("lost"))
                .map(MonthlyReports.RoleChange::seq)
                .distinct()
                .count();
        List<String[]> rows = changes.stream().map(MonthlyReportFiles::pdfRow).toList();
        return new PdfReport(
                        "Monthly compliance report — " + month,
                        "Qualigate monthly compliance report " + month + " · generated " + MINUTE.format(now))
                .facts(List.of(
                        new String[] {
                            "Period",
                            MINUTE.format(period.from()) + " to " + MINUTE.format(period.to()) + " (end exclusive)"
                        },
                        new String[] {"Generated", MINUTE.format(now) + " by " + actor},
                        new String[] {
                            "Records begin",
                            period.recordsBegin() == null
                                    ? "not yet: the audit trail had no entry"
                                    : MINUTE.format(period.recordsBegin())
                        },
                        new String[] {"Role changes", roleChanges(period, gained, lost)}))
                .warning(
                        period.unknown()
                                ? "Nothing was known of this month: the table below is empty because Qualigate's "
                                        + "records had not begun, and is not evidence that no role was granted or "
                                        + "revoked."
                                : null)
                .paragraph("Every role granted or revoked in an access target during the month, with the "
                        + "certification that justified each grant: its code and level, when it was completed, "
                        + "the HR record that evidences it and who approved it. A grant justified by several "
                        + "certifications has one line for each.")
                .heading("Role changes")
                .table(PDF_HEADER, new float[] {1.9f, 1.3f, 2f, 1.2f, 3f, 1.2f, 2.2f, 1.9f, 2f, 1.3f, 2.6f}, rows)
                .signatures(signed.stream().map(RecordSignatures.Signed::line).toList())
                .finish();
    }

    /**
     * "3 granted, 1 revoked"; for a month that ended before Qualigate's records begin, that nothing is known of it
     * (not a month without changes); for the month in which they begin, from when its counts are known.
     */
    static String roleChanges(Period period, long gained, long lost) {
        Instant begin = period.recordsBegin();
        if (period.unknown()) {
            return begin == null
                    ? "none known: Qualigate's records had not begun when this report was generated, so nothing is "
                            + "known of this month (it is not a month without changes)"
                    : "none known: Qualigate's records begin " + MINUTE.format(begin) + ", after this month ended, so "
                            + "nothing is known of it (it is not a month without changes)";
        }
        String counts = gained + " granted, " + lost + " revoked";
        return period.knownFromWithin()
                ? counts + ", counted from " + MINUTE.format(begin) + ", when Qualigate's records begin; nothing is "
                        + "known of the month before then"
                : counts;
    }

    static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String[] PDF_HEADER = {
        "when",
        "employee",
        "name",
        "change",
        "role",
        "system",
        "certification",
        "completed (HR date)",
        "HR record",
        "approved by",
        "note"
    };

    /**
     * A line of the PDF: times to the minute in UTC, a completion as the HR calendar date; a grant's story repeats its evidence, so only a
     * revocation's reason (or an override) is printed in the last column; the CSV keeps the full story.
     */
    private static String[] pdfRow(MonthlyReports.RoleChange c) {
        String completed = c.completedOn().isEmpty() ? c.completed() : SiteTime.day(LocalDate.parse(c.completedOn()));
        String note = c.change().equals("lost") || c.certification().equals("override") ? c.why() : "";
        if (note.length() > 240) {
            note = note.substring(0, 237) + "...";
        }
        return new String[] {
            MINUTE.format(c.at()),
            c.employeeId(),
            c.name(),
            c.change(),
            c.role(),
            c.target(),
            c.certification(),
            completed,
            c.hrRecord(),
            c.approvedBy(),
            note
        };
    }
}
