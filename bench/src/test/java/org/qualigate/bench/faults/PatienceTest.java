package org.qualigate.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PatienceTest {

    @Test
    void aWaitEndsAsSoonAsTheStateItNeedsIsThere() throws Exception {
        AtomicInteger looks = new AtomicInteger();

        boolean came = Patience.until(() -> looks.incrementAndGet() == 3, Duration.ofDays(1), Duration.ZERO);

        assertThat(came).isTrue();
        assertThat(looks).hasValue(3);
    }

    @Test
    void aWaitWhoseLimitPassedSaysSoAfterLookingOnceMore() throws Exception {
        AtomicInteger looks = new AtomicInteger();

        boolean came = Patience.until(() -> looks.incrementAndGet() < 0, Duration.ZERO, Duration.ZERO);

        assertThat(came).isFalse();
        assertThat(looks).hasValue(1);
    }

    @Test
    void aRequiredStateNotReachedFailsTheRunNamingItAndTheLoad() {
        assertThatThrownBy(() -> Patience.require("every batch blocked", () -> false, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("every batch blocked was not reached within 0 s (load average ");
    }

    @Test
    void aSenderKeepsSendingLongerThanALifeOfTheServiceMayTakeToStart() {
        assertThat(Patience.RESENDING).isGreaterThan(Patience.STARTING);
    }
}
