package org.qualigate.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.qualigate.environment.ExcursionRule.Step;
import org.qualigate.environment.RoomLimits.Level;
import org.qualigate.environment.RoomLimits.Limit;
import org.qualigate.environment.RoomLimits.Room;
import org.qualigate.validation.Verifies;

class ExcursionRuleTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final Room ISO = new Room("BSL-FILL-1-ISO", "BSL", "A");
    static final Limit PARTICLES = new Limit("PARTICLES_0_5_UM", "particles/m3", 2800, 3520, false, Duration.ZERO);
    static final Limit PRESSURE = new Limit("DIFFERENTIAL_PRESSURE", "Pa", 11, 10, true, Duration.ofSeconds(60));

    static EmsReading reading(String sensor, String parameter, double value, long second) {
        return new EmsReading(
                sensor + "-" + second,
                ISO.room(),
                sensor,
                parameter,
                value,
                "x",
                T0.plusSeconds(second),
                "ems.readings/0@" + second);
    }

    static Step particles(@Nullable Episode open, String sensor, double value, long second) {
        return ExcursionRule.apply(
                open, reading(sensor, PARTICLES.parameter(), value, second), ISO, PARTICLES, UUID::randomUUID);
    }

    static Step pressure(@Nullable Episode open, String sensor, double value, long second) {
        return ExcursionRule.apply(
                open, reading(sensor, PRESSURE.parameter(), value, second), ISO, PRESSURE, UUID::randomUUID);
    }

    @Test
    @Verifies("URS-QEV-281")
    void aReadingEqualToTheActionLimitIsWithinItAndOneAboveIsBeyond() {
        assertThat(PARTICLES.level(3520)).isEqualTo(Level.ALERT);
        assertThat(PARTICLES.level(3521)).isEqualTo(Level.ACTION);
        assertThat(PARTICLES.level(2800)).isEqualTo(Level.WITHIN);
        assertThat(PRESSURE.level(10)).isEqualTo(Level.ALERT);
        assertThat(PRESSURE.level(9.9)).isEqualTo(Level.ACTION);
        assertThat(PRESSURE.level(11)).isEqualTo(Level.WITHIN);
    }

    @Test
    void refusesAnAlertLimitBeyondItsActionLimit() {
        assertThatThrownBy(() -> new Limit("P", "Pa", 9, 10, true, Duration.ZERO))
                .hasMessageContaining("alert limit of P (9.0) lies beyond its action limit");
    }

    @Test
    @Verifies("URS-QEV-281")
    void aParticleCountBeyondTheActionLimitIsADraftAtOnceAndFurtherReadingsExtendTheSameEpisode() {
        Step first = particles(null, "S1", 4210, 0);
        assertThat(first.opened()).isTrue();
        assertThat(first.drafted()).isTrue();
        assertThat(first.after().draftAt()).isEqualTo(T0);

        Step second = particles(first.after(), "S2", 5000, 1);
        assertThat(second.opened()).isFalse();
        assertThat(second.drafted()).as("one draft per episode").isFalse();
        assertThat(second.after().id()).isEqualTo(first.after().id());
        assertThat(second.after().worst()).isEqualTo(5000);
        assertThat(second.after().sensorsBeyond()).containsExactlyInAnyOrder("S1", "S2");
        assertThat(second.after().title())
                .isEqualTo("BSL-FILL-1-ISO PARTICLES_0_5_UM above 3520 particles/m3 (worst 5000)");
    }

    @Test
    @Verifies("URS-QEV-281")
    void theEpisodeEndsOnlyWhenEverySensorThatWentBeyondIsBackWithin() {
        Episode e = particles(null, "S1", 4210, 0).after();
        e = particles(e, "S2", 4000, 1).after();

        Step s1Back = particles(e, "S1", 100, 2);
        assertThat(s1Back.ended()).isFalse();
        assertThat(s1Back.after().sensorsBeyond()).containsExactly("S2");

        Step s3Within = particles(s1Back.after(), "S3", 100, 3);
        assertThat(s3Within.changed(s1Back.after()))
                .as("a sensor that was never beyond")
                .isFalse();

        Step s2Back = particles(s1Back.after(), "S2", 2900, 4);
        assertThat(s2Back.ended()).isTrue();
        assertThat(s2Back.level()).isEqualTo(Level.ALERT);
        assertThat(s2Back.after().endedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(s2Back.after().draftAt()).isEqualTo(T0);
    }

    @Test
    void anAlertLevelReadingWithNoEpisodeOpenChangesNothing() {
        Step s = particles(null, "S1", 3000, 0);
        assertThat(s.after()).isNull();
        assertThat(s.level()).isEqualTo(Level.ALERT);
    }

    @Test
    @Verifies("URS-QEV-281")
    void aPressureDropIsADraftOnlyOnceItHasLastedSixtySeconds() {
        Step start = pressure(null, "S1", 7, 0);
        assertThat(start.opened()).isTrue();
        assertThat(start.drafted()).isFalse();
        Step at59 = pressure(start.after(), "S1", 7.5, 59);
        assertThat(at59.drafted()).isFalse();
        Step at60 = pressure(at59.after(), "S1", 8, 60);
        assertThat(at60.drafted()).isTrue();
        assertThat(at60.after().draftAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(at60.after().worst()).isEqualTo(7);
        assertThat(pressure(at60.after(), "S1", 6, 61).drafted()).isFalse();
    }

    @Test
    void aPressureDropBackWithinBeforeSixtySecondsEndsWithoutADraft() {
        Episode e = pressure(null, "S1", 7, 0).after();
        Step back = pressure(e, "S1", 12, 30);
        assertThat(back.ended()).isTrue();
        assertThat(back.after().draftAt()).isNull();
    }

    @Test
    void theLimitOfTheRoomsGradeComesBeforeTheOneEveryGradeShares() {
        RoomLimits limits = RoomLimits.of(new EmsSettings(
                null,
                List.of(new EmsSettings.RoomSetting("R1", "BSL", "A"), new EmsSettings.RoomSetting("R2", "BSL", "B")),
                List.of(
                        new EmsSettings.LimitSetting("*", "DIFFERENTIAL_PRESSURE", "Pa", 11, 10, true, null),
                        new EmsSettings.LimitSetting("A", "DIFFERENTIAL_PRESSURE", "Pa", 16, 15, true, null),
                        new EmsSettings.LimitSetting(
                                "A", "PARTICLES_0_5_UM", "particles/m3", 2800, 3520, false, null))));

        Room r1 = limits.room("R1").orElseThrow();
        Room r2 = limits.room("R2").orElseThrow();
        assertThat(limits.limit(r1, "DIFFERENTIAL_PRESSURE").orElseThrow().action())
                .isEqualTo(15);
        assertThat(limits.limit(r2, "DIFFERENTIAL_PRESSURE").orElseThrow().action())
                .isEqualTo(10);
        assertThat(limits.limit(r2, "PARTICLES_0_5_UM")).isEmpty();
        assertThat(limits.limit(r1, "TEMPERATURE")).isEmpty();
        assertThat(limits.room("R9")).isEmpty();
        assertThat(limits.limit(r2, "DIFFERENTIAL_PRESSURE").orElseThrow().words())
                .isEqualTo("below 10 Pa");
    }
}
