package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void rateIsSuccessesPerSecondOfThePhase() {
        Throughput t = new Throughput(8, 5_000, Map.of(), Duration.ofSeconds(20));

        assertThat(t.perSecond()).isEqualTo(250.0);
    }

    @Test
    void ratioComparesRatesNotCounts() {
        Throughput plain = new Throughput(1, 4_000, Map.of(), Duration.ofSeconds(20));
        Throughput intake = new Throughput(1, 1_000, Map.of(), Duration.ofSeconds(10));

        assertThat(intake.ratioTo(plain)).isEqualTo(0.5);
    }

    @Test
    void ratioToABaselineThatAchievedNothingIsZero() {
        Throughput none = new Throughput(1, 0, Map.of(), Duration.ofSeconds(1));
        Throughput some = new Throughput(1, 10, Map.of(), Duration.ofSeconds(1));

        assertThat(some.ratioTo(none)).isZero();
    }

    @Test
    void failuresAreCountedAndSummarisedByKindInOrder() {
        Throughput t = new Throughput(2, 10, Map.of("timeout", 1L, "HTTP 401", 3L), Duration.ofSeconds(1));

        assertThat(t.failed()).isEqualTo(4);
        assertThat(t.failureSummary()).isEqualTo("HTTP 401 ×3, timeout ×1");
    }

    @Test
    void refusesAPhaseWithoutDuration() {
        assertThatThrownBy(() -> new Throughput(1, 1, Map.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
