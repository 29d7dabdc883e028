package org.qualigate.quality;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recall's hold on one batch of its plan, as the rule reads it: the recall's name and scope, whether it is open,
 * closed as done or cancelled, or whether its range no longer covers the batch (and when), and whether the recall
 * found stock of the batch in unrestricted use — only then was the block its own, to give back on cancellation or
 * when the range leaves the batch.
 */
record RecallHold(
        String name, String scope, Stage stage, @Nullable Instant changedAt, boolean foundUnrestricted) {

    /** Where the recall stands. */
    public enum Stage {
        OPEN,
        DONE,
        CANCELLED,
        /** The recall is not cancelled, but its range (or product) changed and no longer covers the batch. */
        LEFT_RANGE
    }

    public RecallHold {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(stage, "stage");
    }

    static Stage stageOf(RecallRecord recall) {
        return recall.cancelled() ? Stage.CANCELLED : recall.closedDone() ? Stage.DONE : Stage.OPEN;
    }

    /** The stage for one planned batch: a cancellation outranks the range leaving the batch. */
    static Stage stageOf(RecallRecord recall, boolean leftRange) {
        return leftRange && !recall.cancelled() ? Stage.LEFT_RANGE : stageOf(recall);
    }
}
