package org.qualigate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * People hear about their access by e-mail, through a real SMTP server: a confirmation of every role
 * granted and revoked, and warnings 7, 3 and 1 days before the qualification a role rests on expires,
 * to them and to their supervisor — each exactly once.
 */
class NoticesIT extends QualigateIT {

    @Autowired
    ApplicationContext context;

    @Verifies("URS-REP-003")
    @Test
    void warnsSevenThreeAndOneDayBeforeExpiryAndConfirmsEveryChangeOnce() {
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        String supervisor = newPerson("BSL");
        String person = newPerson("BSL", supervisor);
        // GMP-BASIC is valid through 2026-12-20 in Basel: it expires at 2026-12-20T23:00:00Z.
        Instant expiry = Instant.parse("2026-12-20T23:00:00Z");
        hook(certification(person, "WD-CERT-1001").expiring("2026-12-20").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());

        String granted = "Access granted: BSL.QA.BATCH_REVIEWER in mes";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(person)).contains(granted));
        assertThat(SharedMailSink.subjectsTo(emailOf(supervisor))).contains(granted);

        for (int days : new int[] {7, 3, 1}) {
            clock.set(expiry.minus(Duration.ofDays(days)).plusSeconds(1));
            String warning =
                    "GMP-BASIC expires in " + days + (days == 1 ? " day" : " days") + ": BSL.QA.BATCH_REVIEWER";
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SharedMailSink.subjectsTo(emailOf(person)).contains(warning));
            assertThat(SharedMailSink.subjectsTo(emailOf(supervisor))).contains(warning);
        }
        // planning the person again (another record arrives) sends nothing twice
        hook(certification(person, "WD-CERT-2101").json());

        clock.set(expiry);
        String revoked = "Access revoked: BSL.QA.BATCH_REVIEWER in mes";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(person)).contains(revoked));
        new DueWork(context).settle(person, supervisor);

        assertThat(SharedMailSink.subjectsTo(emailOf(person)))
                .containsExactlyInAnyOrder(
                        granted,
                        "GMP-BASIC expires in 7 days: BSL.QA.BATCH_REVIEWER",
                        "GMP-BASIC expires in 3 days: BSL.QA.BATCH_REVIEWER",
                        "GMP-BASIC expires in 1 day: BSL.QA.BATCH_REVIEWER",
                        revoked);

        JsonNode notices = json(get("/api/v1/notices?employeeId=" + person)).get("notices");
        assertThat(notices.findValuesAsString("status")).containsOnly("SENT");
        assertThat(notices).hasSize(5);
        JsonNode trail = json(get("/api/v1/audit?employeeId=" + person + "&action=notice.sent"))
                .get("entries");
        assertThat(trail).hasSize(5);
    }

    @Verifies("URS-UI-505")
    @Test
    void anExpiryWarningNamesARecordTheQmsOwnsAsThePlantDefinitionNamesItsQualification() {
        clockAfterEverythingKnownAndTheQmsWatermark();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("America/Indiana/Indianapolis"));
        String person = newPerson("IND");
        // a granulation operator: GMP, GDP and the granulator from the HRIS ...
        for (String certification : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-4001")) {
            assertThat(hook(certification(person, certification)
                                    .completed(today.minusDays(1).toString())
                                    .json())
                            .statusCode())
                    .isEqualTo(202);
        }
        // ... and the LOTO briefing the QMS recorded itself (its course code, no name of its own), due in five days
        ownedByTheQms(person, "TW-CRS-0901", today.minusYears(1).plusDays(5), today.plusDays(5));

        String subject = "LOTO expires in 7 days: IND.OSD-1.OPERATOR";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(person)).contains(subject));
        String letter = SharedMailSink.lettersTo(emailOf(person)).stream()
                .filter(l -> l.startsWith(subject))
                .findFirst()
                .orElseThrow();
        assertThat(letter)
                .contains("your qualification Lockout/tagout safety briefing (LOTO, qms/")
                .doesNotContain("TW-CRS-0901")
                .doesNotContain("qualification LOTO (LOTO");
    }

    @Verifies("URS-REP-003")
    @Test
    void noWarningWhenAnotherSetCarriesTheRoleOn() {
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        String person = newPerson("BSL");
        // FILLER-OP (set 1) expires soon, but the isolator set (set 2) carries the set-up technician role on.
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-2102").level(2).json());
        hook(certification(person, "WD-CERT-2110").level(2).json());
        hook(certification(person, "WD-CERT-3001").json());
        hook(certification(person, "WD-CERT-2120")
                .level(3)
                .expiring("2026-12-01")
                .json());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(person))
                        .contains("Access granted: BSL.FILL-1.SETUP_TECH in mes"));
        clock.set(Instant.parse("2026-11-30T23:00:01Z"));
        new DueWork(context).settle(person);
        assertThat(SharedMailSink.subjectsTo(emailOf(person))).noneMatch(s -> s.contains("expires"));
    }
}
