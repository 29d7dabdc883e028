package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.delivery.TargetGuards;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Worker;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Monitoring as operations sees it: the health page with the MES's breaker and backlog, DEGRADED and one
 * alert e-mail when the MES fails, one recovery e-mail when it is back, the latency histogram in Prometheus,
 * and the synthetic probe's latency.
 */
class DeliveryMonitoringIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TargetGuards guards;

    @Autowired
    SyntheticProbe probe;

    @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}")
    String url;

    @AfterEach
    void heal() {
        sandbox().faults().clear();
        guards.reset("mes");
    }

    @Verifies({"URS-BCP-006", "URS-SEC-001"})
    @Test
    void anonymousCallersSeeOnlyTheStatusSignedInUsersSeeTheMesBreakerAndBacklog() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(uri("/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(json(anonymous).has("status")).isTrue();
        assertThat(json(anonymous).has("components")).isFalse();

        JsonNode delivery = json(get("/actuator/health")).path("components").path("delivery");
        JsonNode mes = delivery.path("details").path("targets").path("mes");
        assertThat(mes.path("circuitBreaker").asString()).isIn("CLOSED", "OPEN", "HALF_OPEN");
        assertThat(mes.has("backlog")).isTrue();
        assertThat(mes.has("due")).isTrue();
        assertThat(mes.has("oldestWaiting")).isTrue();
        assertThat(mes.has("deadLetters")).isTrue();
        assertThat(delivery.path("details").has("errorRate")).isTrue();

        JsonNode readiness = json(get("/actuator/health/readiness"));
        assertThat(readiness.path("components").has("delivery")).isTrue();
    }

    @Verifies("URS-BCP-006")
    @Test
    void aFailingMesMakesDeliveryDegradedWithOneAlertMailAndOneRecoveryMailWhenItHeals() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> lastRaised().equals("UP") && status().equals("UP"));
        java.util.Set<String> mailsBefore = messageIds();
        long alertsAuditedBefore = lastAlertAudited();
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(newPerson("BSL"));
        }
        sandbox().faults().inject(Fault.error("scim", "*", 503, Fault.UNTIL_CLEARED));
        for (String p : people) {
            hook(certification(p, "WD-CERT-1001").json());
            hook(certification(p, "WD-CERT-1002").json());
            hook(certification(p, "WD-CERT-6001").json());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> status().equals("DEGRADED"));
        // the error rate may cross its threshold before the breaker opens; both are reasons in the end
        await().atMost(Duration.ofSeconds(60)).until(() -> reasons().contains("circuit breaker of target mes"));
        HttpResponse<String> degraded = get("/actuator/health");
        assertThat(degraded.statusCode()).isEqualTo(200);
        // the MES's outage explains the degraded delivery: one alert of the target, not a second one of delivery
        await().atMost(Duration.ofSeconds(60))
                .until(() -> subjectsSince(mailsBefore).contains("[Qualigate] Alert: target mes"));

        sandbox().faults().clear();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> people.stream().allMatch(p -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> subjectsSince(mailsBefore).contains("[Qualigate] All clear: target mes"));
        await().atMost(Duration.ofSeconds(60)).until(() -> status().equals("UP"));

        List<String> subjects = subjectsSince(mailsBefore);
        assertThat(subjects).containsExactly("[Qualigate] Alert: target mes", "[Qualigate] All clear: target mes");
        MimeMessage alert = Arrays.stream(mails())
                .filter(m -> !mailsBefore.contains(messageId(m)))
                .filter(m -> subjectOf(m).equals("[Qualigate] Alert: target mes"))
                .findFirst()
                .orElseThrow();
        assertThat(Arrays.toString(alert.getAllRecipients())).contains("qa-operations@plant.example");
        // this test's transitions, audited after the last one before it began
        assertThat(json(get("/api/v1/audit?entityType=monitor&action=monitoring.alert&afterSeq=" + alertsAuditedBefore))
                        .get("entries"))
                .extracting(e -> e.get("new").get("status").asString())
                .startsWith("DEGRADED");
    }

    /** The entry number of the newest audited delivery alert (0: none yet). */
    private long lastAlertAudited() {
        JsonNode newest = auditEntries("entityType=monitor&action=monitoring.alert&limit=1");
        return newest.isEmpty() ? 0 : newest.get(0).get("seq").asLong();
    }

    @Verifies("URS-SEC-001")
    @Test
    void prometheusShowsTheLatencyHistogramAttemptsAndBreakerStateToSignedInUsersOnly() throws Exception {
        String p = newPerson("BSL");
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        hook(certification(p, "WD-CERT-6001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER"));
        // the MES holds the role a moment before the worker has recorded it and measured its latency
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/actuator/prometheus").body().contains("qualigate_delivery_latency_seconds_bucket{"));

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("qualigate_delivery_latency_seconds_bucket{")
                .contains("qualigate_delivery_attempts_total{")
                .contains("outcome=\"success\"")
                .contains("qualigate_target_circuit_breaker_state{")
                .contains("qualigate_delivery_backlog")
                .contains("qualigate_delivery_dead_letters")
                .contains("qualigate_intake_events_total");
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Verifies("URS-BCP-007")
    @Test
    void theSyntheticProbeGrantsAndTakesItsRoleThroughTheRealPathAndReportsTheLatency() {
        createProbePerson();
        hook(certification(PROBE, "WD-CERT-1001").json());
        hook(certification(PROBE, "WD-CERT-1002").json());

        SyntheticProbe.Result granted = probe.run();
        assertThat(granted.succeeded()).as(granted.detail()).isTrue();
        assertThat(granted.detail()).startsWith("granted BSL.QA.BATCH_REVIEWER");
        assertThat(granted.latency()).isPositive();
        assertThat(mesGroupsOf(PROBE)).contains("BSL.QA.BATCH_REVIEWER");

        SyntheticProbe.Result revoked = probe.run();
        assertThat(revoked.succeeded()).as(revoked.detail()).isTrue();
        assertThat(revoked.detail()).startsWith("revoked BSL.QA.BATCH_REVIEWER");
        assertThat(mesGroupsOf(PROBE)).doesNotContain("BSL.QA.BATCH_REVIEWER");

        JsonNode reported = json(get("/actuator/health"))
                .path("components")
                .path("delivery")
                .path("details")
                .path("probe");
        assertThat(reported.path("succeeded").asBoolean()).isTrue();
        assertThat(get("/actuator/prometheus").body()).contains("qualigate_probe_latency_seconds_count 2");
    }

    @Test
    void theMailOutboxIsAProblemWhenNoEmbeddedSinkRuns() {
        HttpResponse<String> response = get("/api/v1/mail/outbox");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    private void createProbePerson() {
        if (!probeKnown()) {
            sandbox()
                    .hris()
                    .put(new Worker(
                            PROBE,
                            "Synthetic",
                            "Probe",
                            "qualigate-probe@plant.example",
                            "BSL",
                            null,
                            "ACTIVE",
                            LocalDate.parse("2024-01-15"),
                            "Monitoring probe"));
            sandbox().scim().createUser(PROBE, PROBE, "Qualigate synthetic probe");
            directory.run();
        }
    }

    private boolean probeKnown() {
        return jdbc.sql("SELECT count(*) FROM person WHERE employee_id = ?")
                        .param(PROBE)
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Verifies({"URS-AUD-080", "URS-BCP-006"})
    @Test
    void anAuditSealerThatFallsBehindMakesDeliveryDegradedWithOneAlertUntilItCatchesUp() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> lastRaised().equals("UP") && status().equals("UP"));
        java.util.Set<String> mailsBefore = messageIds();
        String person = newPerson("BSL");
        // Another session holds the chain's lock, as a sealer stuck on another instance would.
        try (java.sql.Connection holder = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + 0x51A7_A0D1L + ")");
            hook(certification(person, "WD-CERT-1001").json());

            await().atMost(Duration.ofSeconds(30)).until(() -> reasons().contains("audit chain's sealer"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> subjectsSince(mailsBefore).contains("[Qualigate] Alert: delivery health"));
            assertThat(get("/actuator/prometheus").body()).contains("qualigate_audit_seal_lag_seconds");
            s.execute("SELECT pg_advisory_unlock(" + 0x51A7_A0D1L + ")");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> subjectsSince(mailsBefore).contains("[Qualigate] All clear: delivery health"));
        // no target explains a sealer that lags: delivery's own alert, and its all-clear
        assertThat(subjectsSince(mailsBefore))
                .containsExactly("[Qualigate] Alert: delivery health", "[Qualigate] All clear: delivery health");
        assertThat(get("/actuator/prometheus").body()).contains("qualigate_audit_unsealed");
    }

    /** The delivery health component's reasons, as text. */
    private String reasons() {
        return json(get("/actuator/health"))
                .path("components")
                .path("delivery")
                .path("details")
                .path("reasons")
                .toString();
    }

    private String status() {
        return json(get("/actuator/health"))
                .path("components")
                .path("delivery")
                .path("status")
                .asString();
    }

    private String lastRaised() {
        return jdbc.sql(
                        "SELECT status FROM monitoring_alert WHERE monitor = 'delivery' ORDER BY transition DESC LIMIT 1")
                .query(String.class)
                .optional()
                .orElse("UP");
    }

    private static MimeMessage[] mails() {
        return SharedMailSink.get().getReceivedMessages();
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    /**
     * The alert subjects of the MES and of delivery's health received since the snapshot. Other service mail (a change set waiting for
     * approval, an HRIS/QMS disagreement) is sent by other tests sharing this context, at any moment; only the
     * delivery alerts are this test's concern. Compared by Message-ID, not by position: the mail sink
     * lists messages mailbox by mailbox, so a new one can come before an older one of another mailbox (the
     * alerts share one mailbox, in which they stay in the order they arrived).
     */
    private static List<String> subjectsSince(java.util.Set<String> before) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : mails()) {
            // the same sink also receives people's access notices and the service's other notices
            String subject = m.getSubject();
            if (!before.contains(messageId(m))
                    && (subject.contains("target mes") || subject.contains("delivery health"))) {
                subjects.add(m.getSubject());
            }
        }
        return subjects;
    }

    private static java.util.Set<String> messageIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (MimeMessage m : mails()) {
            ids.add(messageId(m));
        }
        return ids;
    }

    private static String messageId(MimeMessage m) {
        try {
            return String.valueOf(m.getMessageID());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }
}
