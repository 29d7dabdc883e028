package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** A failed item waits longer after each attempt, but only seconds while its target is mostly healthy. */
class BackoffTest {

    private static final DeliverySettings SETTINGS = new DeliverySettings(
            true,
            32,
            16,
            Duration.ofSeconds(60),
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            50,
            10,
            Duration.ofSeconds(5),
            4,
            50);

    private final WorkQueue queue = new WorkQueue(null, null, null, null, SETTINGS, null, null);

    @Verifies({"URS-BCP-001", "URS-INT-083"})
    @Test
    void doublesFromTheInitialWaitUpToTheMaximumWithJitterInTheUpperHalf() {
        for (int i = 0; i < 200; i++) {
            assertThat(queue.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(queue.backoff(4)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(queue.backoff(30)).isBetween(Duration.ofMinutes(2).plusSeconds(30), Duration.ofMinutes(5));
        }
    }

    @Verifies({"URS-BCP-001", "URS-INT-083"})
    @Test
    void whileTheTargetIsHealthyAnItemWaitsAtMostTheHealthyMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(queue.backoff(2, SETTINGS.healthyBackoffCap()))
                    .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(queue.backoff(30, SETTINGS.healthyBackoffCap()))
                    .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
    }
}
