package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.qualigate.validation.Verifies;

/**
 * Properties of a rule that names an instrument, over generated qualifications, calibration states, grace periods
 * and instants: the role is justified exactly when the same rule without the instrument is justified on the
 * person's records and the instrument is calibrated with its due day not over at the site; and a justified role
 * never outlasts the end of the instrument's due day.
 */
class InstrumentCalibrationPropertiesTest {

    private static final Instant ORIGIN = PolicyArbitraries.ORIGIN;
    private static final ZoneId ZONE = ZoneId.of("Asia/Singapore");
    private static final String ROLE = "SGP.API-1.OPERATOR";

    private final AccessPolicy policy = new AccessPolicy();

    private static AccessRules rules(Duration grace, boolean withInstrument) {
        List<String> set = withInstrument
                ? List.of("GMP-BASIC", "GDP-DOC", "equipment: SGP-TT-0301")
                : List.of("GMP-BASIC", "GDP-DOC");
        return new AccessRules("p", List.of(AccessRule.of(ROLE, "SGP", List.of(set), grace)));
    }

    @Verifies("URS-QEV-271")
    @Property(tries = 400)
    void theRoleIsJustifiedExactlyWhenThePeoplesPartIsAndTheInstrumentIsCalibratedAndNotPastItsDueDay(
            @ForAll("records") List<HeldQualification> held,
            @ForAll("instruments") SiteInstruments instruments,
            @ForAll @IntRange(min = 0, max = 3) int graceDays,
            @ForAll @IntRange(min = 0, max = 800) int minutesOfDays) {
        Instant at = ORIGIN.plus(Duration.ofMinutes(minutesOfDays * 1_439L));
        Duration grace = Duration.ofDays(graceDays);
        boolean people = policy.evaluate(rules(grace, false), "SGP", held, at)
                .justifiedRoles()
                .contains(RoleName.of(ROLE));
        InstrumentCalibration c = instruments.byInstrument().get("SGP-TT-0301");
        boolean calibrated = c != null
                && c.status() == InstrumentCalibration.Status.CALIBRATED
                && (c.dueDate() == null || at.isBefore(instruments.dueEnd(c.dueDate())));

        RoleDecision d = policy.explain(rules(grace, true), "SGP", RoleName.of(ROLE), held, instruments, at);

        assertThat(d.justified()).as("%s at %s with %s", instruments, at, held).isEqualTo(people && calibrated);
        if (d.justified() && c != null && c.dueDate() != null) {
            assertThat(d.justifiedUntil()).isNotNull().isBeforeOrEqualTo(instruments.dueEnd(c.dueDate()));
        }
    }

    @Provide
    Arbitrary<List<HeldQualification>> records() {
        return PolicyArbitraries.records();
    }

    @Provide
    Arbitrary<SiteInstruments> instruments() {
        Arbitrary<InstrumentCalibration> one = net.jqwik.api.Combinators.combine(
                        Arbitraries.of(InstrumentCalibration.Status.class),
                        Arbitraries.integers().between(-1, 900))
                .as((status, dueDay) -> new InstrumentCalibration(
                        "SGP-TT-0301",
                        status,
                        dueDay < 0 ? null : LocalDate.ofInstant(ORIGIN, ZONE).plusDays(dueDay),
                        ORIGIN));
        return Arbitraries.oneOf(
                Arbitraries.just(SiteInstruments.none(ZONE)), one.map(c -> SiteInstruments.of(ZONE, List.of(c))));
    }
}
