package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.policy.HeldQualificationFixtures.aQualification;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class HeldQualificationTest {

    private static final Instant COMPLETED = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2027-01-10T22:59:59Z");

    @Verifies("URS-SEQ-001")
    @Test
    void isValidFromCompletionUntilJustBeforeExpiry() {
        HeldQualification held = aQualification("GMP-BASIC")
                .completed(COMPLETED)
                .expiring(EXPIRES)
                .build();

        assertThat(held.validAt(COMPLETED.minusNanos(1))).isFalse();
        assertThat(held.validAt(COMPLETED)).isTrue();
        assertThat(held.validAt(EXPIRES.minusNanos(1))).isTrue();
        assertThat(held.validAt(EXPIRES)).isFalse();
    }

    @Verifies("URS-SEQ-001")
    @Test
    void isNeverValidOnceRevoked() {
        assertThat(aQualification("GMP-BASIC")
                        .completed(COMPLETED)
                        .revoked()
                        .build()
                        .validAt(COMPLETED.plusSeconds(1)))
                .isFalse();
    }

    @Verifies("URS-DI-004")
    @Test
    void rejectsAnExpiryNotAfterCompletionAndALevelBelowOne() {
        assertThatThrownBy(() -> aQualification("GMP-BASIC")
                        .completed(EXPIRES)
                        .expiring(EXPIRES)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after its completion");
        assertThatThrownBy(() -> aQualification("GMP-BASIC").level(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aQualification("GMP-BASIC").evidence(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
