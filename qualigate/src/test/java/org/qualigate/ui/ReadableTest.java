package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;

/** Instants, days and dates as people read them, in the reader's language and zone (decision 0041). */
class ReadableTest {

    private static final Instant AFTERNOON = Instant.parse("2026-12-06T14:03:27.123456789Z");

    private final Readable readable = new Readable(Bundles.MESSAGES);

    @AfterEach
    void forgetTheReader() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Verifies("URS-UI-132")
    @Test
    void anInstantIsShownInTheReadersZoneToTheMinuteWithTheZoneNamedAndNeverAsIsoText() {
        reader(Locale.GERMAN, "Europe/Zurich");
        assertThat(readable.at(AFTERNOON)).isEqualTo("6. Dez. 2026, 15:03 MEZ");
        assertThat(readable.exactly(AFTERNOON)).isEqualTo("6. Dez. 2026, 15:03:27 MEZ");
        reader(Locale.ENGLISH, "UTC");
        assertThat(readable.at(AFTERNOON)).isEqualTo("6 Dec 2026, 14:03 UTC");
        assertThat(readable.exactly(AFTERNOON, ZoneId.of("Asia/Singapore"))).startsWith("6 Dec 2026, 22:03:27 ");
        assertThat(readable.at(null)).isEmpty();
    }

    @Verifies("URS-UI-488")
    @Test
    void aZoneTheLanguageNamesOnlyByAnOffsetIsNamedByItsIdInGermanAsInEnglish() {
        reader(Locale.GERMAN, "Asia/Singapore");
        assertThat(readable.at(AFTERNOON)).isEqualTo("6. Dez. 2026, 22:03 Asia/Singapore");
        assertThat(readable.signedAt(AFTERNOON, ZoneId.of("Asia/Singapore")))
                .isEqualTo("6. Dez. 2026, 22:03:27 Asia/Singapore");
        reader(Locale.ENGLISH, "Asia/Singapore");
        assertThat(readable.at(AFTERNOON)).isEqualTo("6 Dec 2026, 22:03 Asia/Singapore");
    }

    @Verifies("URS-UI-413")
    @Test
    void aSignaturesTimeNamesItsSignersZoneOnce() {
        reader(Locale.ENGLISH, "UTC");
        assertThat(readable.signedAt(AFTERNOON, ZoneId.of("UTC"))).isEqualTo("6 Dec 2026, 14:03:27 UTC");
        assertThat(readable.signedAt(AFTERNOON, ZoneId.of("Europe/Zurich")))
                .isEqualTo("6 Dec 2026, 15:03:27 CET (Europe/Zurich)");
        assertThat(readable.signedAtMinute(AFTERNOON, ZoneId.of("UTC"))).isEqualTo("6 Dec 2026, 14:03 UTC");
        reader(Locale.GERMAN, "Europe/Zurich");
        assertThat(readable.signedAt(AFTERNOON, ZoneId.of("Europe/Zurich")))
                .isEqualTo("6. Dez. 2026, 15:03:27 MEZ (Europe/Zurich)");
        assertThat(readable.signedAt(null, ZoneId.of("UTC"))).isEmpty();
    }

    @Verifies("URS-UI-132")
    @Test
    void withoutAReaderTheZoneIsUtcNeverTheMachines() {
        LocaleContextHolder.resetLocaleContext();
        TimeZone machine = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Indiana/Indianapolis"));
            assertThat(readable.zone()).isEqualTo("UTC");
        } finally {
            TimeZone.setDefault(machine);
        }
    }

    @Verifies("URS-UI-132")
    @Test
    void spansAreWholeDaysWithTheirPluralAndHoursOnlyWhenNotWholeDays() {
        reader(Locale.ENGLISH, "UTC");
        assertThat(readable.days(1)).isEqualTo("1 day");
        assertThat(readable.span(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(readable.span(Duration.ofHours(12))).isEqualTo("12 hours");
        reader(Locale.GERMAN, "UTC");
        assertThat(readable.days(1)).isEqualTo("1 Tag");
        assertThat(readable.span(Duration.ofDays(7))).isEqualTo("7 Tage");
    }

    @Verifies("URS-UI-132")
    @Test
    void anHrCalendarDateKeepsItsDayAndOnlyItsMonthIsTranslated() {
        LocalDate expiry = LocalDate.of(2027, 3, 9);
        reader(Locale.ENGLISH, "Asia/Singapore");
        assertThat(readable.date(expiry)).isEqualTo("9 Mar 2027");
        reader(Locale.GERMAN, "America/Indiana/Indianapolis");
        assertThat(readable.date(expiry)).isEqualTo("9. März 2027");
    }

    @Verifies("URS-UI-130")
    @Test
    void theBrowsersFirstLanguageTheBundlesHoldIsChosenElseEnglish() {
        assertThat(UserPreferences.fromBrowser(List.of(Locale.forLanguageTag("de-CH"), Locale.ENGLISH)))
                .isEqualTo(Locale.GERMAN);
        assertThat(UserPreferences.fromBrowser(List.of(Locale.FRENCH, Locale.forLanguageTag("de"))))
                .isEqualTo(Locale.GERMAN);
        assertThat(UserPreferences.fromBrowser(List.of(Locale.FRENCH))).isEqualTo(Locale.ENGLISH);
        assertThat(UserPreferences.fromBrowser(List.of())).isEqualTo(Locale.ENGLISH);
    }

    private static void reader(Locale language, String zone) {
        LocaleContextHolder.setLocaleContext(
                new SimpleTimeZoneAwareLocaleContext(language, TimeZone.getTimeZone(ZoneId.of(zone))));
    }
}
