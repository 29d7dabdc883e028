package org.qualigate.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.change.ChangeOutcome.Refusal;
import org.qualigate.change.ChangeSet.State;
import org.qualigate.change.ChangeSetWorkflow.Step;
import org.qualigate.change.ChangeSetWorkflow.Verdict;

class ChangeSetWorkflowTest {

    private static final String AUTHOR = "alice";
    private static final String OTHER = "bob";

    @Test
    void theAuthorRevisesAndSignsADraftAndSomeoneElseApprovesOrRejectsIt() {
        assertThat(ChangeSetWorkflow.stepsFrom(State.DRAFT, AUTHOR, AUTHOR))
                .containsExactly(Step.REVISE, Step.SIGN, Step.REJECT);
        assertThat(ChangeSetWorkflow.stepsFrom(State.DRAFT, AUTHOR, OTHER)).containsExactly(Step.REJECT);
        assertThat(ChangeSetWorkflow.stepsFrom(State.AUTHORED, AUTHOR, AUTHOR))
                .containsExactly(Step.REVISE, Step.REJECT);
        assertThat(ChangeSetWorkflow.stepsFrom(State.AUTHORED, AUTHOR, OTHER))
                .containsExactly(Step.APPROVE, Step.REJECT);
    }

    @Test
    void anApprovedOrRejectedChangeSetTakesNoFurtherStep() {
        for (State done : new State[] {State.APPROVED, State.REJECTED}) {
            assertThat(ChangeSetWorkflow.stepsFrom(done, AUTHOR, AUTHOR)).isEmpty();
            assertThat(ChangeSetWorkflow.stepsFrom(done, AUTHOR, OTHER)).isEmpty();
        }
    }

    @Test
    void eachStepLeadsToItsState() {
        assertThat(ChangeSetWorkflow.judge(Step.REVISE, State.AUTHORED, AUTHOR, AUTHOR)
                        .next())
                .isEqualTo(State.DRAFT);
        assertThat(ChangeSetWorkflow.judge(Step.SIGN, State.DRAFT, AUTHOR, AUTHOR)
                        .next())
                .isEqualTo(State.AUTHORED);
        assertThat(ChangeSetWorkflow.judge(Step.APPROVE, State.AUTHORED, AUTHOR, OTHER)
                        .next())
                .isEqualTo(State.APPROVED);
        assertThat(ChangeSetWorkflow.judge(Step.REJECT, State.DRAFT, AUTHOR, OTHER)
                        .next())
                .isEqualTo(State.REJECTED);
    }

    @Test
    void theAuthorApprovingIsRefusedAsSelfApprovalWhateverTheState() {
        for (State state : State.values()) {
            Verdict verdict = ChangeSetWorkflow.judge(Step.APPROVE, state, AUTHOR, AUTHOR);

            assertThat(verdict.refusal()).isEqualTo(Refusal.SELF_APPROVAL);
            assertThat(verdict.field()).isEqualTo("approver");
            assertThat(verdict.reason()).contains("someone other than the author alice");
        }
    }

    @Test
    void aStepOnTheWrongStateIsAConflictNamingTheStateAndTheRule() {
        Verdict verdict = ChangeSetWorkflow.judge(Step.SIGN, State.AUTHORED, AUTHOR, AUTHOR);

        assertThat(verdict.isAllowed()).isFalse();
        assertThat(verdict.outcome())
                .extracting(ChangeOutcome::refusal, ChangeOutcome::field, ChangeOutcome::reason)
                .containsExactly(Refusal.CONFLICT, "state", "is AUTHORED: only a draft is signed by its author");
        assertThat(ChangeSetWorkflow.judge(Step.APPROVE, State.DRAFT, AUTHOR, OTHER)
                        .reason())
                .isEqualTo("is DRAFT: only a change set signed by its author can be approved");
        assertThat(ChangeSetWorkflow.judge(Step.REJECT, State.APPROVED, AUTHOR, OTHER)
                        .reason())
                .isEqualTo("is APPROVED: only an open change set can be rejected");
    }

    @Test
    void someoneElseRevisingOrSigningIsRefusedNamingTheAuthor() {
        assertThat(ChangeSetWorkflow.judge(Step.REVISE, State.DRAFT, AUTHOR, OTHER)
                        .outcome())
                .extracting(ChangeOutcome::refusal, ChangeOutcome::field, ChangeOutcome::reason)
                .containsExactly(Refusal.NOT_AUTHOR, "author", "only the author alice can revise the change set");
        assertThat(ChangeSetWorkflow.judge(Step.SIGN, State.DRAFT, AUTHOR, OTHER)
                        .outcome())
                .extracting(ChangeOutcome::refusal, ChangeOutcome::field, ChangeOutcome::reason)
                .containsExactly(Refusal.NOT_AUTHOR, "author", "only the author alice signs a draft as AUTHORED");
    }
}
