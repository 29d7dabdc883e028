package org.qualigate.change;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.change.ChangeOutcome.Refusal;
import org.qualigate.change.ChangeSet.State;

/**
 * The change-set workflow as a value (EU GMP Annex 11 §10): which step may be taken from which state, by whom, and
 * where it leads. A draft is revised and signed by its author, an authored change set is approved by someone else,
 * an open one may be rejected by anyone entitled; approved and rejected are final. A step not allowed is a
 * {@link Verdict} naming the field and the reason, never an exception.
 */
final class ChangeSetWorkflow {

    /** A step on a change set, and the state it leads to. */
    enum Step {
        REVISE(State.DRAFT),
        SIGN(State.AUTHORED),
        APPROVE(State.APPROVED),
        REJECT(State.REJECTED);

        private final State leadsTo;

        Step(State leadsTo) {
            this.leadsTo = leadsTo;
        }

        State leadsTo() {
            return leadsTo;
        }
    }

    /** Whether a step may be taken: the state it leads to, or the refusal with its field and reason. */
    record Verdict(@Nullable State next, Refusal refusal, org.qualigate.text.@Nullable Refusal why) {

        static Verdict allowed(State next) {
            return new Verdict(next, Refusal.NONE, null);
        }

        static Verdict refused(Refusal refusal, org.qualigate.text.Refusal why) {
            return new Verdict(null, refusal, why);
        }

        @Nullable
        String field() {
            return why == null ? null : why.field();
        }

        @Nullable
        String reason() {
            return why == null ? null : why.reason();
        }

        boolean isAllowed() {
            return refusal == Refusal.NONE;
        }

        /** The refusal as the outcome of the step. */
        ChangeOutcome outcome() {
            return ChangeOutcome.refused(
                    refusal, why == null ? org.qualigate.text.Refusal.whole("", "refusal.refused") : why);
        }
    }

    private ChangeSetWorkflow() {}

    /** Whether {@code actor} may take {@code step} on a change set in {@code state} drafted by {@code author}. */
    static Verdict judge(Step step, State state, String author, String actor) {
        return switch (step) {
            case REVISE -> {
                if (!state.open()) {
                    yield conflict(state, "only an open change set can be revised", "refusal.change.open-revised");
                }
                yield author.equals(actor)
                        ? Verdict.allowed(step.leadsTo())
                        : notAuthor(
                                "only the author " + author + " can revise the change set",
                                "refusal.change.author-revises",
                                author);
            }
            case SIGN -> {
                if (state != State.DRAFT) {
                    yield conflict(state, "only a draft is signed by its author", "refusal.change.draft-signed");
                }
                yield author.equals(actor)
                        ? Verdict.allowed(step.leadsTo())
                        : notAuthor(
                                "only the author " + author + " signs a draft as AUTHORED",
                                "refusal.change.author-signs",
                                author);
            }
            case APPROVE -> {
                // the four-eyes rule comes first: an author learns it before learning the set is not yet signed
                if (author.equals(actor)) {
                    yield Verdict.refused(
                            Refusal.SELF_APPROVAL,
                            org.qualigate.text.Refusal.of(
                                    "approver",
                                    "must be someone other than the author " + author
                                            + " (a change set is never approved by its own author)",
                                    "refusal.change.self-approval",
                                    author));
                }
                yield state == State.AUTHORED
                        ? Verdict.allowed(step.leadsTo())
                        : conflict(
                                state,
                                "only a change set signed by its author can be approved",
                                "refusal.change.authored-approved");
            }
            case REJECT ->
                state.open()
                        ? Verdict.allowed(step.leadsTo())
                        : conflict(state, "only an open change set can be rejected", "refusal.change.open-rejected");
        };
    }

    /** The steps {@code actor} may take on a change set in {@code state} drafted by {@code author}. */
    static List<Step> stepsFrom(State state, String author, String actor) {
        return Arrays.stream(Step.values())
                .filter(step -> judge(step, state, author, actor).isAllowed())
                .toList();
    }

    /**
     * A step the state does not allow: "is AUTHORED: only a draft is signed by its author" for the API, the state in
     * the reader's words on a page. The message key is always written out at the call (decision 0054).
     */
    private static Verdict conflict(State state, String rule, String key) {
        return Verdict.refused(
                Refusal.CONFLICT,
                org.qualigate.text.Refusal.of(
                        "state",
                        "is " + state + ": " + rule,
                        key,
                        org.qualigate.text.Sentence.of("change.state." + state)));
    }

    private static Verdict notAuthor(String reason, String key, String author) {
        return Verdict.refused(Refusal.NOT_AUTHOR, org.qualigate.text.Refusal.of("author", reason, key, author));
    }
}
