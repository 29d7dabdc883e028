package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfAHundredEvenlySpreadLatencies() {
        Histogram micros = LatencySummary.newHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            micros.recordValue(ms * 1000L);
        }

        LatencySummary s = LatencySummary.of(micros, 2);

        assertThat(s.arrived()).isEqualTo(100);
        assertThat(s.missing()).isEqualTo(2);
        assertThat(s.p50()).isCloseTo(50.0, within(0.1));
        assertThat(s.p90()).isCloseTo(90.0, within(0.1));
        assertThat(s.p99()).isCloseTo(99.0, within(0.1));
        assertThat(s.max()).isCloseTo(100.0, within(0.1));
    }

    @Test
    void oneSlowOutlierShowsInTheMaxAndNotTheMedian() {
        Histogram micros = LatencySummary.newHistogram();
        for (int i = 0; i < 199; i++) {
            micros.recordValue(40_000);
        }
        micros.recordValue(2_500_000);

        LatencySummary s = LatencySummary.of(micros, 0);

        assertThat(s.p50()).isCloseTo(40.0, within(0.1));
        assertThat(s.p99()).isCloseTo(40.0, within(0.1));
        assertThat(s.max()).isCloseTo(2_500.0, within(2.5));
    }

    @Test
    void nothingArrivedIsAllZeroWithTheMissingCount() {
        LatencySummary s = LatencySummary.of(LatencySummary.newHistogram(), 50);

        assertThat(s.arrived()).isZero();
        assertThat(s.missing()).isEqualTo(50);
        assertThat(s.max()).isZero();
    }
}
