package org.qualigate.ui;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.qualigate.report.ComplianceReport;

/**
 * The compliance report's rows as the page shows them: filtered by words of the employee ID or name and by
 * what is wrong (every person, those missing or losing a qualification, those holding access without basis),
 * sorted, and a page of them. The report itself is computed as always; only its rows are chosen here.
 */
record ReportRows(
        List<ComplianceReport.Line> page,
        int matching,
        int all,
        int pageNumber,
        int pages,
        String text,
        String show,
        String sort) {

    static final int PAGE = 100;

    static ReportRows of(List<ComplianceReport.Line> people, String q, String show, String sort, int page) {
        String text = q.trim().toLowerCase(Locale.ROOT);
        String kind = List.of("all", "gaps", "unjustified").contains(show) ? show : "all";
        String order = List.of("id", "name", "gaps").contains(sort) ? sort : "id";
        List<ComplianceReport.Line> matching = people.stream()
                .filter(l -> text.isEmpty()
                        || l.employeeId().toLowerCase(Locale.ROOT).contains(text)
                        || l.name().toLowerCase(Locale.ROOT).contains(text))
                .filter(l -> switch (kind) {
                    case "gaps" -> gaps(l) > 0;
                    case "unjustified" -> !l.accessWithoutBasis().isEmpty();
                    default -> true;
                })
                .sorted(
                        switch (order) {
                            case "name" ->
                                Comparator.comparing((ComplianceReport.Line l) ->
                                                l.name().toLowerCase(Locale.ROOT))
                                        .thenComparing(ComplianceReport.Line::employeeId);
                            case "gaps" ->
                                Comparator.comparingLong((ComplianceReport.Line l) -> -(gaps(l)
                                                + 10L * l.accessWithoutBasis().size()))
                                        .thenComparing(ComplianceReport.Line::employeeId);
                            default -> Comparator.comparing(ComplianceReport.Line::employeeId);
                        })
                .toList();
        int pages = Math.max(1, (matching.size() + PAGE - 1) / PAGE);
        int n = Math.max(1, Math.min(page, pages));
        return new ReportRows(
                matching.subList((n - 1) * PAGE, Math.min(n * PAGE, matching.size())),
                matching.size(),
                people.size(),
                n,
                pages,
                q.trim(),
                kind,
                order);
    }

    /** Whether the page shows every person in employee order: one page of the report is read, not the whole. */
    static boolean inReportOrder(String q, String show, String sort) {
        return q.isBlank()
                && !List.of("gaps", "unjustified").contains(show)
                && !List.of("name", "gaps").contains(sort);
    }

    /** Page {@code page} (from 1) of everyone in employee order, read as that page of the report. */
    static ReportRows ofPage(List<ComplianceReport.Line> lines, int everyone, int page) {
        int pages = Math.max(1, (everyone + PAGE - 1) / PAGE);
        return new ReportRows(lines, everyone, everyone, Math.max(1, Math.min(page, pages)), pages, "", "all", "id");
    }

    /** How many of a person's required qualifications are not simply valid (expiring, in grace, expired, missing). */
    static long gaps(ComplianceReport.Line l) {
        return l.qualifications().stream()
                .filter(r -> r.state() != ComplianceReport.State.VALID)
                .count();
    }
}
