package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.intake.SourceAlert;
import org.qualigate.notify.MailQueue;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.text.Sentence;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * An alert mailed straight to the alert recipients, not through the outbox (removals held back at a site, decision
 * 0075), is written like every other e-mail in each recipient's language and time zone (decision 0047): a recipient
 * whose address is a German user's reads it in German, an address that is nobody's in English.
 */
class AlertMailInTheReadersLanguageIT extends QualigateIT {

    @Autowired
    ApplicationContext context;

    @Autowired
    Users users;

    @Autowired
    ApprovedParameters parameters;

    @Autowired
    MailQueue mailQueue;

    @Autowired
    CorrelatedAlerts correlated;

    @Verifies({"URS-UI-180", "URS-UI-181"})
    @Test
    void aRemovalsHeldAlertReachesAGermanRecipientInGermanAndAnAddressThatIsNoUsersInEnglish() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String german = "alerts-de-" + suffix + "@plant.example";
        String english = "alerts-en-" + suffix + "@plant.example";
        assertThat(users.create(
                                new Users.NewUser(
                                        "alerts-de-" + suffix,
                                        "Betrieb " + suffix,
                                        UserAccount.Kind.PERSON,
                                        Set.of(Role.AUDITOR),
                                        "a-long-enough-password-1",
                                        ZoneId.of("Europe/Zurich"),
                                        german,
                                        "de"),
                                "admin")
                        .refused())
                .isFalse();
        // the mailer as configured, with these two as the alert recipients
        SourceAlertMail mail = new SourceAlertMail(
                context.getBeanProvider(JavaMailSender.class),
                new MonitoringSettings(null, null, null, null, null, List.of(german, english), null, null, null),
                parameters,
                mailQueue,
                correlated);

        mail.on(new SourceAlert(
                "workday",
                "removals held at BSL",
                "3 of the 10 valid workday certifications at BSL are missing from one read",
                Sentence.of("mail.source-alert.removals-held", "BSL"),
                Sentence.of("mail.source-alert.held-detail", 3, 10, "workday", "BSL", "20", 5)));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !SharedMailSink.lettersTo(german).isEmpty()
                        && !SharedMailSink.lettersTo(english).isEmpty());
        assertThat(SharedMailSink.lettersTo(german))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("[Qualigate] workday: Austritte in BSL zurückgehalten")
                        .contains("workday meldet: 3 der 10 gültigen Zertifizierungen aus workday in BSL fehlen")
                        .doesNotContain("missing")
                        .contains("Einzelheiten")
                        .doesNotContain("??"));
        assertThat(SharedMailSink.lettersTo(english))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("[Qualigate] workday: removals held at BSL")
                        .contains("workday reports: 3 of the 10 valid workday certifications at BSL are missing")
                        .doesNotContain("zurückgehalten"));
    }
}
