package org.qualigate.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

    static byte[] pdf(
            YearMonth month,
            Instant from,
            Instant to,
            Instant now,
            String actor,
            List<MonthlyReports.RoleChange> changes,
            List<RecordSignatures.Signed> signed) {
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
                        new String[] {"Period", MINUTE.format(from) + " to " + MINUTE.format(to) + " (end exclusive)"},
                        new String[] {"Generated", MINUTE.format(now) + " by " + actor},
                        new String[] {"Role changes", gained + " granted, " + lost + " revoked"}))
                .paragraph("Every role granted or revoked in an access target during the month, with the "
                        + "certification that justified each grant: its code and level, when it was completed, "
                        + "the HR record that evidences it and who approved it. A grant justified by several "
                        + "certifications has one line for each.")
                .heading("Role changes")
                .table(PDF_HEADER, new float[] {1.9f, 1.3f, 2f, 1.2f, 3f, 1.2f, 2.2f, 1.9f, 2f, 1.3f, 2.6f}, rows)
                .signatures(signed.stream().map(RecordSignatures.Signed::line).toList())
                .finish();
    }

    private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern(
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
