package org.qualigate.training;

import org.qualigate.access.Verdict;
import org.qualigate.jobs.Job;
import org.qualigate.jobs.JobHandler;
import org.qualigate.jobs.JobResult;
import org.springframework.stereotype.Component;

/**
 * A reconciliation of a site (parameter {@code site}) run in the background, its progress the share of the
 * site's people compared; the result is the run's page. A run the QMS failed is still a stored run, with its
 * error: its page says what went wrong.
 */
@Component
public class ReconciliationJob implements JobHandler {

    public static final String KIND = "qms-reconciliation";

    private final TrainingReconciliation reconciliation;

    ReconciliationJob(TrainingReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JobResult run(Job job, byte[] input, Progress progress) {
        String site = job.parameter("site");
        Verdict<TrainingReconciliation.Run> v = reconciliation.runWithProgress(
                site,
                TrainingReconciliation.Trigger.ON_DEMAND,
                "user:" + job.requestedBy(),
                progress.counting("people compared"));
        if (v.refusal() != null) {
            throw new IllegalStateException(v.refusal().detail());
        }
        return new JobResult("/qms/reconciliations/" + v.value().id(), "reconciliation of " + site);
    }
}
