package org.qualigate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.qualigate.waiting.WaitingMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An e-mail is written in its recipient's language and time zone (decision 0041), through a real SMTP server:
 * a person whose address is a German user account's reads their access notices in German with instants in their
 * zone, their supervisor (an address that is no user's) the same notice in English in the site's zone — each
 * exactly once, with no ISO timestamp and no message key left unresolved.
 */
class MailInTheReadersLanguageIT extends QualigateIT {

    private static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}";

    @Autowired
    ApplicationContext context;

    @Autowired
    Users users;

    @Autowired
    WaitingMail waiting;

    @Autowired
    NoticeMailer mailer;

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-UI-135")
    @Test
    void aGermanUserReadsTheirNoticesInGermanAndAnAddressThatIsNoUsersInEnglish() {
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        String supervisor = newPerson("BSL");
        String person = newPerson("BSL", supervisor);
        assertThat(users.create(
                                new Users.NewUser(
                                        "mail-de-" + person.toLowerCase(java.util.Locale.ROOT),
                                        "Leserin " + person,
                                        UserAccount.Kind.PERSON,
                                        Set.of(Role.AUDITOR),
                                        "a-long-enough-password-1",
                                        ZoneId.of("Europe/Berlin"),
                                        emailOf(person),
                                        "de"),
                                "inspector")
                        .refused())
                .isFalse();
        Instant expiry = Instant.parse("2026-12-20T23:00:00Z");
        hook(certification(person, "WD-CERT-1001").expiring("2026-12-20").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());

        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(person))
                        .contains("Zugriff erteilt: BSL.QA.BATCH_REVIEWER in mes"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(supervisor))
                        .contains("Access granted: BSL.QA.BATCH_REVIEWER in mes"));

        clock.set(expiry.minus(Duration.ofDays(7)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(person))
                        .contains("GMP-BASIC läuft in 7 Tagen ab: BSL.QA.BATCH_REVIEWER"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(emailOf(supervisor))
                        .contains("GMP-BASIC expires in 7 days: BSL.QA.BATCH_REVIEWER"));
        new DueWork(context).settle(person, supervisor);

        List<String> german = SharedMailSink.lettersTo(emailOf(person));
        List<String> english = SharedMailSink.lettersTo(emailOf(supervisor));
        assertThat(german).hasSize(2);
        assertThat(english).hasSize(2);
        // each reads only their own copy: no message goes to both
        assertThat(german).noneMatch(l -> l.contains("Access granted") || l.contains("expires in"));
        assertThat(english).noneMatch(l -> l.contains("Zugriff") || l.contains("läuft"));
        assertThat(german)
                .anySatisfy(l -> assertThat(l)
                        .contains("Guten Tag")
                        .contains("Ihre Qualifikation")
                        // valid through 20 Dec in Basel: the end of that day is midnight in Berlin, named CET
                        .contains("21. Dez. 2026, 00:00 MEZ"));
        assertThat(english)
                .anySatisfy(l -> assertThat(l)
                        .contains("Dear")
                        .contains("your qualification")
                        .contains("21 Dec 2026, 00:00 CET"));
        for (String letter : concat(german, english)) {
            assertThat(letter).doesNotContainPattern(ISO).doesNotContain("??").doesNotContain("{0");
        }
    }

    @Verifies("URS-UI-135")
    @Test
    void qaApproversReadWorkWaitingForThemEachInTheirOwnLanguageOnce() {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 6);
        String german = approver("qa-de-" + suffix, "Europe/Berlin", "de");
        String english = approver("qa-en-" + suffix, "UTC", "en");
        long id = signedChangeSet(
                "PARAMETERS", "Sprache " + suffix, "{\"parameters\": {\"delivery.max-attempts\": \"7\"}}");

        waiting.scan();
        waiting.scan();
        mailer.poll();

        // other work may wait for them as well: read the letters about this change set
        assertThat(SharedMailSink.lettersTo(german).stream().filter(l -> l.contains("Änderungspaket " + id + " ")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("[Qualigate] Änderungspaket " + id + " wartet auf Ihre Freigabe: Sprache " + suffix)
                        .contains("verfasst und unterschrieben von hr-editor")
                        .doesNotContain("??"));
        assertThat(SharedMailSink.lettersTo(english).stream().filter(l -> l.contains("Change set " + id + " ")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("[Qualigate] Change set " + id + " waits for your approval: Sprache " + suffix)
                        .doesNotContain("??"));
        // one message per language and zone, each queued once however often the scan runs
        assertThat(jdbc.sql("SELECT count(*) FROM notice WHERE dedupe_key = ?")
                        .param("waiting/change-set/" + id + "/v1/de/Europe/Berlin")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private String approver(String name, String zone, String language) {
        assertThat(users.create(
                                new Users.NewUser(
                                        name,
                                        "Approver " + name,
                                        UserAccount.Kind.PERSON,
                                        Set.of(Role.QA_APPROVER),
                                        "approver-password-2026",
                                        ZoneId.of(zone),
                                        name + "@plant.example",
                                        language),
                                "admin")
                        .refused())
                .isFalse();
        return name + "@plant.example";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
