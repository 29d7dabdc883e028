package org.qualigate.change;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A change set's state and latest version. */
public record ChangeSet(
        long id,
        ChangeKind kind,
        String title,
        State state,
        String author,
        int latestVersion,
        Instant createdAt,
        @Nullable String decidedBy,
        @Nullable Instant decidedAt,
        @Nullable String decisionReason) {

    /** Where a change set is in its life. */
    public enum State {
        DRAFT,
        AUTHORED,
        APPROVED,
        REJECTED;

        public boolean open() {
            return this == DRAFT || this == AUTHORED;
        }
    }
}
