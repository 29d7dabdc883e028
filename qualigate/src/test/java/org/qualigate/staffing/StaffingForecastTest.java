package org.qualigate.staffing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.access.StaffingMinimum;
import org.qualigate.connector.ShiftSchedule.RosteredShift;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.AccessRules;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SiteInstruments;
import org.qualigate.validation.Verifies;

/**
 * The staffing forecast on a fixed roster and a fixed clock: Friday 20 November 2026, 08:00 UTC, at Basel
 * (Europe/Zurich, winter time: the night shift 22:00–06:00 is 21:00–05:00 UTC), PACK-3 needing three operators.
 */
class StaffingForecastTest {

    private static final SiteInstruments NO_INSTRUMENTS = SiteInstruments.none(java.time.ZoneOffset.UTC);

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private static final RoleName OPERATOR = RoleName.of("BSL.PACK-3.OPERATOR");
    private static final AccessRules RULES = new AccessRules(
            "test-1",
            List.of(packOperator(List.of(List.of("GMP-BASIC", "GDP-DOC", "PACK-SERIAL")), Duration.ofDays(7))));
    private static final StaffingMinimum THREE_PER_SHIFT =
            new StaffingMinimum(OPERATOR, "BSL", "PACK-3", 3, List.of("early", "late", "night"));

    private final StaffingForecast forecast = new StaffingForecast();

    // A holds the role all year; B's serialisation certificate expired at the end of 22 November (site time) and
    // its grace week ends at the end of the 29th; D never took it.
    private final Person a = aPerson("E1").holding("GMP-BASIC", "GDP-DOC", "PACK-SERIAL");
    private final Person b = aPerson("E2").holding("GMP-BASIC", "GDP-DOC").with("PACK-SERIAL", endOfDay("2026-11-22"));
    private final Person c = aPerson("E3").holding("GMP-BASIC", "GDP-DOC", "PACK-SERIAL");
    private final Person d = aPerson("E4").holding("GMP-BASIC", "GDP-DOC");

