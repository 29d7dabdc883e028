package org.qualigate.config;

import org.qualigate.delivery.TargetReconciliation;
import org.qualigate.jobs.ClusterJobs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reconciles each access target once cluster-wide per interval ({@code qualigate.reconciliation.interval}, hourly by
 * default): every instance checks often, and the run-once mechanism of {@link ClusterJobs} lets one of them run it.
 * Off with {@code qualigate.reconciliation.scheduled=false} (on demand only).
 */
@Component
@ConditionalOnProperty(name = "qualigate.reconciliation.scheduled", havingValue = "true", matchIfMissing = true)
class TargetReconciliationJob {

    private final ClusterJobs jobs;
    private final TargetReconciliation reconciliation;

    TargetReconciliationJob(ClusterJobs jobs, TargetReconciliation reconciliation) {
        this.jobs = jobs;
        this.reconciliation = reconciliation;
    }

    @Scheduled(
            initialDelayString = "${qualigate.reconciliation.initial-delay:PT2M}",
            fixedDelayString = "${qualigate.reconciliation.check-interval:PT1M}")
    void run() {
        for (String target : reconciliation.targetNames()) {
            jobs.runIfDue(
                    "target-reconciliation:" + target,
                    reconciliation.settings().interval(),
                    () -> reconciliation
                            .run(target, TargetReconciliation.Trigger.SCHEDULED, "system:reconciliation")
                            .map(r -> r.error() == null)
                            .orElse(false));
        }
    }
}
