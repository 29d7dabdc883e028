package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class CapaEscalationTest {

    private static final LocalDate DUE = LocalDate.parse("2026-12-01");

    private static CapaRecord capa(String status) {
        return new CapaRecord(
                "a0C1",
                "CAPA-2026-000001",
                Instant.parse("2026-11-01T08:00:00Z"),
                "BSL",
                "NC-2026-000001",
                "root cause of particles",
                "E10001",
                "owner@plant.example",
                "E10002",
                "manager@plant.example",
                DUE,
                status,
                null);
    }

    @Verifies("URS-QEV-128")
    @Test
    void theStepsComeDueAtTheirDatesAndSayWhy() {
        assertThat(CapaEscalation.due(capa("Opened"), DUE.minusDays(4), 3, "QA"))
                .isEmpty();
        assertThat(CapaEscalation.due(capa("Opened"), DUE.minusDays(3), 3, "QA"))
                .extracting(CapaEscalation.Step::kind)
                .containsExactly(CapaEscalation.Kind.REMINDER);
        assertThat(CapaEscalation.due(capa("Opened"), DUE, 3, "QA"))
                .extracting(CapaEscalation.Step::kind)
                .containsExactly(CapaEscalation.Kind.REMINDER, CapaEscalation.Kind.MANAGER);
        var late = CapaEscalation.due(capa("In Progress"), DUE.plusDays(7), 3, "qa-leadership@plant.example");
        assertThat(late).extracting(CapaEscalation.Step::kind).endsWith(CapaEscalation.Kind.QA_LEADERSHIP);
        assertThat(late.get(1).explanation())
                .isEqualTo("escalated to manager@plant.example (manager of owner@plant.example) because "
                        + "CAPA-2026-000001 was due 2026-12-01 and is still open with status In Progress");
        assertThat(late.get(2).explanation()).contains("QA leadership (qa-leadership@plant.example)");
    }

    @Verifies("URS-QEV-128")
    @Test
    void aClosedCapaOnlyClosesItsTaskAndHasNothingAhead() {
        assertThat(CapaEscalation.due(capa("Closed - Effective"), DUE.plusDays(30), 3, "QA"))
                .extracting(CapaEscalation.Step::kind)
                .containsExactly(CapaEscalation.Kind.CLOSED);
        assertThat(CapaEscalation.next(capa("Closed - Effective"), DUE, 3)).isEmpty();
    }

    @Test
    void theNextCheckIsTheNextStepsDate() {
        assertThat(CapaEscalation.next(capa("Opened"), DUE.minusDays(10), 3)).contains(DUE.minusDays(3));
        assertThat(CapaEscalation.next(capa("Opened"), DUE.minusDays(3), 3)).contains(DUE);
        assertThat(CapaEscalation.next(capa("Opened"), DUE, 3)).contains(DUE.plusDays(7));
        assertThat(CapaEscalation.next(capa("Opened"), DUE.plusDays(7), 3)).isEmpty();
    }
}