    @Verifies("URS-REP-103")
    @Test
    void countsTheRosteredHoldersOfEachShiftAndFlagsTheShiftsBelowTheMinimum() {
        List<RosteredShift> roster = new ArrayList<>();
        for (LocalDate day = LocalDate.parse("2026-11-20");
                day.isBefore(LocalDate.parse("2026-12-01"));
                day = day.plusDays(1)) {
            roster.addAll(night(day, "E1", "E2", "E3", "E4"));
        }

        Forecast f = forecast.forecast(inputs(roster, a, b, c, d), CLOCK.instant(), 30);

        Forecast.ShiftForecast first = shift(f, "2026-11-20");
        assertThat(first.start()).isEqualTo(Instant.parse("2026-11-20T21:00:00Z"));
        assertThat(first.end()).isEqualTo(Instant.parse("2026-11-21T05:00:00Z"));
        Forecast.RoleForecast tonight = first.roles().getFirst();
        assertThat(tonight.role()).isEqualTo(OPERATOR);
        assertThat(tonight.rostered()).isEqualTo(4);
        assertThat(tonight.held()).isEqualTo(3);
        assertThat(tonight.atRisk()).isFalse();

        Forecast.RoleForecast last = shift(f, "2026-11-30").roles().getFirst();
        assertThat(last.held()).isEqualTo(2);
        assertThat(last.atRisk()).isTrue();
        assertThat(last.holding()).extracting(h -> h.employeeId().value()).containsExactly("E1", "E3");
        Forecast.Shortfall lapsed = shortfall(last, "E2");
        assertThat(lapsed.why()).isEqualTo(Forecast.Why.LAPSES);
        assertThat(lapsed.lapsesAt()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(lapsed.missing()).singleElement().satisfies(m -> {
            assertThat(m.code()).isEqualTo(QualificationCode.of("PACK-SERIAL"));
            assertThat(m.expiredAt()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        });
        Forecast.Shortfall never = shortfall(last, "E4");
        assertThat(never.why()).isEqualTo(Forecast.Why.NOT_QUALIFIED);
        assertThat(never.lapsesAt()).isNull();
        assertThat(never.missing()).extracting(m -> m.code().value()).containsExactly("PACK-SERIAL");

        assertThat(f.atRisk()).extracting(s -> s.date().toString()).containsExactly("2026-11-30");
    }

    @Verifies("URS-REP-103")
    @Test
    void aRoleThatLapsesDuringTheShiftIsHeldToItsEndWhenRevocationsWaitForTheShift() {
        // B's grace ends at 00:00 Basel time, an hour into the night shift of the 29th
        List<RosteredShift> roster = night(LocalDate.parse("2026-11-29"), "E1", "E2", "E3");

        Forecast deferred = forecast.forecast(inputs(roster, a, b, c), CLOCK.instant(), 30);
        Forecast.RoleForecast role = deferred.shifts().getFirst().roles().getFirst();
        assertThat(role.held()).isEqualTo(3);
        assertThat(holding(role, "E2").how()).isEqualTo(Forecast.How.DEFERRAL);
        assertThat(holding(role, "E2").lapsesAt()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));

        Forecast noScheduling =
                forecast.forecast(inputs(roster, false, Duration.ofHours(12), a, b, c), CLOCK.instant(), 30);
        assertThat(noScheduling.shifts().getFirst().roles().getFirst().atRisk()).isTrue();

        Forecast shortDeferral =
                forecast.forecast(inputs(roster, true, Duration.ofHours(1), a, b, c), CLOCK.instant(), 30);
        assertThat(shortDeferral.shifts().getFirst().roles().getFirst().held())
                .as("the revocation is held at most an hour, and the shift runs five more")
                .isEqualTo(2);
    }

    @Verifies("URS-REP-103")
    @Test
    void aGracePeriodKeepsTheRoleAndSaysSo() {
        Forecast f = forecast.forecast(inputs(night(LocalDate.parse("2026-11-25"), "E2"), b), CLOCK.instant(), 30);
        Forecast.Holding held =
                f.shifts().getFirst().roles().getFirst().holding().getFirst();
        assertThat(held.how()).isEqualTo(Forecast.How.GRACE);
        assertThat(held.lapsesAt()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
    }

    @Verifies("URS-REP-103")
    @Test
    void anOverrideCountsForTheShiftsItCoversWhole() {
        Person g = aPerson("E7").granted(Forecast.How.OVERRIDE, "2026-11-20T07:00:00Z", "2026-11-21T06:00:00Z");
        List<RosteredShift> roster = new ArrayList<>(night(LocalDate.parse("2026-11-20"), "E7"));
        roster.addAll(night(LocalDate.parse("2026-11-21"), "E7"));

        Forecast f = forecast.forecast(inputs(roster, g), CLOCK.instant(), 30);

        assertThat(holding(shift(f, "2026-11-20").roles().getFirst(), "E7").how())
                .isEqualTo(Forecast.How.OVERRIDE);
        Forecast.Shortfall after = shortfall(shift(f, "2026-11-21").roles().getFirst(), "E7");
        assertThat(after.why()).isEqualTo(Forecast.Why.LAPSES);
        assertThat(after.lapsesAt()).isEqualTo(Instant.parse("2026-11-21T06:00:00Z"));
    }

    @Verifies("URS-REP-103")
    @Test
    void aSuspendedRoleAnInactivePersonAndSomeoneUnknownHoldNothing() {
        Person suspended =
                aPerson("E5").holding("GMP-BASIC", "GDP-DOC", "PACK-SERIAL").suspended();
        Person gone =
                aPerson("E6").holding("GMP-BASIC", "GDP-DOC", "PACK-SERIAL").inactive();

        Forecast f = forecast.forecast(
                inputs(night(LocalDate.parse("2026-11-20"), "E5", "E6", "E9"), suspended, gone), CLOCK.instant(), 30);

        Forecast.RoleForecast role = f.shifts().getFirst().roles().getFirst();
        assertThat(role.held()).isZero();
        assertThat(role.shortfalls())
                .extracting(s -> s.employeeId().value() + " " + s.why())
                .containsExactly("E5 SUSPENDED", "E6 INACTIVE", "E9 UNKNOWN_PERSON");
    }

    @Verifies("URS-REP-103")
    @Test
    void coversTheShiftInProgressAndTheDaysAskedForOnlyWithTheMinimumsOfEachShift() {
        List<RosteredShift> roster = new ArrayList<>();
        // last night's shift is over, this morning's early shift (06:00–14:00 Basel, 05:00–13:00 UTC) is running
        roster.addAll(night(LocalDate.parse("2026-11-19"), "E1"));
        roster.add(rostered("E1", "early", LocalDate.parse("2026-11-20"), LocalTime.of(6, 0), LocalTime.of(14, 0)));
        roster.addAll(night(LocalDate.parse("2026-11-22"), "E1"));
        roster.addAll(night(LocalDate.parse("2026-11-24"), "E1"));
        StaffingMinimum nightsOnly = new StaffingMinimum(OPERATOR, "BSL", "PACK-3", 1, List.of("night"));

        Forecast f = forecast.forecast(
                new StaffingForecast.Inputs(
                        "BSL",
                        RULES,
                        List.of(nightsOnly),
                        roster,
                        List.of(),
                        people(a),
                        true,
                        Duration.ofHours(12),
                        NO_INSTRUMENTS),
                CLOCK.instant(),
                3);

        assertThat(f.shifts())
                .extracting(s -> s.date() + " " + s.shift() + " " + s.roles().size())
                .containsExactly("2026-11-20 early 0", "2026-11-22 night 1");
        assertThat(f.until()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    }

    @Verifies("URS-REP-103")
    @Test
    void theSameRosterInAnyOrderGivesTheSameForecast() {
        List<RosteredShift> roster = new ArrayList<>();
        for (LocalDate day = LocalDate.parse("2026-11-20");
                day.isBefore(LocalDate.parse("2026-12-05"));
                day = day.plusDays(1)) {
            roster.addAll(night(day, "E1", "E2", "E3", "E4"));
        }
        Forecast ordered = forecast.forecast(inputs(roster, a, b, c, d), CLOCK.instant(), 30);
        List<RosteredShift> shuffled = new ArrayList<>(roster);
        Collections.shuffle(shuffled, new java.util.Random(7));
        // and the same person rostered twice on one shift counts once
        shuffled.add(shuffled.getFirst());

        assertThat(forecast.forecast(inputs(shuffled, d, c, b, a), CLOCK.instant(), 30))
                .isEqualTo(ordered);
    }

    @Verifies("URS-REP-103")
    @Test
    void namesTheTrainingOfTheRequirementSetClosestToBeingMet() {
        AccessRules twoWays = new AccessRules(
                "test-2",
                List.of(packOperator(
                        List.of(
                                List.of("GMP-BASIC", "GDP-DOC", "PACK-SERIAL", "LINE-CLEARANCE"),
                                List.of("GMP-BASIC", "PACK-SERIAL")),
                        Duration.ZERO)));
        Person e = aPerson("E8").holding("GMP-BASIC", "GDP-DOC");

        Forecast f = forecast.forecast(
                new StaffingForecast.Inputs(
                        "BSL",
                        twoWays,
                        List.of(THREE_PER_SHIFT),
                        night(LocalDate.parse("2026-11-20"), "E8"),
                        List.of(),
                        people(e),
                        true,
                        Duration.ofHours(12),
                        NO_INSTRUMENTS),
                CLOCK.instant(),
                30);

        assertThat(shortfall(f.shifts().getFirst().roles().getFirst(), "E8").missing())
                .extracting(m -> m.code().value())
                .containsExactly("PACK-SERIAL");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static AccessRule packOperator(List<List<String>> sets, Duration grace) {
        AccessRule rule = AccessRule.of("BSL.PACK-3.OPERATOR", "BSL", sets, grace);
        return new AccessRule(rule.role(), rule.site(), "PACK-3", rule.anyOf(), rule.grace());
    }

    private static StaffingForecast.Inputs inputs(List<RosteredShift> roster, Person... people) {
        return inputs(roster, true, Duration.ofHours(12), people);
    }

    private static StaffingForecast.Inputs inputs(
            List<RosteredShift> roster, boolean deferrals, Duration maxDeferral, Person... people) {
        return new StaffingForecast.Inputs(
                "BSL",
                RULES,
                List.of(THREE_PER_SHIFT),
                roster,
                List.of(),
                people(people),
                deferrals,
                maxDeferral,
                NO_INSTRUMENTS);
    }

    private static Map<EmployeeId, StaffingForecast.Candidate> people(Person... people) {
        Map<EmployeeId, StaffingForecast.Candidate> out = new HashMap<>();
        for (Person p : people) {
            out.put(EmployeeId.of(p.id), p.build());
        }
        return out;
    }

    private static List<RosteredShift> night(LocalDate day, String... ids) {
        List<RosteredShift> out = new ArrayList<>();
        for (String id : ids) {
            out.add(rostered(id, "night", day, LocalTime.of(22, 0), LocalTime.of(6, 0)));
        }
        return out;
    }

    private static RosteredShift rostered(String id, String shift, LocalDate day, LocalTime from, LocalTime to) {
        Instant start = ZonedDateTime.of(day, from, BASEL).toInstant();
        Instant end = ZonedDateTime.of(to.isAfter(from) ? day : day.plusDays(1), to, BASEL)
                .toInstant();
        return new RosteredShift(EmployeeId.of(id), "BSL", "PACK-3", "OPERATOR", shift, day, start, end);
    }

    private static Instant endOfDay(String day) {
        return LocalDate.parse(day).plusDays(1).atStartOfDay(BASEL).toInstant();
    }

    private static Forecast.ShiftForecast shift(Forecast f, String day) {
        return f.shifts().stream()
                .filter(s -> s.date().toString().equals(day))
                .findFirst()
                .orElseThrow();
    }

    private static Forecast.Shortfall shortfall(Forecast.RoleForecast role, String id) {
        return role.shortfalls().stream()
                .filter(s -> s.employeeId().value().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Forecast.Holding holding(Forecast.RoleForecast role, String id) {
        return role.holding().stream()
                .filter(s -> s.employeeId().value().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Person aPerson(String id) {
        return new Person(id);
    }

    /** A rostered person as the ledger knows them, built up by what matters to each test. */
    private static final class Person {
        private final String id;
        private final List<HeldQualification> held = new ArrayList<>();
        private final List<StaffingForecast.Grant> grants = new ArrayList<>();
        private boolean active = true;
        private boolean suspended;

        private Person(String id) {
            this.id = id;
        }

        Person holding(String... codes) {
            for (String code : codes) {
                with(code, CLOCK.instant().plus(Duration.ofDays(365)));
            }
            return this;
        }

        Person with(String code, Instant expiresAt) {
            held.add(new HeldQualification(
                    "TR-" + id + "-" + code,
                    QualificationCode.of(code),
                    1,
                    CLOCK.instant().minus(Duration.ofDays(300)),
                    expiresAt,
                    false));
            return this;
        }

        Person granted(Forecast.How how, String from, String until) {
            grants.add(new StaffingForecast.Grant(OPERATOR, how, Instant.parse(from), Instant.parse(until)));
            return this;
        }

        Person suspended() {
            suspended = true;
            return this;
        }

        Person inactive() {
            active = false;
            return this;
        }

        StaffingForecast.Candidate build() {
            return new StaffingForecast.Candidate(
                    EmployeeId.of(id),
                    "Operator " + id,
                    "BSL",
                    active,
                    held,
                    grants,
                    suspended ? Set.of(OPERATOR) : Set.of());
        }
    }
}
