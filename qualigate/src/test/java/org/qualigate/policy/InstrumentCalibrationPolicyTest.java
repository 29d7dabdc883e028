package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.policy.HeldQualificationFixtures.aQualification;
import static org.qualigate.policy.HeldQualificationFixtures.all;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** A line role that requires an instrument in calibration, decided by the same pure policy as people's training. */
class InstrumentCalibrationPolicyTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final RoleName WEIGHER = RoleName.of("BSL.FILL-1.WEIGHER");
    private static final LocalDate DUE = LocalDate.parse("2027-01-31");
    // the end of 31 January in Zurich (UTC+1 in winter)
    private static final Instant END_OF_DUE_DAY = Instant.parse("2027-01-31T23:00:00Z");
    private static final Instant AGREED = Instant.parse("2026-11-02T09:00:00Z");

    private final AccessPolicy policy = new AccessPolicy();
    private final AccessRules rules = rules(Duration.ofDays(3));

    private static AccessRules rules(Duration grace) {
        return new AccessRules(
                "test",
                List.of(AccessRule.of(
                        "BSL.FILL-1.WEIGHER", "BSL", List.of(List.of("GMP-BASIC", "equipment: BSL-BAL-0112")), grace)));
    }

    private static List<HeldQualification> trained() {
        return all(aQualification("GMP-BASIC").completed("2026-01-01T00:00:00Z").expiring("2028-01-01T00:00:00Z"));
    }

    private static SiteInstruments balance(InstrumentCalibration.Status status, LocalDate due) {
        return SiteInstruments.of(ZURICH, List.of(new InstrumentCalibration("BSL-BAL-0112", status, due, AGREED)));
    }

    private RoleDecision decide(SiteInstruments instruments, Instant at) {
        return policy.explain(rules, "BSL", WEIGHER, trained(), instruments, at);
    }

    @Verifies("URS-QEV-270")
    @Test
    void aRequirementNamesAnInstrumentByItsAssetNumber() {
        Requirement requirement = Requirement.parse("Equipment :  BSL-BAL-0112");

        assertThat(requirement.instrument()).contains("BSL-BAL-0112");
        assertThat(requirement).hasToString("equipment: BSL-BAL-0112");
        assertThat(Requirement.parse(requirement.toString())).isEqualTo(requirement);
        assertThat(Requirement.parse("GMP-BASIC").instrument()).isEmpty();
    }

    @Verifies("URS-QEV-270")
    @Test
    void aMalformedInstrumentOrAQualificationUnderTheInstrumentsPrefixIsRefusedNamingTheText() {
        assertThatThrownBy(() -> Requirement.parse("equipment: bal 12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'equipment: bal 12'")
                .hasMessageContaining("asset number");
        assertThatThrownBy(() -> Requirement.parse("equipment:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asset number");
        assertThatThrownBy(() -> Requirement.parse("CALIBRATED.BSL-BAL-0112"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equipment: ASSET-NUMBER");
    }

    @Verifies("URS-QEV-271")
    @Test
    void theRoleIsJustifiedWhileTheInstrumentIsCalibratedAndSaysUntilWhen() {
        RoleDecision d =
                decide(balance(InstrumentCalibration.Status.CALIBRATED, DUE), Instant.parse("2027-01-10T08:00:00Z"));

        assertThat(d.justified()).isTrue();
        assertThat(d.justifiedUntil()).isEqualTo(END_OF_DUE_DAY);
        assertThat(d.sets().getFirst().requirements().get(1).reason())
                .isEqualTo("BSL-BAL-0112 calibrated until 2027-01-31");
        assertThat(d.summary()).contains("equipment BSL-BAL-0112 (calibrated until 2027-01-31)");
    }

    @Verifies("URS-QEV-271")
    @Test
    void theDueDateIsValidThroughTheEndOfThatDayAtTheSiteAndNoGraceCoversIt() {
        SiteInstruments instruments = balance(InstrumentCalibration.Status.CALIBRATED, DUE);

        assertThat(decide(instruments, END_OF_DUE_DAY.minusSeconds(1)).justified())
                .isTrue();
        RoleDecision after = decide(instruments, END_OF_DUE_DAY);
        assertThat(after.justified()).isFalse();
        assertThat(after.summary())
                .contains("equipment BSL-BAL-0112 (out of calibration since 2027-02-01 (due 2027-01-31))");
        // the rule's three days of grace are for the people's qualifications, not for the balance
        assertThat(decide(instruments, END_OF_DUE_DAY.plus(Duration.ofDays(1))).justified())
                .isFalse();
        assertThat(policy.evaluate(rules, "BSL", trained(), instruments, Instant.parse("2027-01-10T08:00:00Z"))
                        .changePoints())
                .contains(END_OF_DUE_DAY);
    }

    @Verifies("URS-QEV-271")
    @Test
    void anInstrumentOutOfToleranceOrWithoutAnAgreedStateJustifiesNothingAndSaysWhy() {
        RoleDecision broken =
                decide(balance(InstrumentCalibration.Status.OUT_OF_TOLERANCE, DUE), AGREED.plusSeconds(60));
        assertThat(broken.justified()).isFalse();
        assertThat(broken.sets().getFirst().requirements().get(1).reason())
                .isEqualTo("BSL-BAL-0112 out of calibration since 2026-11-02 (OUT_OF_TOLERANCE)");

        RoleDecision unknown = decide(SiteInstruments.none(ZURICH), AGREED);
        assertThat(unknown.justified()).isFalse();
        assertThat(unknown.summary())
                .contains("equipment BSL-BAL-0112 (has no agreed calibration record at this site)");
    }

    @Verifies("URS-QEV-271")
    @Test
    void aPersonsOwnRecordUnderAnInstrumentsCodeCountsForNothing() {
        List<HeldQualification> claimed = new java.util.ArrayList<>(trained());
        claimed.add(aQualification("CALIBRATED.BSL-BAL-0112").withoutExpiry().build());

        assertThat(policy.explain(rules, "BSL", WEIGHER, claimed, SiteInstruments.none(ZURICH), AGREED)
                        .justified())
                .isFalse();
    }

    @Test
    void theRulesSayWhichInstrumentsTheyNameAtASite() {
        assertThat(rules.instrumentsAt("BSL")).containsExactly("BSL-BAL-0112");
        assertThat(rules.instrumentsAt("IND")).isEmpty();
    }
}
