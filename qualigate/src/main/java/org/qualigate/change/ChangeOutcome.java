package org.qualigate.change;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of a step on a change set: the change set after it (with what the step did), or a refusal
 * naming the field and the reason and whether it is a conflict with the change set's state or its author.
 */
public record ChangeOutcome(
        @Nullable ChangeSet changeSet,
        Map<String, Object> effects,
        @Nullable String field,
        @Nullable String reason,
        Refusal refusal) {

    /** The kind of refusal, which the API maps to its status. */
    public enum Refusal {
        NONE,
        NOT_FOUND,
        INVALID,
        CONFLICT,
        SELF_APPROVAL,
        NOT_AUTHOR
    }

    static ChangeOutcome done(ChangeSet c, Map<String, Object> effects) {
        return new ChangeOutcome(c, Map.copyOf(effects), null, null, Refusal.NONE);
    }

    static ChangeOutcome refused(Refusal kind, String field, String reason) {
        return new ChangeOutcome(null, Map.of(), field, reason, kind);
    }

    public boolean refused() {
        return refusal != Refusal.NONE;
    }
}
