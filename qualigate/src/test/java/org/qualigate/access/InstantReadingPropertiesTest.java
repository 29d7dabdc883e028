package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The projection's basis and the HR dates are read by hand rather than through {@code Instant.parse} and
 * {@code LocalDate.parse} (a site's report reads millions of them): for every instant and date the hand-written
 * reading gives what the JDK's does, and what the JDK refuses is still refused.
 */
class InstantReadingPropertiesTest {

    private static final SiteTime BASEL = new SiteTime(ZoneId.of("Europe/Zurich"));

    @Property
    void anInstantAsStoredIsReadAsTheJdkReadsIt(
            @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = 0, max = 3) int precision) {
        long[] keep = {0, 1_000_000, 1_000, 1};
        int truncated = precision == 0 ? 0 : (int) (nanos / keep[precision] * keep[precision]);
        String text = Instant.ofEpochSecond(seconds, truncated).toString();
        assertThat(EntitlementInterval.instant(text)).isEqualTo(Instant.parse(text));
    }

    @Property
    void aCalendarDateIsReadAsTheJdkReadsIt(@ForAll @LongRange(min = -300_000, max = 2_900_000) long epochDay) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        Instant midnight = day.atStartOfDay(ZoneId.of("Europe/Zurich")).toInstant();
        assertThat(BASEL.completedOn(midnight.plusSeconds(7200), day.toString()))
                .isEqualTo(day);
    }

    @Test
    void whatIsNotAnInstantOrADateIsReadAsBefore() {
        assertThat(EntitlementInterval.instant("2026-11-12T08:00:00.5Z"))
                .isEqualTo(Instant.parse("2026-11-12T08:00:00.5Z"));
        assertThatThrownBy(() -> EntitlementInterval.instant("2026-02-30T08:00:00Z"))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> EntitlementInterval.instant("2026-11-12 08:00:00Z"))
                .isInstanceOf(DateTimeException.class);
        // a text that is not a date is not the source's date: the instant's day at the site stands
        Instant instant = Instant.parse("2026-11-11T23:30:00Z");
        for (String notADate :
                new String[] {"2026-02-30", "2026-1-120", "12.11.2026", "2026-11-12T00:00", "２０２６-11-12"}) {
            assertThat(BASEL.completedOn(instant, notADate)).isEqualTo(LocalDate.parse("2026-11-12"));
        }
    }
}
