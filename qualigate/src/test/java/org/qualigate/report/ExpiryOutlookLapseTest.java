package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.AccessRules;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.InstrumentCalibration;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.SiteInstruments;
import org.qualigate.validation.Verifies;

/** What the expiry outlook says ends a role: the first to expire of its basis, an instrument named as one. */
class ExpiryOutlookLapseTest {

    private static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");
    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z"); // 10:00 in Singapore
    private static final AccessRules RULES = new AccessRules(
            "test",
            List.of(AccessRule.of(
                    "SGP.API-1.OPERATOR",
                    "SGP",
                    List.of(List.of("GMP-BASIC", "REACTOR-OP", "equipment: SGP-TT-0301")),
                    Duration.ofDays(1))));
    private static final Map<QualificationCode, String> NAMES =
            Map.of(QualificationCode.of("REACTOR-OP"), "Glass-lined reactor operation");

    @Verifies("URS-QEV-370")
    @Test
    void aTransmitterFallingDueBeforeEveryRecordEndsTheRoleAtTheEndOfItsDueDayAndIsNamedWithIt() {
        LocalDate due = LocalDate.parse("2026-12-20");
        SiteInstruments calibrated = transmitter(InstrumentCalibration.Status.CALIBRATED, due);

        ExpiryOutlook.Lapse lapse = lapse(calibrated, NOW.plus(Duration.ofDays(200)));

        assertThat(lapse.instrument()).isEqualTo("SGP-TT-0301");
        assertThat(lapse.calibrationDue()).isEqualTo(due);
        assertThat(lapse.code()).isNull();
        assertThat(lapse.codeName()).isNull();
        assertThat(lapse.lapsesAt()).isEqualTo(Instant.parse("2026-12-20T16:00:00Z")); // midnight in Singapore
        assertThat(ExpiryOutlook.WINDOWS.get(lapse.window())).isEqualTo(30);
    }

    @Verifies("URS-QEV-370")
    @Test
    void aQualificationExpiringBeforeTheTransmitterFallsDueIsWhatEndsTheRole() {
        SiteInstruments calibrated =
                transmitter(InstrumentCalibration.Status.CALIBRATED, LocalDate.parse("2027-06-30"));

        ExpiryOutlook.Lapse lapse = lapse(calibrated, Instant.parse("2027-01-20T16:00:00Z"));

        assertThat(lapse.code()).isEqualTo("REACTOR-OP");
        assertThat(lapse.codeName()).isEqualTo("Glass-lined reactor operation");
        assertThat(lapse.instrument()).isNull();
        assertThat(lapse.calibrationDue()).isNull();
        assertThat(ExpiryOutlook.WINDOWS.get(lapse.window())).isEqualTo(60);
    }

    @Verifies("URS-QEV-370")
    @Test
    void aTransmitterOutOfToleranceJustifiesNothingSoNoLapseIsForeseen() {
        SiteInstruments outOfTolerance =
                transmitter(InstrumentCalibration.Status.OUT_OF_TOLERANCE, LocalDate.parse("2027-06-30"));

        RoleDecision d = decision(outOfTolerance, NOW.plus(Duration.ofDays(200)));

        assertThat(d.justified()).isFalse();
    }

    private static ExpiryOutlook.Lapse lapse(SiteInstruments instruments, Instant reactorOpExpires) {
        RoleDecision d = decision(instruments, reactorOpExpires);
        assertThat(d.justified()).isTrue();
        return ExpiryOutlook.lapse("E1", "Wei Lin", d, NOW, NAMES, instruments);
    }

    private static RoleDecision decision(SiteInstruments instruments, Instant reactorOpExpires) {
        Instant completed = NOW.minus(Duration.ofDays(30));
        List<HeldQualification> held = List.of(
                new HeldQualification(
                        "hris/GMP",
                        QualificationCode.of("GMP-BASIC"),
                        1,
                        completed,
                        NOW.plus(Duration.ofDays(300)),
                        false),
                new HeldQualification(
                        "hris/RCT", QualificationCode.of("REACTOR-OP"), 1, completed, reactorOpExpires, false));
        return new AccessPolicy()
                .evaluate(RULES, "SGP", held, instruments, NOW)
                .decisions()
                .getFirst();
    }

    private static SiteInstruments transmitter(InstrumentCalibration.Status status, LocalDate due) {
        return SiteInstruments.of(
                SINGAPORE,
                List.of(new InstrumentCalibration(
                        "SGP-TT-0301", status, due, NOW.minus(Duration.ofDays(5)), LocalDate.parse("2026-06-20"))));
    }
}
