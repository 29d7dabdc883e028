package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** A revocation is held back while the schedule calls for it, never past the bound set when first held. */
class DeferralBoundTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private final DeferralBound bound = new DeferralBound(Duration.ofHours(12));

    private static Optional<DeferralBound.Hold> onShiftUntil(Instant end) {
        return Optional.of(new DeferralBound.Hold(end, "on shift B 06:00–18:00 Europe/Zurich"));
    }

    @Verifies("URS-SEQ-005")
    @Test
    void aFirstHoldStartsTheBoundNowAndLastsUntilTheShiftEnds() {
        Instant shiftEnd = NOW.plus(Duration.ofHours(8));
        assertThat(bound.rule(null, onShiftUntil(shiftEnd), NOW))
                .isEqualTo(new DeferralBound.HeldBack(
                        shiftEnd, NOW.plus(Duration.ofHours(12)), "on shift B 06:00–18:00 Europe/Zurich"));
    }

    @Verifies("URS-SEQ-005")
    @Test
    void aHoldNeverReachesPastTheBoundOfTheFirstDeferral() {
        Instant firstBound = NOW.plus(Duration.ofHours(2));
        var ruling = bound.rule(firstBound, onShiftUntil(NOW.plus(Duration.ofHours(8))), NOW);
        assertThat(ruling).isInstanceOfSatisfying(DeferralBound.HeldBack.class, h -> {
            assertThat(h.until()).isEqualTo(firstBound);
            assertThat(h.bound()).isEqualTo(firstBound);
        });
    }

    @Verifies("URS-SEQ-005")
    @Test
    void atTheBoundTheRevocationGoesAheadThoughTheShiftGoesOn() {
        assertThat(bound.rule(NOW, onShiftUntil(NOW.plus(Duration.ofHours(1))), NOW))
                .isEqualTo(new DeferralBound.Released("maximum deferral of PT12H reached"));
    }

    @Verifies("URS-SEQ-005")
    @Test
    void withNothingInProgressTheRevocationGoesAheadAtOnce() {
        assertThat(bound.rule(NOW.plus(Duration.ofHours(3)), Optional.empty(), NOW))
                .isEqualTo(new DeferralBound.Released("no longer on shift nor holding an active work order"));
    }
}
