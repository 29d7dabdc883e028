package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The one date semantics: an HR date is the calendar date the source gave, whatever UTC day its normalised
 * instant falls on; an expiry date is valid through the end of that day at the site, and says so.
 */
class SiteTimeTest {

    private static final SiteTime BASEL = new SiteTime(ZoneId.of("Europe/Zurich"));
    private static final SiteTime INDIANAPOLIS = new SiteTime(ZoneId.of("America/Indiana/Indianapolis"));
    private static final SiteTime SINGAPORE = new SiteTime(ZoneId.of("Asia/Singapore"));

    @Verifies("URS-DI-060")
    @Test
    void aCompletionDateIsTheSourcesDateWhereverItsInstantFallsInUtc() {
        // 12 Nov at Basel starts at 23:00 UTC the day before
        Instant baselMidnight = Instant.parse("2026-11-11T23:00:00Z");
        assertThat(BASEL.completedOn(baselMidnight, "2026-11-12")).isEqualTo(LocalDate.parse("2026-11-12"));
        assertThat(BASEL.dates(baselMidnight, "2026-11-12", null, null).completion())
                .isEqualTo("12 Nov 2026");
        // 3 May at Singapore starts at 16:00 UTC on 2 May
        Instant singaporeMidnight = Instant.parse("2026-05-02T16:00:00Z");
        assertThat(SINGAPORE.completedOn(singaporeMidnight, "2026-05-03")).isEqualTo(LocalDate.parse("2026-05-03"));
        // 3 May at Indianapolis starts at 04:00 UTC on 3 May
        assertThat(INDIANAPOLIS.completedOn(Instant.parse("2026-05-03T04:00:00Z"), "2026-05-03"))
                .isEqualTo(LocalDate.parse("2026-05-03"));
    }

    @Verifies("URS-DI-060")
    @Test
    void theSourcesDateWinsOverTheInstantWhenThePersonHasMovedToAnotherZone() {
        // completed 3 May at Singapore, read for a person now at Indianapolis: still 3 May
        Instant singaporeMidnight = Instant.parse("2026-05-02T16:00:00Z");
        assertThat(INDIANAPOLIS.completedOn(singaporeMidnight, "2026-05-03")).isEqualTo(LocalDate.parse("2026-05-03"));
        assertThat(INDIANAPOLIS.completedOn(singaporeMidnight, null)).isEqualTo(LocalDate.parse("2026-05-02"));
    }

    @Verifies("URS-DI-060")
    @Test
    void anInstantFromTheSourceIsReadAsItsDayAtTheSite() {
        assertThat(BASEL.completedOn(Instant.parse("2026-05-02T22:30:00Z"), "2026-05-02T22:30:00Z"))
                .isEqualTo(LocalDate.parse("2026-05-03"));
        assertThat(SINGAPORE.completedOn(Instant.parse("2026-05-02T15:59:00Z"), "2026-05-02T15:59:00Z"))
                .isEqualTo(LocalDate.parse("2026-05-02"));
    }

    @Verifies("URS-DI-060")
    @Test
    void anExpiryDateIsValidThroughTheEndOfThatDayAtTheSite() {
        // "2027-03-09" at Basel: expires at the start of 10 Mar, Basel time
        Instant expires = Instant.parse("2027-03-09T23:00:00Z");
        SiteTime.RecordDates dates =
                BASEL.dates(Instant.parse("2026-03-08T23:00:00Z"), "2026-03-09", expires, "2027-03-09");
        assertThat(dates.expiresOn()).isEqualTo(LocalDate.parse("2027-03-09"));
        assertThat(dates.expiry()).isEqualTo("9 Mar 2027");
        assertThat(dates.validity()).isEqualTo("valid through 9 Mar 2027, end of day Europe/Zurich");
        // without the source's text, a site midnight reads the same
        assertThat(BASEL.validity(expires, null)).isEqualTo("valid through 9 Mar 2027, end of day Europe/Zurich");
    }

    @Verifies("URS-DI-060")
    @Test
    void anExpiryInstantOffMidnightIsStatedWithItsTimeAndZone() {
        Instant expires = Instant.parse("2027-03-09T16:00:00Z");
        assertThat(BASEL.expiresOn(expires, "2027-03-09T16:00:00Z")).isEqualTo(LocalDate.parse("2027-03-09"));
        assertThat(BASEL.validity(expires, "2027-03-09T16:00:00Z"))
                .isEqualTo("valid until 9 Mar 2027 17:00 Europe/Zurich (16:00 UTC)");
        assertThat(BASEL.validity(null, null)).isEqualTo("does not expire");
    }

