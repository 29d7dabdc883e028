package org.qualigate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;
import org.qualigate.validation.Verifies;

/**
 * Properties of an instrument's calibration cycles over generated histories (up to four earlier cycles and a current
 * state, any status, calibration days and due dates that may be missing, fall before or after one another, or
 * contradict each other) at the demo sites' zones and generated instants.
 */
class InstrumentCyclesPropertiesTest {

    private static final Instant ORIGIN = PolicyArbitraries.ORIGIN;
    private static final String ASSET = "SGP-TT-0301";
    private static final RoleName ROLE = RoleName.of("SGP.API-1.OPERATOR");
    private static final AccessRules RULES = new AccessRules(
            "p", List.of(AccessRule.of(ROLE.value(), "SGP", List.of(List.of("equipment: " + ASSET)), Duration.ZERO)));

    private final AccessPolicy policy = new AccessPolicy();

    /** A generated history: the site's zone, the current state (if any) and the earlier cycles. */
    record History(ZoneId zone, @Nullable InstrumentCalibration current, List<InstrumentCalibration> earlier) {

        SiteInstruments instruments() {
            return SiteInstruments.of(zone, current == null ? List.of() : List.of(current), earlier);
        }

        List<InstrumentCalibration> all() {
            List<InstrumentCalibration> out = new ArrayList<>(earlier);
            if (current != null) {
                out.add(current);
            }
            return out;
        }

        /** Whether {@code later} was agreed after {@code c}: the current state after every earlier cycle. */
        boolean agreedAfter(InstrumentCalibration later, InstrumentCalibration c) {
            if (later == c) {
                return false;
            }
            if (later == current) {
                return true;
            }
            return c != current && later.since().isAfter(c.since());
        }

        /** Written per instant, apart from the rule: the cycle is within its own days and nothing replaced it yet. */
        boolean covers(InstrumentCalibration c, Instant at) {
            Instant start = InstrumentCycles.start(zone, c);
            Instant dueEnd = InstrumentCycles.dueEnd(zone, c);
            Instant from = dueEnd != null && !dueEnd.isAfter(start) ? Instant.EPOCH : start;
            boolean own = !from.isAfter(at) && (dueEnd == null || at.isBefore(dueEnd));
            return own
                    && all().stream()
                            .noneMatch(d -> agreedAfter(d, c)
                                    && !InstrumentCycles.start(zone, d).isAfter(at));
        }
    }

    @Verifies("URS-CAL-450")
    @Property(tries = 500)
    void aCycleCoversAnInstantExactlyWhenItIsWithinItsOwnDaysAndNoCycleAgreedAfterItHadBegun(
            @ForAll("histories") History h, @ForAll @IntRange(min = -100, max = 1_500) int hours) {
        Instant at = ORIGIN.plus(Duration.ofHours(hours * 7L));

        List<InstrumentCycles.Cover> covers =
                InstrumentCycles.of(h.zone(), h.instruments().byInstrument(), h.earlier());

        for (InstrumentCalibration c : h.all()) {
            boolean covered = covers.stream().anyMatch(v -> v.cycle() == c && v.covers(at));
            assertThat(covered).as("%s at %s in %s", c, at, h).isEqualTo(h.covers(c, at));
        }
        assertThat(covers)
                .allSatisfy(v -> assertThat(v.until() == null || v.until().isAfter(v.from()))
                        .isTrue());
    }

    @Verifies({"URS-CAL-450", "URS-CAL-451"})
    @Property(tries = 500)
    void onceTheCurrentCycleHasBegunOnlyItCanJustifyTheRole(
            @ForAll("histories") History h, @ForAll @IntRange(min = -100, max = 1_500) int hours) {
        Instant at = ORIGIN.plus(Duration.ofHours(hours * 7L));
        InstrumentCalibration current = h.current();

        RoleDecision d = policy.explain(RULES, "SGP", ROLE, List.of(), h.instruments(), at);

        if (d.justified()
                && current != null
                && !InstrumentCycles.start(h.zone(), current).isAfter(at)) {
            Instant dueEnd = InstrumentCycles.dueEnd(h.zone(), current);
            assertThat(current.status()).as("%s at %s", h, at).isEqualTo(InstrumentCalibration.Status.CALIBRATED);
            assertThat(dueEnd == null || at.isBefore(dueEnd))
                    .as("%s at %s", h, at)
                    .isTrue();
        }
    }

    @Verifies({"URS-CAL-450", "URS-CAL-451", "URS-CAL-452"})
    @Property(tries = 500)
    void theRoleIsJustifiedExactlyWhileACalibratedCycleCoversTheInstantAndNeverBeyondIt(
            @ForAll("histories") History h, @ForAll @IntRange(min = -100, max = 1_500) int hours) {
        Instant at = ORIGIN.plus(Duration.ofHours(hours * 7L));

        RoleDecision d = policy.explain(RULES, "SGP", ROLE, List.of(), h.instruments(), at);

        boolean calibrated = h.all().stream()
                .anyMatch(c -> c.status() == InstrumentCalibration.Status.CALIBRATED && h.covers(c, at));
        assertThat(d.justified()).as("%s at %s", h, at).isEqualTo(calibrated);
        Instant until = d.justifiedUntil();
        if (d.justified() && until != null) {
            assertThat(h.all().stream()
                            .anyMatch(c -> c.status() == InstrumentCalibration.Status.CALIBRATED
                                    && h.covers(c, until.minusNanos(1))))
                    .as("%s at %s: justified until %s", h, at, until)
                    .isTrue();
            assertThat(h.all().stream()
                            .anyMatch(c -> c.status() == InstrumentCalibration.Status.CALIBRATED && h.covers(c, until)))
                    .as("%s at %s: justified until %s", h, at, until)
                    .isFalse();
        }
    }

    @Provide
    Arbitrary<History> histories() {
        Arbitrary<ZoneId> zones = Arbitraries.of("Europe/Zurich", "America/Indiana/Indianapolis", "Asia/Singapore")
                .map(ZoneId::of);
        Arbitrary<InstrumentCalibration> cycle = Combinators.combine(
                        Arbitraries.frequency(
                                Tuple.of(6, InstrumentCalibration.Status.CALIBRATED),
                                Tuple.of(1, InstrumentCalibration.Status.OUT_OF_TOLERANCE),
                                Tuple.of(1, InstrumentCalibration.Status.OUT_OF_SERVICE)),
                        Arbitraries.integers().between(-1, 300),
                        Arbitraries.integers().between(-1, 200),
                        Arbitraries.integers().between(0, 300))
                .as((status, calibratedDay, validDays, agreedDay) -> new InstrumentCalibration(
                        ASSET,
                        status,
                        validDays < 0
                                ? null
                                : day(calibratedDay < 0 ? 0 : calibratedDay).plusDays(validDays - 20),
                        ORIGIN.plus(Duration.ofDays(agreedDay)).plusSeconds(calibratedDay + 7L * validDays),
                        calibratedDay < 0 ? null : day(calibratedDay)));
        return Combinators.combine(zones, cycle.list().ofMaxSize(4), cycle.injectNull(0.15))
                .as((zone, earlier, current) -> new History(zone, current, earlier));
    }

    private static LocalDate day(int n) {
        return LocalDate.ofInstant(ORIGIN, ZoneId.of("UTC")).plusDays(n);
    }
}
