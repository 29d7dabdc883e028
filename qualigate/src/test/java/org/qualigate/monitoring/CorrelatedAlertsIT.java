package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.delivery.TargetGuards;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.intake.SourceAlert;
import org.qualigate.intake.SourceRecovered;
import org.qualigate.sandbox.Fault;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.text.Sentence;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Alerts that do not shout: a target's outage with fifty failing deliveries is one alert e-mail and one all-clear
 * with the count of fifty; a source refused twice is one alert, sent in their own language to the users of the roles
 * a change set named, with the version of its rules shown.
 */
class CorrelatedAlertsIT extends QualigateIT {

    static final String OPERATIONS = "qa-operations@plant.example";

    @Autowired
    TargetGuards guards;

    @Autowired
    CorrelatedAlerts alerts;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    Users users;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void heal() {
        sandbox().faults().clear();
        guards.reset("mes");
    }

    @Verifies({"URS-BCP-320", "URS-BCP-321"})
    @Test
    void anOutageOfOneTargetWithFiftyFailingDeliveriesIsOneAlertMailAndOneAllClearCountingFifty() {
        // nothing of an earlier test still failing at the MES
        await().atMost(Duration.ofSeconds(60))
                .until(() -> alerts.current(AlertCause.target("mes")).isEmpty());
        // an earlier test's alert and all-clear may still be queued: counted before they go out, they would be
        // counted as this test's
        await().atMost(Duration.ofSeconds(60)).until(() -> alertMailsQueued() == 0);
        long healthBefore = count("[Qualigate] Alert: delivery health");
        long lastAlertBefore = jdbc.sql("SELECT coalesce(max(id), 0) FROM alert")
                .query(Long.class)
                .single();
        List<String> people = newPeople("BSL", 50);

        sandbox().faults().inject(Fault.error("scim", "*", 503, Fault.UNTIL_CLEARED));
        for (String p : people) {
            hook(certification(p, "WD-CERT-1001").json());
            hook(certification(p, "WD-CERT-1002").json());
            hook(certification(p, "WD-CERT-6001").json());
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> alerts.current(AlertCause.target("mes"))
                                .map(AlertView::occurrences)
                                .orElse(0)
                        >= 50);
        AlertView open = alerts.current(AlertCause.target("mes")).orElseThrow();
        assertThat(open.state()).isEqualTo("OPEN");
        assertThat(open.occurrences()).isEqualTo(50);
        await().atMost(Duration.ofSeconds(60)).until(() -> mailsOf(open.id(), "opened") == 1);

        sandbox().faults().clear();
        await().atMost(Duration.ofSeconds(90)).until(() -> mailsOf(open.id(), "cleared") == 1);

        // one alert and one all-clear: nothing per failing delivery, no update, no separate alert of delivery
        assertThat(mailsOf(open.id(), "opened")).isEqualTo(1);
        assertThat(mailsOf(open.id(), "update")).isZero();
        assertThat(count("[Qualigate] Alert: delivery health")).isEqualTo(healthBefore);
        assertThat(jdbc.sql("SELECT body FROM notice WHERE dedupe_key LIKE ? AND recipients LIKE ?")
                        .params("alert/" + open.id() + "/cleared%", "%" + OPERATIONS + "%")
                        .query(String.class)
                        .list())
                .singleElement()
                .satisfies(l -> assertThat(l).contains("after 50 occurrence(s)"));
        JsonNode cleared = alertOf("target:mes", open.id());
        assertThat(cleared.path("state").asString()).isEqualTo("CLEARED");
        assertThat(cleared.path("occurrences").asInt()).isEqualTo(50);
        assertThat(cleared.path("clearedAt").isNull()).isFalse();
        JsonNode opened = auditEntries("entityType=alert&entityId=" + open.id() + "&action=alert.opened");
        assertThat(opened)
                .singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("target:mes"));
        // no other alert of the MES opened while this one was open: the outage was one alert from start to end
        long clearedAt = auditEntries("entityType=alert&entityId=" + open.id() + "&action=alert.cleared")
                .get(0)
                .path("seq")
                .asLong();
        List<Long> others = jdbc.sql("SELECT id FROM alert WHERE cause = 'target:mes' AND id > ? AND id <> ?")
                .params(lastAlertBefore, open.id())
                .query(Long.class)
                .list();
        for (long other : others) {
            assertThat(auditEntries("entityType=alert&entityId=" + other + "&action=alert.opened"))
                    .as("alert %s of the MES, besides alert %s of this outage (all: %s)", other, open.id(), alertRows())
                    .allSatisfy(e -> assertThat(e.path("seq").asLong()).isGreaterThan(clearedAt));
        }
    }

    @Verifies({"URS-BCP-322", "URS-BCP-323"})
    @Test
    void aSourceRefusedTwiceIsOneAlertToTheRolesAChangeSetNamedInTheirLanguageWithTheRulesVersionShown() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String source = "directory-" + suffix;
        String german = "qa-de-" + suffix + "@plant.example";
        assertThat(users.create(
                                new Users.NewUser(
                                        "qa-de-" + suffix,
                                        "Qualitätssicherung " + suffix,
                                        UserAccount.Kind.PERSON,
                                        Set.of(Role.AUDITOR),
                                        "a-long-enough-password-1",
                                        ZoneId.of("Europe/Zurich"),
                                        german,
                                        "de"),
                                "admin")
                        .refused())
                .isFalse();
        long changeSet = approve("{\"parameters\": {\"alert.source.recipient-roles\": \"AUDITOR\"}}");
        try {
            JsonNode rule = json(get("/api/v1/alerts")).path("rules").path("source");
            assertThat(rule.path("version").asString()).isEqualTo("change set " + changeSet);
            assertThat(rule.path("recipientRoles").toString()).contains("AUDITOR");

            events.publishEvent(refused(source));
            events.publishEvent(refused(source));
            AlertView open = alerts.current(AlertCause.source(source)).orElseThrow();
            assertThat(open.occurrences()).isEqualTo(2);
            assertThat(open.rulesVersion()).isEqualTo("change set " + changeSet);
            events.publishEvent(new SourceRecovered(source));
            assertThat(alerts.current(AlertCause.source(source))).isEmpty();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SharedMailSink.lettersTo(german).size() == 2);
            assertThat(SharedMailSink.lettersTo(german))
                    .satisfiesExactly(
                            l -> assertThat(l)
                                    .startsWith("[Qualigate] Alarm: Quelle " + source)
                                    .contains("bisher 1 Vorkommen")
                                    .contains("Lesen des Verzeichnisses abgelehnt")
                                    .contains("Das Verzeichnis antwortete: “HTTP 503 Service Unavailable”")
                                    .doesNotContain("??"),
                            l -> assertThat(l)
                                    .startsWith("[Qualigate] Entwarnung: Quelle " + source)
                                    .contains("nach 2 Vorkommen")
                                    .contains(source + " wurde wieder vollständig gelesen"));
            // both letters queued in the same instant, sent once each in the order they were queued
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SharedMailSink.subjectsTo(OPERATIONS).stream()
                                    .filter(s -> s.contains(source))
                                    .count()
                            >= 2);
            assertThat(SharedMailSink.subjectsTo(OPERATIONS))
                    .filteredOn(s -> s.contains(source))
                    .containsExactly("[Qualigate] Alert: source " + source, "[Qualigate] All clear: source " + source);
        } finally {
            approve("{\"parameters\": {\"alert.source.recipient-roles\": \"\"}}");
        }
    }

    @Verifies("URS-BCP-323")
    @Test
    void anAlertRuleOutsideItsBoundsIsRefusedNamingTheParameter() {
        HttpResponse<String> refused = postAs(
                "hr-editor",
                "/api/v1/change-sets",
                JSON.writeValueAsString(Map.of(
                        "kind",
                        "PARAMETERS",
                        "title",
                        "alert everyone",
                        "content",
                        "{\"parameters\": {\"alert.batch.recipient-roles\": \"SERVICE\"}}")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("detail").asString())
                .contains("alert.batch.recipient-roles")
                .contains("must be roles separated by commas");
    }

    private static SourceAlert refused(String source) {
        return new SourceAlert(
                source,
                "directory read refused",
                "The HRIS directory could not be read as a whole: HTTP 503 Service Unavailable",
                Sentence.of("mail.source-alert.directory-refused"),
                Sentence.of(
                        "mail.source-alert.directory-detail", Sentence.Quoted.english("HTTP 503 Service Unavailable")));
    }

    /** A change set of parameters, signed by its author and approved by QA with a signature; its id. */
    private long approve(String content) {
        return approvedChangeSet("PARAMETERS", "alert rules", content);
    }

    private static long count(String subjectStart) {
        return SharedMailSink.subjectsTo(OPERATIONS).stream()
                .filter(s -> s.startsWith(subjectStart))
                .count();
    }

    /** The e-mails sent to the operations mailbox about one alert, of one kind (opened, update, cleared). */
    private long mailsOf(long alert, String kind) {
        return jdbc.sql("SELECT count(*) FROM notice WHERE dedupe_key LIKE ? AND status = 'SENT' AND recipients LIKE ?")
                .params("alert/" + alert + "/" + kind + "%", "%" + OPERATIONS + "%")
                .query(Long.class)
                .single();
    }

    /** Every alert of the MES, for the message of a failed assertion. */
    private List<String> alertRows() {
        return jdbc.sql(
                        "SELECT id || ' ' || state || ' ' || occurrences || ' opened ' || coalesce(opened_at::text, '-') "
                                + "|| ' cleared ' || coalesce(cleared_at::text, '-') FROM alert WHERE cause = 'target:mes' "
                                + "ORDER BY id")
                .query(String.class)
                .list();
    }

    private JsonNode alertOf(String cause, long id) {
        for (JsonNode a : json(get("/api/v1/alerts?limit=1000")).path("alerts")) {
            if (a.path("cause").asString().equals(cause) && a.path("id").asLong() == id) {
                return a;
            }
        }
        throw new AssertionError("no alert " + id + " of " + cause);
    }
}
