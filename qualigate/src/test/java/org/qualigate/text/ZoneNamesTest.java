package org.qualigate.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * A zone is named by the short name the reader's language gives it only where that name is true (decision 0099):
 * Singapore, which the languages name only by an offset, and Indianapolis's summer time, which German names as its
 * winter time, by their ids.
 */
class ZoneNamesTest {

    private static final Instant WINTER = Instant.parse("2026-12-07T06:08:21Z");
    private static final Instant SUMMER = Instant.parse("2027-07-07T06:08:21Z");
    private static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");
    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private static final ZoneId INDIANAPOLIS = ZoneId.of("America/Indiana/Indianapolis");

    @Verifies("URS-UI-488")
    @Test
    void singaporeIsNamedByItsIdInGermanAndEnglishAlikeNeverByAnOffset() {
        assertThat(ZoneNames.format("d. MMM yyyy, HH:mm z", Locale.GERMAN, SINGAPORE, WINTER))
                .isEqualTo("7. Dez. 2026, 14:08 Asia/Singapore");
        assertThat(ZoneNames.format("d MMM yyyy, HH:mm z", Locale.ENGLISH, SINGAPORE, WINTER))
                .isEqualTo("7 Dec 2026, 14:08 Asia/Singapore");
        assertThat(ZoneNames.format("HH:mm z", Locale.GERMAN, SINGAPORE, SUMMER))
                .isEqualTo("14:08 Asia/Singapore");
    }

    @Verifies("URS-UI-488")
    @Test
    void aTrueShortNameIsKeptAndASummerTimeNamedAsWinterTimeIsNamedByItsId() {
        assertThat(ZoneNames.shortName(BASEL, WINTER, Locale.GERMAN)).isEqualTo("MEZ");
        assertThat(ZoneNames.shortName(BASEL, SUMMER, Locale.GERMAN)).isEqualTo("MESZ");
        assertThat(ZoneNames.shortName(BASEL, SUMMER, Locale.ENGLISH)).isEqualTo("CEST");
        assertThat(ZoneNames.shortName(INDIANAPOLIS, WINTER, Locale.ENGLISH)).isEqualTo("EST");
        assertThat(ZoneNames.shortName(INDIANAPOLIS, SUMMER, Locale.ENGLISH)).isEqualTo("EDT");
        assertThat(ZoneNames.shortName(INDIANAPOLIS, WINTER, Locale.GERMAN)).isEqualTo("EST");
        assertThat(ZoneNames.shortName(INDIANAPOLIS, SUMMER, Locale.GERMAN)).isEqualTo("America/Indiana/Indianapolis");
        assertThat(ZoneNames.shortName(ZoneId.of("UTC"), SUMMER, Locale.GERMAN)).isEqualTo("UTC");
    }
}
