package org.qualigate.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MidMovementKillTest {

    private static final int ROUND = 40;

    @Test
    void aKillWithAPostingDecidedAndTheErpNotDoneCutAPosting() {
        assertThat(new MidMovementKill.Cut(3, 9, 0, 0, 0).cutPosting(ROUND)).isTrue();
    }

    @Test
    void aKillWhosePostingsLandedInTheErpAfterTheProcessWasGoneCutThemThoughTheRoundIsNowComplete() {
        assertThat(new MidMovementKill.Cut(2, ROUND, 2, 0, 0).cutPosting(ROUND)).isTrue();
    }

    @Test
    void aKillAfterTheErpHadTakenTheWholeRoundCutNoPostingEvenWithItsRecordsPending() {
        assertThat(new MidMovementKill.Cut(2, ROUND, 0, 0, 0).cutPosting(ROUND)).isFalse();
    }

    @Test
    void aKillWithNoPostingDecidedCutNone() {
        assertThat(new MidMovementKill.Cut(0, 12, 0, 0, 0).cutPosting(ROUND)).isFalse();
    }

    @Test
    void aKillCutTheConsumptionOnlyWhenTheConsumerHadStoredSomeOfTheRoundAndNotAllProduced() {
        long before = 20_005;

        assertThat(new MidMovementKill.Cut(0, 0, 0, 21_500, 26_005).cutConsumption(before))
                .isTrue();
        assertThat(new MidMovementKill.Cut(0, 0, 0, 26_005, 26_005).cutConsumption(before))
                .isFalse();
        assertThat(new MidMovementKill.Cut(0, 0, 0, before, 26_005).cutConsumption(before))
                .isFalse();
    }
}
