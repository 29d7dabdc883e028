package org.qualigate.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MidRecallKillTest {

    @Test
    void aKillCutTheRecallOnlyWithSomeOfItsBatchesBlockedAndOthersNotYet() {
        assertThat(MidRecallKill.recallCut(9, 24)).isTrue();
        assertThat(MidRecallKill.recallCut(0, 24)).isFalse();
        assertThat(MidRecallKill.recallCut(24, 24)).isFalse();
    }

    @Test
    void aKillCutAnEscalationWhenAStepWasInOneSystemAndNotYetInTheOther() {
        assertThat(new CapaUnderKill.Cut(1, 0, 4, 12).cut()).isTrue();
        assertThat(new CapaUnderKill.Cut(0, 1, 4, 12).cut()).isTrue();
    }

    @Test
    void aKillBeforeAnyStepOrAfterEveryStepReachedBothSystemsCutNoEscalation() {
        assertThat(new CapaUnderKill.Cut(0, 0, 0, 12).cut()).isFalse();

        CapaUnderKill.Cut over = new CapaUnderKill.Cut(0, 0, 12, 12);

        assertThat(over.cut()).isFalse();
        assertThat(over.done()).isTrue();
    }
}
