package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The nightly reconciliation runs once per period of its cron across the instances: the period comes from the cron. */
class ReconciliationScheduleTest {

    private static final Instant NOON = Instant.parse("2031-03-01T12:00:00Z");

    @Test
    void theNightlyCronRunsOncePerDay() {
        assertThat(TrainingConfiguration.ReconciliationSchedule.interval("0 30 2 * * *", NOON))
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anHourlyCronRunsOncePerHour() {
        assertThat(TrainingConfiguration.ReconciliationSchedule.interval("0 0 * * * *", NOON))
                .isEqualTo(Duration.ofHours(1));
    }
}
