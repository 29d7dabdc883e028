package org.qualigate.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.NonconformanceRaiser.NewNonconformance;
import org.qualigate.validation.Verifies;

class ExcursionNonconformanceTest {

    private static final UUID ID = UUID.fromString("5b0c6a1e-7d43-4c2a-9f0e-2b7f4d1c8a90");

    private static ExcursionDraft accepted() {
        return new ExcursionDraft(
                ID,
                "BSL-FILL-1",
                "BSL",
                "A",
                "PARTICLES_0_5_UM",
                "particles/m3",
                3520,
                false,
                Instant.parse("2026-11-20T08:00:00Z"),
                Map.of(),
                5000,
                3,
                List.of("S1", "S2"),
                Instant.parse("2026-11-20T08:00:00Z"),
                Instant.parse("2026-11-20T08:05:00Z"),
                ExcursionDraft.Review.ACCEPTED,
                "user:qa-approver",
                "counter alarm confirmed",
                Instant.parse("2026-11-20T09:00:00Z"),
                "sig-1");
    }

    @Test
    @Verifies("URS-QEV-391")
    void anAcceptedExcursionIsAMajorNonconformanceOfItsRoomKeyedByItsIdAndSayingWhoAcceptedItAndWhy() {
        NewNonconformance nc = ExcursionNonconformance.of(accepted());

        assertThat(nc.key()).isEqualTo("QG-EMS-" + ID);
        assertThat(nc.site()).isEqualTo("BSL");
        assertThat(nc.severity()).isEqualTo("Major");
        assertThat(nc.room()).isEqualTo("BSL-FILL-1");
        assertThat(nc.description())
                .isEqualTo("Environmental-monitoring excursion in room BSL-FILL-1 (grade A, site BSL): PARTICLES_0_5_UM"
                        + " above 3520 particles/m3 since 2026-11-20T08:00:00Z, back within since 2026-11-20T08:05:00Z;"
                        + " worst reading 5000 particles/m3, 3 readings beyond from S1, S2. Accepted as a"
                        + " non-conformance by user:qa-approver at 2026-11-20T09:00:00Z: counter alarm confirmed"
                        + " (Qualigate excursion " + ID + ", signature sig-1)");
    }
}