    @Verifies("URS-DI-060")
    @Test
    void theApiViewGivesEachInstantWithItsCalendarDayTheSourcesTextAndTheZone() {
        var view = SINGAPORE
                .dates(
                        Instant.parse("2026-05-02T16:00:00Z"),
                        "2026-05-03",
                        Instant.parse("2027-05-03T16:00:00Z"),
                        "2027-05-03")
                .view();
        assertThat(view)
                .isEqualTo(new SiteTime.RecordDates.View(
                        "2026-05-02T16:00:00Z",
                        "2026-05-03",
                        "2026-05-03",
                        "2027-05-03T16:00:00Z",
                        "2027-05-03",
                        "2027-05-03",
                        "Asia/Singapore"));
    }

    @Verifies("URS-DI-060")
    @Test
    void anInstantIsStatedAtTheSiteWithItsZoneNamedAndUtcBeside() {
        assertThat(BASEL.instant(Instant.parse("2026-11-20T08:00:00Z")))
                .isEqualTo("20 Nov 2026 09:00 Europe/Zurich (08:00 UTC)");
        assertThat(SINGAPORE.instant(Instant.parse("2026-11-20T20:00:00Z")))
                .isEqualTo("21 Nov 2026 04:00 Asia/Singapore (20 Nov 2026 20:00 UTC)");
        assertThat(SiteTime.UTC.instant(Instant.parse("2026-11-20T08:00:00Z"))).isEqualTo("20 Nov 2026 08:00 UTC");
        assertThat(BASEL.restate("GMP-BASIC justified until 2027-03-09T23:00:00Z"))
                .isEqualTo("GMP-BASIC justified until end of day 9 Mar 2027 Europe/Zurich");
    }

    @Verifies("URS-REP-061")
    @Test
    void aDayAtTheSiteIsAnsweredAtItsEndOrNowForTodayOrAtTheTimeGiven() {
        Instant now = Instant.parse("2026-05-04T10:00:00Z");
        // 3 May at Basel (CEST, UTC+2) ends at 21:59:59.999 UTC, not at the end of the UTC day
        SiteTime.PointInTime endOfDay = BASEL.pointInTime(LocalDate.parse("2026-05-03"), null, now);
        assertThat(endOfDay.at()).isEqualTo(Instant.parse("2026-05-03T21:59:59.999Z"));
        assertThat(endOfDay.kind()).isEqualTo(SiteTime.PointInTime.Kind.END_OF_DAY);
        assertThat(endOfDay.describe())
                .isEqualTo(
                        "3 May 2026 23:59:59.999 Europe/Zurich (end of the site's day) = 3 May 2026 21:59:59.999 UTC");
        assertThat(endOfDay.view())
                .isEqualTo(new SiteTime.PointInTime.View(
                        "2026-05-03T21:59:59.999Z",
                        "2026-05-03T23:59:59.999+02:00",
                        "Europe/Zurich",
                        "2026-05-03",
                        "end-of-day"));
        // today at the site means now
        SiteTime.PointInTime today = BASEL.pointInTime(LocalDate.parse("2026-05-04"), null, now);
        assertThat(today.at()).isEqualTo(now);
        assertThat(today.kind()).isEqualTo(SiteTime.PointInTime.Kind.NOW);
        // a time of day is the site's: 06:30 at Singapore is 22:30 UTC the day before
        SiteTime.PointInTime morning = SINGAPORE.pointInTime(LocalDate.parse("2026-05-03"), LocalTime.of(6, 30), now);
        assertThat(morning.at()).isEqualTo(Instant.parse("2026-05-02T22:30:00Z"));
        assertThat(morning.inFuture()).isFalse();
        // a day still ahead at the site is marked, for the caller to refuse
        assertThat(INDIANAPOLIS
                        .pointInTime(LocalDate.parse("2026-05-05"), null, now)
                        .inFuture())
                .isTrue();
    }

    @Verifies("URS-REP-061")
    @Test
    void todayIsTheSitesDayNotTheUtcDay() {
        // 23:30 UTC on 3 May is already 4 May in Singapore and still 3 May in Indianapolis
        Instant now = Instant.parse("2026-05-03T23:30:00Z");
        assertThat(SINGAPORE.today(now)).isEqualTo(LocalDate.parse("2026-05-04"));
        assertThat(INDIANAPOLIS.today(now)).isEqualTo(LocalDate.parse("2026-05-03"));
        assertThat(SINGAPORE
                        .pointInTime(LocalDate.parse("2026-05-04"), null, now)
                        .at())
                .isEqualTo(now);
    }
}
