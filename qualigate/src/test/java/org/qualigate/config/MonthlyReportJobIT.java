package org.qualigate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.qualigate.report.MonthlyReports;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/** The monthly compliance report appears without anyone asking for it, once per month however often the job runs. */
class MonthlyReportJobIT extends QualigateIT {

    @Autowired
    MonthlyReportJob job;

    @Autowired
    MonthlyReports reports;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Verifies("URS-REP-002")
    @Test
    void theScheduledRunStoresLastMonthsReportOnceAndLeavesAStoredMonthAlone() {
        clockWhereTheJobIsDue();
        YearMonth month = reports.previousMonth();
        int before = ofMonth(month).size();

        job.run();
        var stored = ofMonth(month);
        assertThat(stored).isNotEmpty();
        if (before == 0) {
            assertThat(stored)
                    .singleElement()
                    .satisfies(r -> assertThat(r.generatedBy()).isEqualTo("system"));
        }

        job.run();
        assertThat(ofMonth(month)).hasSameSizeAs(stored);
    }

    /**
     * Another test may have run the job on a clock it then moved elsewhere: the job is due only an hour after the
     * run recorded, so the clock is moved past it (never back) before the run this test counts.
     */
    private void clockWhereTheJobIsDue() {
        jdbc.sql("SELECT last_finished_at FROM cluster_job WHERE name = 'monthly-compliance-report'")
                .query(java.sql.Timestamp.class)
                .optional()
                .map(t -> t.toInstant().plus(java.time.Duration.ofHours(2)))
                .filter(due -> due.isAfter(clock.instant()))
                .ifPresent(clock::set);
    }

    private java.util.List<MonthlyReports.Stored> ofMonth(YearMonth month) {
        return reports.list().stream().filter(r -> r.month().equals(month)).toList();
    }
}
