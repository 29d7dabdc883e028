package org.qualigate.change;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of a step on a change set: the change set after it (with what the step did), or a refusal
 * naming the field and the reason ({@link org.qualigate.text.Refusal}) and whether it is a conflict with the change set's state or its author.
 */
public record ChangeOutcome(
        @Nullable ChangeSet changeSet,
        Map<String, Object> effects,
        org.qualigate.text.@Nullable Refusal why,
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
        return new ChangeOutcome(c, Map.copyOf(effects), null, Refusal.NONE);
    }

    static ChangeOutcome refused(Refusal kind, org.qualigate.text.Refusal why) {
        return new ChangeOutcome(null, Map.of(), why, kind);
    }

    /** The field a refusal names, or null. */
    public @Nullable String field() {
        return why == null ? null : why.field();
    }

    /** A refusal's reason in the API's English, or null. */
    public @Nullable String reason() {
        return why == null ? null : why.reason();
    }

    public boolean refused() {
        return refusal != Refusal.NONE;
    }
}
