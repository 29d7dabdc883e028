package org.qualigate.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Report;
import org.qualigate.report.ComplianceReport.Requirement;

/** The compliance report as CSV: one line per person and required qualification, from lines of values. */
public final class ComplianceReportCsv {

    private ComplianceReportCsv() {}

    // the first eleven columns as they always were; what was added since comes after them, so readers by position
    // keep working
    private static final String CSV_HEADER =
            "site,at,employee_id,name,qualification,state,expires_at,evidence,authority,"
                    + "roles_justified,access_without_basis,completed_at,completed_on,expires_on,zone,at_site,"
                    + "known_at,measured_against,required_by,records_begin,before_records_begin,targets_held_unknown\n";

    /** The report as CSV: one line per person and required qualification (one with none for a person who has none). */
    public static String csv(Report report, SiteTime.PointInTime at, RecordsBegin.Known records) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        Csv.Lines csv = Csv.lines(out);
        Instants instants = new Instants(at, at.view().atSite(), report.knownAt(), records);
        report.people().forEach(line -> csvLine(csv, report.site(), instants, line));
        return out.toString();
    }

    /** The report as CSV, written line by line as it is computed. */
    public static void writeCsv(
            String site,
            SiteTime.PointInTime at,
            Instant knownAt,
            RecordsBegin.Known records,
            ComplianceReport.Lines lines,
            Writer out)
            throws IOException {
        out.write(CSV_HEADER);
        StringBuilder buffer = new StringBuilder();
        Csv.Lines csv = Csv.lines(buffer);
        Instants instants = new Instants(at, at.view().atSite(), knownAt, records);
        try {
            lines.forEach(line -> {
                csvLine(csv, site, instants, line);
                if (buffer.length() > 64 * 1024) {
                    flush(buffer, out);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        flush(buffer, out);
    }

    private static void flush(StringBuilder buffer, Writer out) {
        try {
            out.write(buffer.toString());
            buffer.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What every line states of the report's instants: the instant it answers for (also at the site), the instant of
     * knowledge, and when Qualigate's records begin with whether the instant of knowledge and the instant lie before
     * them (decision 0095).
     */
    private record Instants(SiteTime.PointInTime at, String atSite, Instant knownAt, RecordsBegin.Known records) {}

    private static void csvLine(Csv.Lines out, String site, Instants instants, Line line) {
        SiteTime.PointInTime at = instants.at();
        String roles = String.join(";", line.rolesJustified());
        String without = String.join(
                ";",
                line.accessWithoutBasis().stream()
                        .map(u -> u.target() + ":" + u.role() + "(" + u.kind() + ")")
                        .toList());
        List<Requirement> rows =
                line.qualifications().isEmpty() ? java.util.Collections.singletonList(null) : line.qualifications();
        for (Requirement r : rows) {
            SiteTime.RecordDates d = r == null ? null : r.dates();
            out.line(
                    site,
                    at.at(),
                    line.employeeId(),
                    line.name(),
                    r == null ? "" : r.code(),
                    r == null ? "" : r.state().label(),
                    r == null ? null : r.expiresAt(),
                    r == null ? null : r.evidence(),
                    r == null ? null : r.authority(),
                    roles,
                    without,
                    d == null ? null : d.completedAt(),
                    d == null ? null : d.completedOn(),
                    d == null ? null : d.expiresOn(),
                    at.zone().getId(),
                    instants.atSite(),
                    instants.knownAt(),
                    line.measuredAgainst().description(),
                    r == null ? "" : String.join(";", r.requiredBy()),
                    instants.records().recordsBegin(),
                    instants.records().beforeRecordsBegin(),
                    instants.records().targetsHeldUnknown());
        }
    }
}
