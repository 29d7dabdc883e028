package org.qualigate.quality;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recall's hold on one batch of its plan, as the rule reads it: the recall's name and scope, whether it is open,
 * closed as done or cancelled (and when), and whether the recall found stock of the batch in unrestricted use — only
 * then was the block its own, to give back on cancellation.
 */
record RecallHold(
        String name, String scope, Stage stage, @Nullable Instant changedAt, boolean foundUnrestricted) {

    /** Where the recall stands. */
    public enum Stage {
        OPEN,
        DONE,
        CANCELLED
    }

    public RecallHold {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(stage, "stage");
    }

    static Stage stageOf(RecallRecord recall) {
        return recall.cancelled() ? Stage.CANCELLED : recall.closedDone() ? Stage.DONE : Stage.OPEN;
    }
}
