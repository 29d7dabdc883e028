package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** Date-only values are days in the site zone; an expiry date is valid through the end of that day. */
class EventDatesTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private static final ZoneId INDIANAPOLIS = ZoneId.of("America/Indiana/Indianapolis");
    private static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");

    @Verifies({"URS-DI-003", "URS-TIM-001"})
    @Test
    void anExpiryDateEndsAtTheStartOfTheNextDayInTheSiteZone() {
        assertThat(EventDates.expiry("2026-12-01", BASEL)).contains(Instant.parse("2026-12-01T23:00:00Z"));
        assertThat(EventDates.expiry("2026-07-01", BASEL)).contains(Instant.parse("2026-07-01T22:00:00Z"));
        assertThat(EventDates.expiry("2026-12-01", SINGAPORE)).contains(Instant.parse("2026-12-01T16:00:00Z"));
    }

    @Verifies({"URS-DI-003", "URS-TIM-001"})
    @Test
    void aCompletionDateStartsAtMidnightInTheSiteZone() {
        assertThat(EventDates.completion("2026-11-20", INDIANAPOLIS)).contains(Instant.parse("2026-11-20T05:00:00Z"));
    }

    @Verifies({"URS-DI-003", "URS-TIM-001"})
    @Test
    void crossesTheBerlinGapAndTheNewYorkRepeatedHour() {
        // 2025-03-30: clocks jump from 02:00 to 03:00 in Central Europe; the day ends at 22:00 UTC (CEST).
        assertThat(EventDates.expiry("2025-03-30", BASEL)).contains(Instant.parse("2025-03-30T22:00:00Z"));
        assertThat(EventDates.completion("2025-03-30", BASEL)).contains(Instant.parse("2025-03-29T23:00:00Z"));
        // 2025-11-02: 01:00-02:00 happens twice in Indianapolis; the day is 25 hours long.
        assertThat(EventDates.completion("2025-11-02", INDIANAPOLIS)).contains(Instant.parse("2025-11-02T04:00:00Z"));
        assertThat(EventDates.expiry("2025-11-02", INDIANAPOLIS)).contains(Instant.parse("2025-11-03T05:00:00Z"));
    }

    @Verifies({"URS-DI-003", "URS-TIM-001"})
    @Test
    void crossesTheSameTransitionsInBerlinAndNewYork() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZoneId newYork = ZoneId.of("America/New_York");
        // 2025-03-30 has 23 hours in Berlin: it starts at 23:00 UTC the day before and ends at 22:00 UTC.
        assertThat(EventDates.completion("2025-03-30", berlin)).contains(Instant.parse("2025-03-29T23:00:00Z"));
        assertThat(EventDates.expiry("2025-03-30", berlin)).contains(Instant.parse("2025-03-30T22:00:00Z"));
        // 2025-11-02 has 25 hours in New York: it starts at 04:00 UTC and ends at 05:00 UTC the next day.
        assertThat(EventDates.completion("2025-11-02", newYork)).contains(Instant.parse("2025-11-02T04:00:00Z"));
        assertThat(EventDates.expiry("2025-11-02", newYork)).contains(Instant.parse("2025-11-03T05:00:00Z"));
        // an instant inside the repeated hour keeps its offset
        assertThat(EventDates.completion("2025-11-02T01:30:00-05:00", newYork))
                .contains(Instant.parse("2025-11-02T06:30:00Z"));
        assertThat(EventDates.completion("2025-11-02T01:30:00-04:00", newYork))
                .contains(Instant.parse("2025-11-02T05:30:00Z"));
    }

    @Verifies({"URS-DI-003", "URS-TIM-001"})
    @Test
    void acceptsTheTwentyNinthOfFebruaryOnlyInLeapYears() {
        assertThat(EventDates.expiry("2028-02-29", BASEL)).contains(Instant.parse("2028-02-29T23:00:00Z"));
        assertThat(EventDates.expiry("2027-02-29", BASEL)).isEmpty();
    }

    @Verifies({"URS-DI-003", "URS-TIM-001"})
    @Test
    void takesRfc3339InstantsAsTheyAre() {
        assertThat(EventDates.expiry("2026-12-01T10:15:30+01:00", BASEL))
                .contains(Instant.parse("2026-12-01T09:15:30Z"));
        assertThat(EventDates.completion("2026-11-20T14:03:00Z", SINGAPORE))
                .contains(Instant.parse("2026-11-20T14:03:00Z"));
    }

    @Verifies({"URS-DI-003", "URS-DI-004"})
    @Test
    void refusesWhatIsNotADateOrOutOfRange() {
        assertThat(EventDates.completion("20.11.2026", BASEL)).isEmpty();
        assertThat(EventDates.completion("2026-11-20T14:03:00", BASEL)).isEmpty();
        assertThat(EventDates.completion("1969-12-31", BASEL)).isEmpty();
        assertThat(EventDates.expiry("2300-01-01", BASEL)).isEmpty();
        assertThat(EventDates.completion("", BASEL)).isEmpty();
    }

    @Test
    void aDateIsReadAsTheIsoFormatterReadsItDaysThatDoNotExistIncluded() {
        java.util.List<String> values = new java.util.ArrayList<>(java.util.List.of(
                "2024-02-29",
                "2026-02-29",
                "2026-02-30",
                "2026-04-31",
                "2026-13-01",
                "2026-00-10",
                "2026-01-00",
                "1970-01-01",
                "1969-12-31",
                "2199-12-31",
                "2200-01-01",
                "0000-01-01",
                "2026/01/01",
                "2026-1-011",
                "+2026-1-01",
                "2026-01-0a",
                "２０２６-01-01"));
        for (java.time.LocalDate d = java.time.LocalDate.of(2023, 1, 1); d.getYear() < 2027; d = d.plusDays(1)) {
            values.add(d.toString());
        }
        for (String v : values) {
            java.util.Optional<Instant> expected;
            try {
                expected = java.util.Optional.of(
                                java.time.LocalDate.parse(v, java.time.format.DateTimeFormatter.ISO_LOCAL_DATE)
                                        .atStartOfDay(BASEL)
                                        .toInstant())
                        .filter(i -> !i.isBefore(Instant.EPOCH) && i.isBefore(Instant.parse("2200-01-01T00:00:00Z")));
            } catch (java.time.DateTimeException e) {
                expected = java.util.Optional.empty();
            }
            assertThat(EventDates.completion(v, BASEL)).as(v).isEqualTo(expected);
        }
    }
}
