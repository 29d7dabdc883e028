package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;

/**
 * A record's dates at its site, the instant an answer is for, a previewed change of the rules and a dictionary entry
 * added at run time, written by the service's mapper and by one with Jackson's defaults: the JSON the maps before the
 * records wrote, kept here as text.
 */
class AccessViewsTest {

    private static final SiteTime BASEL = new SiteTime(ZoneId.of("Europe/Zurich"));

    @Verifies("URS-INT-260")
    @Test
    void aRecordsDatesGiveEachInstantItsDayItsSourceTextAndTheZone() {
        var expiring = BASEL.dates(
                Instant.parse("2026-11-11T23:00:00Z"),
                "2026-11-12",
                Instant.parse("2027-03-09T23:00:00Z"),
                "2027-03-09");
        var forever = BASEL.dates(Instant.parse("2026-11-12T09:30:00Z"), null, null, null);
        assertThat(SERVICE.writeValueAsString(expiring.view()))
                .isEqualTo(
                        "{\"completedAt\":\"2026-11-11T23:00:00Z\",\"completedOn\":\"2026-11-12\",\"completedOriginal\":"
                                + "\"2026-11-12\",\"expiresAt\":\"2027-03-09T23:00:00Z\",\"expiresOn\":\"2027-03-09\",\"expiresOri"
                                + "ginal\":\"2027-03-09\",\"zone\":\"Europe/Zurich\"}");
        assertThat(SERVICE.writeValueAsString(forever.view()))
                .isEqualTo(
                        "{\"completedAt\":\"2026-11-12T09:30:00Z\",\"completedOn\":\"2026-11-12\",\"zone\":\"Europe/Zuri"
                                + "ch\"}");
        assertThat(DEFAULTS.writeValueAsString(forever.view()))
                .isEqualTo(
                        "{\"completedAt\":\"2026-11-12T09:30:00Z\",\"completedOn\":\"2026-11-12\",\"completedOriginal\":"
                                + "null,\"expiresAt\":null,\"expiresOn\":null,\"expiresOriginal\":null,\"zone\":\"Europe/Zurich\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aPointInTimeGivesTheInstantInUtcAndAtTheSiteTheDayAndHowItWasChosen() {
        Instant now = Instant.parse("2026-05-04T10:00:00Z");
        assertThat(SERVICE.writeValueAsString(BASEL.pointInTime(LocalDate.parse("2026-05-03"), null, now)
                        .view()))
                .isEqualTo(
                        "{\"at\":\"2026-05-03T21:59:59.999Z\",\"atSite\":\"2026-05-03T23:59:59.999+02:00\",\"zone\":\"Eu"
                                + "rope/Zurich\",\"day\":\"2026-05-03\",\"chosen\":\"end-of-day\"}");
        assertThat(SERVICE.writeValueAsString(BASEL.pointInTime(LocalDate.parse("2026-05-03"), LocalTime.of(6, 30), now)
                        .view()))
                .isEqualTo(
                        "{\"at\":\"2026-05-03T04:30:00Z\",\"atSite\":\"2026-05-03T06:30+02:00\",\"zone\":\"Europe/Zurich"
                                + "\",\"day\":\"2026-05-03\",\"chosen\":\"time-of-day\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aPreviewedChangeSaysWhoWhichRoleWhenAndWhyAndLeavesOutTheDecision() {
        var gain = new ImpactPreview.Change(
                "E1",
                "BSL",
                RoleName.of("Operator"),
                ImpactPreview.Kind.GAIN,
                Instant.parse("2026-12-07T08:00:00Z"),
                null,
                Instant.parse("2027-12-07T08:00:00Z"),
                "GMP-1 held",
                null);
        assertThat(SERVICE.writeValueAsString(gain.view()))
                .isEqualTo(
                        "{\"employeeId\":\"E1\",\"site\":\"BSL\",\"role\":\"Operator\",\"kind\":\"GAIN\",\"when\":\"2026"
                                + "-12-07T08:00:00Z\",\"proposedUntil\":\"2027-12-07T08:00:00Z\",\"basis\":\"GMP-1 held\"}");
        assertThat(DEFAULTS.writeValueAsString(gain.view()))
                .isEqualTo(
                        "{\"employeeId\":\"E1\",\"site\":\"BSL\",\"role\":\"Operator\",\"kind\":\"GAIN\",\"when\":\"2026"
                                + "-12-07T08:00:00Z\",\"currentUntil\":null,\"proposedUntil\":\"2027-12-07T08:00:00Z\",\"basis\":"
                                + "\"GMP-1 held\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anEntryAddedToTheDictionaryNamesItsMappingWhoAddedItAndWhenInThatOrder() {
        // the map was a Map.of, whose order changed from one start of the service to the next; the record's is fixed
        assertThat(SERVICE.writeValueAsString(new DictionaryEntries.Entry(
                        "HRIS", "WD-GMP-9", "GMP-9", "user:qa", Instant.parse("2026-12-07T08:00:00Z"))))
                .isEqualTo(
                        "{\"system\":\"HRIS\",\"sourceCode\":\"WD-GMP-9\",\"code\":\"GMP-9\",\"addedBy\":\"user:qa\","
                                + "\"addedAt\":\"2026-12-07T08:00:00Z\"}");
    }
}
