package org.qualigate.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a recall's plan as the page and the API show it: what it does ({@code plan}, {@code replan}, {@code
 * block}, {@code give-back}, {@code report}, {@code withdraw}), on what, whether it is done, waiting or failed, why, and after how
 * many attempts. {@link #of} derives them, as a pure function, from the recall, the saga's progress and the state of
 * each planned batch.
 */
public record RecallStep(String kind, String target, State state, String reason, int attempts) {

    public enum State {
        DONE,
        WAITING,
        FAILED
    }

    public RecallStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** The saga's own progress: the plan, the report, and the error of its current step. */
    public record Progress(
            @Nullable Instant plannedAt,
            @Nullable String plannedScope,
            @Nullable String reportId,
            @Nullable String reportStatus,
            @Nullable Instant dueAt,
            int attempts,
            @Nullable String lastError) {}

    /**
     * A planned batch: whether the recall found it unrestricted, whether its range still covers it, its row (null
     * before first worked), the rule now.
     */
    public record PlannedBatch(
            Lot lot,
            boolean foundUnrestricted,
            boolean inRange,
            @Nullable BatchState state,
            HoldDecision now) {}

    /**
     * The steps of the recall, in order: the plan (and, when the range changed after it, the plan made again), one
     * per batch — blocked while in range, given back once the range or a cancellation leaves it — and the report.
     */
    public static List<RecallStep> of(RecallRecord recall, Progress progress, List<PlannedBatch> batches) {
        List<RecallStep> steps = new ArrayList<>();
        boolean cancelled = recall.cancelled();
        String stock = "ERP stock of " + recall.scope();
        if (progress.plannedAt() != null) {
            steps.add(new RecallStep(
                    "plan", stock, State.DONE, batches.size() + " batches of the range found in the ERP's stock", 0));
        } else if (cancelled) {
            steps.add(new RecallStep(
                    "plan", stock, State.DONE, "cancelled before a plan was made: nothing was blocked", 0));
        } else {
            steps.add(sagaStep("plan", stock, progress, "the ERP's stock is read next"));
        }
        if (progress.plannedAt() != null
                && !cancelled
                && !RecallPlanChange.scope(recall).equals(progress.plannedScope())) {
            steps.add(sagaStep(
                    "replan",
                    stock,
                    progress,
                    "the range changed from " + RecallReplanning.spoken(progress.plannedScope())
                            + ": the plan is made again next"));
        }
        for (PlannedBatch b : batches) {
            steps.add(cancelled || !b.inRange() ? giveBack(b) : block(b));
        }
        String store = "regulatory store";
        if (!cancelled) {
            steps.add(
                    "SUBMITTED".equals(progress.reportStatus()) || "WITHDRAWN".equals(progress.reportStatus())
                            ? new RecallStep(
                                    "report", store, State.DONE, "recorded as report " + progress.reportId(), 0)
                            : progress.plannedAt() == null
                                    ? new RecallStep("report", store, State.WAITING, "reported once planned", 0)
                                    : sagaStep("report", store, progress, "the recall is reported next"));
        } else if ("WITHDRAWN".equals(progress.reportStatus())) {
            steps.add(new RecallStep("withdraw", store, State.DONE, "report " + progress.reportId() + " withdrawn", 0));
        } else if (progress.reportStatus() == null && progress.dueAt() == null) {
            steps.add(new RecallStep("withdraw", store, State.DONE, "never reported: nothing to withdraw", 0));
        } else {
            steps.add(sagaStep("withdraw", store, progress, "the report is withdrawn next"));
        }
        return steps;
    }

    private static RecallStep sagaStep(String kind, String target, Progress progress, String waiting) {
        return progress.lastError() != null
                ? new RecallStep(kind, target, State.FAILED, progress.lastError(), progress.attempts())
                : new RecallStep(kind, target, State.WAITING, waiting, progress.attempts());
    }

    private static RecallStep block(PlannedBatch b) {
        return batchStep("block", b, HoldDecision.Desired.BLOCKED);
    }

    private static RecallStep giveBack(PlannedBatch b) {
        String target = b.lot().spoken();
        if (!b.foundUnrestricted()) {
            return new RecallStep(
                    "give-back", target, State.DONE, "found blocked by the recall's plan; left as found", 0);
        }
        if (b.now().desired() == HoldDecision.Desired.BLOCKED) {
            return new RecallStep(
                    "give-back", target, State.DONE, "stays blocked: " + b.now().explanation(), 0);
        }
        return batchStep("give-back", b, HoldDecision.Desired.RELEASED);
    }

    private static RecallStep batchStep(String kind, PlannedBatch b, HoldDecision.Desired wanted) {
        String target = b.lot().spoken();
        BatchState s = b.state();
        if (s == null) {
            return new RecallStep(kind, target, State.WAITING, b.now().explanation(), 0);
        }
        if (s.parkedReason() != null) {
            return new RecallStep(kind, target, State.FAILED, "parked: " + s.parkedReason(), s.attempts());
        }
        if (s.lastError() != null) {
            return new RecallStep(kind, target, State.FAILED, s.lastError(), s.attempts());
        }
        // the rule now, not the row's stored decision: the row keeps what was last requested or worked
        if (b.now().desired() == wanted && s.inLineWith(wanted) && s.dueAt() == null) {
            return new RecallStep(kind, target, State.DONE, b.now().explanation(), 0);
        }
        return new RecallStep(kind, target, State.WAITING, b.now().explanation(), s.attempts());
    }
}
