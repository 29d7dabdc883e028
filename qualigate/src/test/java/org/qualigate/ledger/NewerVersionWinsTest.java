package org.qualigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** Of two versions of one source record the higher source version wins, in whatever order they arrive. */
class NewerVersionWinsTest {

    @Verifies("URS-SEQ-003")
    @Test
    void aHigherVersionReplacesTheRecordTheSameIsADuplicateALowerIsStale() {
        assertThat(NewerVersionWins.decide(3, 4)).isEqualTo(LedgerOutcome.APPLIED);
        assertThat(NewerVersionWins.decide(3, 3)).isEqualTo(LedgerOutcome.DUPLICATE);
        assertThat(NewerVersionWins.decide(3, 2)).isEqualTo(LedgerOutcome.STALE);
    }

    @Verifies("URS-SEQ-003")
    @Property
    void theArrivalOrderOfTwoVersionsNeverDecidesWhichOneIsHeld(
            @ForAll @LongRange(min = 0, max = 1_000) long first, @ForAll @LongRange(min = 0, max = 1_000) long second) {
        long heldAfterFirstThenSecond =
                NewerVersionWins.decide(first, second) == LedgerOutcome.APPLIED ? second : first;
        long heldAfterSecondThenFirst =
                NewerVersionWins.decide(second, first) == LedgerOutcome.APPLIED ? first : second;
        assertThat(heldAfterFirstThenSecond).isEqualTo(heldAfterSecondThenFirst).isEqualTo(Math.max(first, second));
    }
}
