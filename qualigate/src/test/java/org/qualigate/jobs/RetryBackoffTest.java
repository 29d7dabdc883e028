package org.qualigate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** Every retrying queue waits by one rule: doubling from the initial wait, capped, jittered in the upper half. */
class RetryBackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    @Verifies("URS-BCP-170")
    @Test
    void theCeilingDoublesFromTheInitialWaitUpToTheMaximum() {
        assertThat(backoff.ceiling(0)).isEqualTo(5_000);
        assertThat(backoff.ceiling(1)).isEqualTo(10_000);
        assertThat(backoff.ceiling(6)).isEqualTo(320_000);
        assertThat(backoff.ceiling(7)).isEqualTo(600_000);
        assertThat(backoff.ceiling(1_000)).isEqualTo(600_000);
    }

    @Verifies("URS-BCP-170")
    @Test
    void noDoublingBelowZeroSoTheFirstWaitIsTheInitialOne() {
        assertThat(backoff.ceiling(-1)).isEqualTo(5_000);
    }

    @Verifies("URS-BCP-170")
    @Test
    void everyWaitLiesInTheUpperHalfOfItsCeiling() {
        for (int i = 0; i < 500; i++) {
            assertThat(backoff.after(0)).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
            assertThat(backoff.after(3)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
            assertThat(backoff.after(30)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
        }
    }

    @Verifies("URS-BCP-170")
    @Test
    void aCapBelowTheMaximumLowersItAndOneAboveItDoesNot() {
        assertThat(backoff.atMost(Duration.ofSeconds(30)).ceiling(10)).isEqualTo(30_000);
        assertThat(backoff.atMost(Duration.ofHours(1)).ceiling(10)).isEqualTo(600_000);
    }

    @Verifies("URS-BCP-170")
    @Test
    void asAResilience4jIntervalFunctionTheFirstRetryWaitsAboutTheInitialWait() {
        io.github.resilience4j.core.IntervalFunction rule = backoff;
        for (int i = 0; i < 500; i++) {
            assertThat(rule.apply(1)).isBetween(2_500L, 5_000L);
            assertThat(rule.apply(4)).isBetween(20_000L, 40_000L);
            assertThat(rule.apply(100)).isBetween(300_000L, 600_000L);
        }
    }

    @Test
    void aZeroInitialWaitNeverWaitsAndANegativeOneIsRefused() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ofMinutes(1));
        assertThat(none.ceiling(5)).isZero();
        assertThat(none.after(5)).isZero();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofMinutes(1)));
    }

    @Test
    void aMaximumBelowTheInitialWaitCapsEvenTheFirstWait() {
        assertThat(new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(4)).ceiling(0))
                .isEqualTo(4_000);
    }
}
