package org.qualigate.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of a step on a change set: the change set after it (with what the step did), or a refusal
 * naming the field and the reason ({@link org.qualigate.text.Refusal}) and whether it is a conflict with the change set's state or its author.
 */
public record ChangeOutcome(
        @Nullable ChangeSet changeSet, Effects effects, org.qualigate.text.@Nullable Refusal why, Refusal refusal) {

    /** The kind of refusal, which the API maps to its status. */
    public enum Refusal {
        NONE,
        NOT_FOUND,
        INVALID,
        CONFLICT,
        SELF_APPROVAL,
        NOT_AUTHOR
    }

    /**
     * What a step did, each field only when the step did that: the signature it applied; what an approval put in force
     * by its kind (the mappings added, the rules version and the persons planned again, the parameters' new values by
     * name); and what followed a mapping's approval (the waiting records applied and what that did for whom).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Effects(
            @Nullable String signature,
            @Nullable Integer mappingsAdded,
            @Nullable String rulesVersion,
            @Nullable Integer personsPlannedAgain,
            @Nullable Map<String, String> parameters,
            @Nullable Integer parkedEventsApplied,
            MappingOutcomes.@Nullable Outcome outcome) {

        /** A step that did nothing more than move the change set on. */
        public static final Effects NONE = new Effects(null, null, null, null, null, null, null);

        static Effects signed(String signature) {
            return new Effects(signature, null, null, null, null, null, null);
        }

        static Effects mappingsAdded(int added) {
            return new Effects(null, added, null, null, null, null, null);
        }

        static Effects rulesInForce(String version, int personsPlannedAgain) {
            return new Effects(null, null, version, personsPlannedAgain, null, null, null);
        }

        static Effects parametersInForce(Map<String, String> parameters) {
            return new Effects(null, null, null, null, parameters, null, null);
        }

        static Effects waitingApplied(int parkedEventsApplied, MappingOutcomes.Outcome outcome) {
            return new Effects(null, null, null, null, null, parkedEventsApplied, outcome);
        }

        /** These effects and those of what came after, each field from whichever of the two has it. */
        Effects and(Effects then) {
            return new Effects(
                    then.signature != null ? then.signature : signature,
                    then.mappingsAdded != null ? then.mappingsAdded : mappingsAdded,
                    then.rulesVersion != null ? then.rulesVersion : rulesVersion,
                    then.personsPlannedAgain != null ? then.personsPlannedAgain : personsPlannedAgain,
                    then.parameters != null ? then.parameters : parameters,
                    then.parkedEventsApplied != null ? then.parkedEventsApplied : parkedEventsApplied,
                    then.outcome != null ? then.outcome : outcome);
        }
    }

    static ChangeOutcome done(ChangeSet c, Effects effects) {
        return new ChangeOutcome(c, effects, null, Refusal.NONE);
    }

    static ChangeOutcome refused(Refusal kind, org.qualigate.text.Refusal why) {
        return new ChangeOutcome(null, Effects.NONE, why, kind);
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
