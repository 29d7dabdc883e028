package org.qualigate.sandbox.ems;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CleanroomReadingsTest {

    static final Room GRADE_A = new Room("BSL-FILL-1-ISO", "BSL", "A", 2, 3520, null);
    static final Room GRADE_C = new Room("BSL-PREP", "BSL", "C", 1, 3_520_000, 29_300L);

    static boolean beyond(Reading r) {
        return switch (r.parameter()) {
            case "PARTICLES_0_5_UM" -> r.value() > r.room().particles05Limit();
            case "PARTICLES_5_0_UM" ->
                r.room().particles50Limit() != null && r.value() > r.room().particles50Limit();
            case "DIFFERENTIAL_PRESSURE" -> r.value() < Room.MIN_DIFFERENTIAL_PRESSURE;
            default -> false;
        };
    }

    @Test
    void withoutExcursionsEveryReadingLiesInsideItsRoomsLimits() {
        CleanroomReadings readings =
                new CleanroomReadings(List.of(GRADE_A, GRADE_C), Clock.systemUTC(), new Random(1), 0);

        for (int i = 0; i < 1_000; i++) {
            Reading r = readings.next();
            assertThat(beyond(r)).as("%s", r).isFalse();
            assertThat(r.excursion()).isFalse();
        }
    }

    @Test
    void anExcursionLiesBeyondTheLimitAndAPressureDropLastsPastSixtySeconds() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
        CleanroomReadings readings = new CleanroomReadings(List.of(GRADE_C), clock, new Random(1), 1);

        List<Reading> some =
                java.util.stream.Stream.generate(readings::next).limit(8).toList();

        assertThat(some).filteredOn(r -> !r.parameter().equals("TEMPERATURE")).allSatisfy(r -> {
            assertThat(r.excursion()).isTrue();
            assertThat(beyond(r)).isTrue();
        });
        assertThat(CleanroomReadings.PRESSURE_DROP).isGreaterThan(java.time.Duration.ofSeconds(60));
        assertThat(some.stream().map(Reading::room).map(Room::room).distinct()).containsExactly("BSL-PREP");
    }

    @Test
    void visitsEverySensorOfEveryRoomInTurn() {
        CleanroomReadings readings =
                new CleanroomReadings(List.of(GRADE_A, GRADE_C), Clock.systemUTC(), new Random(1), 0);

        List<String> sensors = java.util.stream.Stream.generate(readings::next)
                .limit(12)
                .map(Reading::sensor)
                .distinct()
                .toList();

        assertThat(sensors).containsExactly("BSL-FILL-1-ISO-S1", "BSL-FILL-1-ISO-S2", "BSL-PREP-S1");
    }
}
