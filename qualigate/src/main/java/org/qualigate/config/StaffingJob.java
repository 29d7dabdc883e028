package org.qualigate.config;

import java.time.Duration;
import org.qualigate.jobs.ClusterJobs;
import org.qualigate.staffing.StaffingAlerts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the staffing check once cluster-wide (decision 0037): every instance looks each minute; after a change that
 * can move a forecast the check is due when the last one ran at least a minimum gap ago, otherwise once a recompute
 * interval (the rosters change in the scheduling system, which tells nobody).
 */
@Component
class StaffingJob {

    static final String NAME = "staffing-forecast";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StaffingJob.class);

    private final ClusterJobs jobs;
    private final StaffingAlerts alerts;
    private final Duration recomputeInterval;
    private final Duration minimumGap;

    StaffingJob(
            ClusterJobs jobs,
            StaffingAlerts alerts,
            @Value("${qualigate.staffing.recompute-interval:PT1H}") Duration recomputeInterval,
            @Value("${qualigate.staffing.minimum-gap:PT1M}") Duration minimumGap) {
        this.jobs = jobs;
        this.alerts = alerts;
        this.recomputeInterval = recomputeInterval;
        this.minimumGap = minimumGap;
    }

    @Scheduled(
            fixedDelayString = "${qualigate.staffing.poll-interval:PT1M}",
            initialDelayString = "${qualigate.staffing.initial-delay:PT30S}")
    void tick() {
        if (!alerts.rostersAvailable()) {
            return;
        }
        boolean changed = alerts.takeChange();
        ClusterJobs.Outcome outcome;
        try {
            outcome = jobs.runIfDue(NAME, changed ? minimumGap : recomputeInterval, alerts::checkAll);
        } catch (RuntimeException e) {
            log.warn("staffing check failed, will try again: {}", e.toString());
            outcome = ClusterJobs.Outcome.NOT_DUE;
        }
        if (changed && outcome != ClusterJobs.Outcome.RAN) {
            alerts.notChecked();
        }
    }
}
