package org.qualigate.config;

import org.qualigate.connector.workday.WorkdayReportSource;
import org.qualigate.connector.workday.WorkdaySettings;
import org.qualigate.connector.workday.WorkdayWorkersSource;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Workday sources, only when a tenant is configured: {@code workday} (SOAP Get_Workers) with
 * {@code qualigate.workday.base-url}, and {@code workday-raas} (the training-completions report) when
 * {@code qualigate.workday.report-path} is set as well.
 */
@Configuration
@EnableConfigurationProperties(WorkdaySettings.class)
class WorkdayConfiguration {

    @Bean
    @ConditionalOnExpression("!'${qualigate.workday.base-url:}'.isBlank()")
    WorkdayWorkersSource workdayWorkers(WorkdaySettings settings, java.time.Clock clock, TraceSteps steps) {
        return new WorkdayWorkersSource("workday", settings, clock, steps.calls());
    }

    @Bean
    @ConditionalOnExpression(
            "!'${qualigate.workday.base-url:}'.isBlank() and !'${qualigate.workday.report-path:}'.isBlank()")
    WorkdayReportSource workdayReport(WorkdaySettings settings, TraceSteps steps) {
        return new WorkdayReportSource("workday-raas", settings, steps.calls());
    }
}
