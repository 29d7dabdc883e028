package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qualigate.validation.Verifies;

/**
 * An instrument recalibrated before its previous cycle ran out: the earlier cycle covers its days only up to the
 * start of the recalibration's day at the site, whatever the recalibration found and whenever it falls due.
 */
class InstrumentCyclesTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private static final RoleName WEIGHER = RoleName.of("BSL.FILL-1.WEIGHER");
    private static final String BALANCE = "BSL-BAL-0112";
    private static final LocalDate FIRST_CALIBRATION = LocalDate.parse("2026-12-01");
    private static final LocalDate FIRST_DUE = LocalDate.parse("2027-11-30");
    private static final LocalDate RECALIBRATED = LocalDate.parse("2027-03-10");
    private static final Instant FIRST_AGREED = Instant.parse("2026-12-01T15:00:00Z");
    private static final Instant RECALIBRATION_AGREED = Instant.parse("2027-03-10T16:00:00Z");

    private final AccessPolicy policy = new AccessPolicy();

    private static AccessRules rules(String site) {
        return new AccessRules(
                "test",
                List.of(AccessRule.of(
                        site + ".FILL-1.WEIGHER",
                        site,
                        List.of(List.of("equipment: " + BALANCE)),
                        Duration.ofDays(3))));
    }

    private static InstrumentCalibration first() {
        return new InstrumentCalibration(
                BALANCE, InstrumentCalibration.Status.CALIBRATED, FIRST_DUE, FIRST_AGREED, FIRST_CALIBRATION);
    }

    private static InstrumentCalibration recalibration(InstrumentCalibration.Status status, @Nullable LocalDate due) {
        return new InstrumentCalibration(BALANCE, status, due, RECALIBRATION_AGREED, RECALIBRATED);
    }

    /** The balance's states after the recalibration: the recalibration current, the first cycle earlier. */
    private static SiteInstruments recalibrated(ZoneId zone, InstrumentCalibration recalibration) {
        return SiteInstruments.of(zone, List.of(recalibration), List.of(first()));
    }

    private RoleDecision decide(SiteInstruments instruments, String at) {
        return decide(instruments, "BSL", Instant.parse(at));
    }

    private RoleDecision decide(SiteInstruments instruments, String site, Instant at) {
        return policy.explain(rules(site), site, RoleName.of(site + ".FILL-1.WEIGHER"), List.of(), instruments, at);
    }

    private static Instant startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    @Verifies("URS-CAL-450")
    @Test
    void anEarlyRecalibrationFallingDueSoonerEndsTheEarlierCycleAtItsOwnDueDay() {
        LocalDate due = LocalDate.parse("2027-04-10");
        SiteInstruments instruments = recalibrated(BASEL, recalibration(InstrumentCalibration.Status.CALIBRATED, due));

        RoleDecision during = decide(instruments, "2027-04-10T12:00:00Z");
        assertThat(during.justified()).isTrue();
        assertThat(during.justifiedUntil()).isEqualTo(startOf(due.plusDays(1), BASEL));

        // the first cycle's due date (30 November) would still cover the day after: it was superseded in March
        RoleDecision dayAfter = decide(instruments, "2027-04-11T12:00:00Z");
        assertThat(dayAfter.justified()).isFalse();
        assertThat(dayAfter.summary())
                .contains("equipment BSL-BAL-0112 (out of calibration since 2027-04-11 (due 2027-04-10))");
        assertThat(decide(instruments, "2027-10-01T12:00:00Z").justified()).isFalse();
    }

    @Verifies("URS-CAL-450")
    @Test
    void beforeTheRecalibrationDayTheEarlierCycleStillCoversItsDaysAndTheRoleRunsOnWithoutAGap() {
        LocalDate due = LocalDate.parse("2027-04-10");
        SiteInstruments instruments = recalibrated(BASEL, recalibration(InstrumentCalibration.Status.CALIBRATED, due));

        RoleDecision before = decide(instruments, "2027-03-09T12:00:00Z");

        assertThat(before.justified()).isTrue();
        assertThat(before.justifiedUntil()).isEqualTo(startOf(due.plusDays(1), BASEL));
        assertThat(before.sets().getFirst().requirements().getFirst().reason())
                .isEqualTo("BSL-BAL-0112 calibrated until 2027-11-30, recalibrated 2027-03-10");
    }

    @Verifies("URS-CAL-450")
    @Test
    void anEarlyRecalibrationFallingDueLaterCarriesTheRoleToItsOwnDueDay() {
        LocalDate due = LocalDate.parse("2028-03-10");
        SiteInstruments instruments = recalibrated(BASEL, recalibration(InstrumentCalibration.Status.CALIBRATED, due));

        assertThat(InstrumentCycles.of(BASEL, instruments.byInstrument(), instruments.earlierCycles()))
                .extracting(InstrumentCycles.Cover::from, InstrumentCycles.Cover::until)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(
                                startOf(RECALIBRATED, BASEL), startOf(due.plusDays(1), BASEL)),
                        org.assertj.core.api.Assertions.tuple(
                                startOf(FIRST_CALIBRATION, BASEL), startOf(RECALIBRATED, BASEL)));
        RoleDecision d = decide(instruments, "2027-12-15T12:00:00Z");
        assertThat(d.justified()).isTrue();
        assertThat(d.justifiedUntil()).isEqualTo(startOf(due.plusDays(1), BASEL));
        assertThat(d.sets().getFirst().requirements().getFirst().reason())
                .isEqualTo("BSL-BAL-0112 calibrated until 2028-03-10");
    }

    @Verifies("URS-CAL-451")
    @Test
    void aRecalibrationFoundOutOfToleranceEndsTheEarlierCycleAtTheStartOfItsDay() {
        SiteInstruments instruments = recalibrated(
                BASEL, recalibration(InstrumentCalibration.Status.OUT_OF_TOLERANCE, LocalDate.parse("2028-03-10")));

        RoleDecision before = decide(instruments, "2027-03-09T12:00:00Z");
        assertThat(before.justified()).isTrue();
        assertThat(before.justifiedUntil()).isEqualTo(startOf(RECALIBRATED, BASEL));

        RoleDecision after = decide(instruments, "2027-03-10T08:00:00Z");
        assertThat(after.justified()).isFalse();
        assertThat(after.summary())
                .contains("equipment BSL-BAL-0112 (out of calibration since 2027-03-10 (OUT_OF_TOLERANCE))");
        assertThat(decide(instruments, "2027-06-01T08:00:00Z").justified()).isFalse();
    }

    @Verifies("URS-CAL-451")
    @Test
    void aRecalibrationOnTheEarlierCyclesDueDayTakesOverAtTheStartOfThatDay() {
        InstrumentCalibration ending = new InstrumentCalibration(
                BALANCE, InstrumentCalibration.Status.CALIBRATED, RECALIBRATED, FIRST_AGREED, FIRST_CALIBRATION);
        LocalDate due = LocalDate.parse("2027-09-10");
        SiteInstruments instruments = SiteInstruments.of(
                BASEL, List.of(recalibration(InstrumentCalibration.Status.CALIBRATED, due)), List.of(ending));

        RoleDecision d = decide(instruments, "2027-03-08T12:00:00Z");

        assertThat(d.justified()).isTrue();
        assertThat(d.justifiedUntil()).isEqualTo(startOf(due.plusDays(1), BASEL));
        assertThat(InstrumentCycles.of(BASEL, instruments.byInstrument(), instruments.earlierCycles()))
                .filteredOn(c -> c.cycle().equals(ending))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.until()).isEqualTo(startOf(RECALIBRATED, BASEL));
                    assertThat(c.recalibrated()).isEqualTo(RECALIBRATED);
                });
    }

    @Verifies("URS-CAL-451")
    @Test
    void aSecondCalibrationOnTheSameDayReplacesTheFirstForTheWholeDay() {
        InstrumentCalibration morning = new InstrumentCalibration(
                BALANCE,
                InstrumentCalibration.Status.CALIBRATED,
                LocalDate.parse("2028-03-10"),
                Instant.parse("2027-03-10T08:00:00Z"),
                RECALIBRATED);
        SiteInstruments instruments = SiteInstruments.of(
                BASEL,
                List.of(recalibration(InstrumentCalibration.Status.OUT_OF_TOLERANCE, LocalDate.parse("2028-03-10"))),
                List.of(morning, first()));

        assertThat(InstrumentCycles.of(BASEL, instruments.byInstrument(), instruments.earlierCycles()))
                .extracting(InstrumentCycles.Cover::cycle)
                .doesNotContain(morning);
        assertThat(decide(instruments, "2027-03-10T09:00:00Z").justified()).isFalse();
        assertThat(decide(instruments, "2027-03-09T22:59:59Z").justified()).isTrue();
    }

    @Verifies("URS-CAL-451")
    @Test
    void aCycleAgreedLaterCutsAnEarlierOneEvenWhenNeitherIsTheCurrentState() {
        InstrumentCalibration second = new InstrumentCalibration(
                BALANCE,
                InstrumentCalibration.Status.CALIBRATED,
                LocalDate.parse("2027-04-10"),
                RECALIBRATION_AGREED,
                RECALIBRATED);
        InstrumentCalibration third = new InstrumentCalibration(
                BALANCE,
                InstrumentCalibration.Status.CALIBRATED,
                LocalDate.parse("2027-12-31"),
                Instant.parse("2027-06-01T08:00:00Z"),
                LocalDate.parse("2027-06-01"));

        List<InstrumentCycles.Cover> covers =
                InstrumentCycles.of(BASEL, Map.of(BALANCE, third), List.of(second, first()));

        assertThat(covers)
                .filteredOn(c -> c.cycle().equals(first()))
                .singleElement()
                .satisfies(c -> assertThat(c.until()).isEqualTo(startOf(RECALIBRATED, BASEL)));
        assertThat(covers)
                .filteredOn(c -> c.cycle().equals(second))
                .singleElement()
                .satisfies(c -> assertThat(c.until()).isEqualTo(startOf(LocalDate.parse("2027-04-11"), BASEL)));
    }

    @Verifies("URS-CAL-450")
    @Test
    void aDayBetweenTwoCyclesOrBeforeTheFirstIsExplainedByTheCycleThatJudgesItNotByTodaysState() {
        InstrumentCalibration lapsed = new InstrumentCalibration(
                BALANCE,
                InstrumentCalibration.Status.CALIBRATED,
                LocalDate.parse("2027-02-28"),
                FIRST_AGREED,
                FIRST_CALIBRATION);
        SiteInstruments instruments = SiteInstruments.of(
                BASEL,
                List.of(recalibration(InstrumentCalibration.Status.CALIBRATED, LocalDate.parse("2028-03-10"))),
                List.of(lapsed));

        RoleDecision gap = decide(instruments, "2027-03-05T12:00:00Z");
        assertThat(gap.justified()).isFalse();
        assertThat(gap.summary())
                .contains("equipment BSL-BAL-0112 (out of calibration since 2027-03-01 (due 2027-02-28))");
        RoleDecision before = decide(instruments, "2026-11-15T12:00:00Z");
        assertThat(before.justified()).isFalse();
        assertThat(before.summary()).contains("equipment BSL-BAL-0112 (not calibrated before 2026-12-01)");
    }

    /**
     * A recalibration found out of tolerance on 10 March, at each demo site: it takes over at the start of 10 March
     * in the site's zone, not in UTC — so at midnight UTC Singapore and Basel are already in the new cycle,
     * Indianapolis still in the old one.
     */
    @Verifies("URS-CAL-452")
    @ParameterizedTest
    @CsvSource({
        "BSL, Europe/Zurich, 2027-03-09T23:00:00Z, false",
        "IND, America/Indiana/Indianapolis, 2027-03-10T05:00:00Z, true",
        "SGP, Asia/Singapore, 2027-03-09T16:00:00Z, false"
    })
    void theRecalibrationTakesOverAtTheStartOfItsDayInTheSitesZone(
            String site, String zoneId, String localMidnight, boolean oldCycleAtMidnightUtc) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant takesOver = Instant.parse(localMidnight);
        assertThat(startOf(RECALIBRATED, zone)).isEqualTo(takesOver);
        SiteInstruments instruments = recalibrated(
                zone, recalibration(InstrumentCalibration.Status.OUT_OF_TOLERANCE, LocalDate.parse("2028-03-10")));

        RoleDecision justBefore = decide(instruments, site, takesOver.minusSeconds(1));
        assertThat(justBefore.justified()).isTrue();
        assertThat(justBefore.justifiedUntil()).isEqualTo(takesOver);
        assertThat(decide(instruments, site, takesOver).justified()).isFalse();
        assertThat(decide(instruments, site, Instant.parse("2027-03-10T00:00:00Z"))
                        .justified())
                .isEqualTo(oldCycleAtMidnightUtc);
    }

    @Verifies("URS-CAL-452")
    @ParameterizedTest
    @CsvSource({"Europe/Zurich", "America/Indiana/Indianapolis", "Asia/Singapore"})
    void aSoonerDueDateEndsAtTheEndOfItsDayInTheSitesZone(String zoneId) {
        ZoneId zone = ZoneId.of(zoneId);
        LocalDate due = LocalDate.parse("2027-04-10");
        SiteInstruments instruments = recalibrated(zone, recalibration(InstrumentCalibration.Status.CALIBRATED, due));
        Instant end = startOf(due.plusDays(1), zone);

        assertThat(decide(instruments, "BSL", end.minusSeconds(1)).justified()).isTrue();
        assertThat(decide(instruments, "BSL", end).justified()).isFalse();
        assertThat(decide(instruments, "BSL", end.plus(Duration.ofDays(30))).justified())
                .isFalse();
    }
}
