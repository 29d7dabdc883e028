package org.qualigate.report;

import java.time.YearMonth;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.JobHandler;
import org.qualigate.jobs.JobResult;
import org.springframework.stereotype.Component;

/** A monthly compliance report (parameter {@code month}, YYYY-MM) made in the background; the result is its PDF. */
@Component
public class MonthlyReportOnDemand implements JobHandler {

    public static final String KIND = "monthly-report";

    private final MonthlyReports reports;

    MonthlyReportOnDemand(MonthlyReports reports) {
        this.reports = reports;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JobResult run(Job job, byte[] input, Progress progress) {
        YearMonth month = YearMonth.parse(job.parameter("month"));
        progress.total(1);
        progress.done(0, "reading the month's role changes and writing the PDF");
        MonthlyReports.Stored stored = reports.generate(month, "user:" + job.requestedBy());
        progress.done(1, stored.roleChanges() + " role change lines");
        return new JobResult("/reports/monthly/" + stored.id() + ".pdf", "monthly report " + month + " (PDF)");
    }
}
