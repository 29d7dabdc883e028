package org.qualigate.config;

import java.time.Duration;
import org.qualigate.jobs.ClusterJobs;
import org.qualigate.report.MonthlyReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Produces last month's compliance report once cluster-wide. It checks hourly rather than firing at
 * midnight on the first: an instance that was down then still produces the report when it comes back,
 * and a month that has its report is left alone.
 */
@Component
class MonthlyReportJob {

    private static final Logger log = LoggerFactory.getLogger(MonthlyReportJob.class);
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final ClusterJobs jobs;
    private final MonthlyReports reports;

    MonthlyReportJob(ClusterJobs jobs, MonthlyReports reports) {
        this.jobs = jobs;
        this.reports = reports;
    }

    @Scheduled(
            initialDelayString = "${qualigate.reports.monthly.initial-delay:PT1M}",
            fixedDelayString = "${qualigate.reports.monthly.check-interval:PT1H}")
    void run() {
        jobs.runIfDue("monthly-compliance-report", INTERVAL, () -> {
            var month = reports.previousMonth();
            reports.generateIfMissing(month)
                    .ifPresent(r -> log.info(
                            "monthly compliance report {} generated: {} role changes", month, r.roleChanges()));
            return true;
        });
    }
}
