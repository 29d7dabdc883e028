package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/hooks/{source}} as CONTRACT.md describes it, over real HTTP. */
class WebhookIntakeIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-INT-001", "URS-SEQ-004"})
    @Test
    void acceptsASignedEventOnlyAfterStoringItAndAnswersTheSameWebhookIdAsADuplicate() {
        String person = newPerson("BSL");
        String id = "msg_" + UUID.randomUUID();
        String body = certification(person, "WD-CERT-1001").json();
        long ts = clock.instant().getEpochSecond();

        HttpResponse<String> first = hook(id, ts, body, SECRET);
        assertThat(first.statusCode()).isEqualTo(202);
        JsonNode answer = json(first);
        assertThat(answer.get("duplicate").asBoolean()).isFalse();
        String eventId = answer.get("eventId").asString();
        assertThat(storedEvents(person)).isEqualTo(1);

        HttpResponse<String> again = hook(id, ts, body, SECRET);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("duplicate").asBoolean()).isTrue();
        assertThat(json(again).get("eventId").asString()).isEqualTo(eventId);
        assertThat(storedEvents(person)).isEqualTo(1);
        assertThat(qualificationAudits(person)).isEqualTo(1);
    }

    @Verifies("URS-SEQ-004")
    @Test
    void theSameRecordVersionUnderANewWebhookIdChangesNothing() {
        String person = newPerson("BSL");
        var event = certification(person, "WD-CERT-1001");
        assertThat(hook(event.json()).statusCode()).isEqualTo(202);

        HttpResponse<String> repeat = hook(event.json());
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(json(repeat).get("duplicate").asBoolean()).isTrue();
        assertThat(qualificationAudits(person)).isEqualTo(1);
    }

    @Verifies({"URS-SEQ-003", "URS-DI-001"})
    @Test
    void anOlderVersionArrivingAfterANewerOneDoesNotWin() {
        String person = newPerson("BSL");
        var v1 = certification(person, "WD-CERT-2102").level(1).version(1);
        var v2 = v1.level(2).version(2).type("certification.updated");

        assertThat(hook(v2.json()).statusCode()).isEqualTo(202);
        HttpResponse<String> late = hook(v1.json());
        assertThat(late.statusCode()).isEqualTo(202);
        assertThat(json(late).get("outcome").asString()).isEqualTo("stale");

        JsonNode quals = json(get("/api/v1/people/" + person)).get("qualifications");
        assertThat(quals).hasSize(1);
        assertThat(quals.get(0).get("level").asInt()).isEqualTo(2);
        JsonNode evidence = quals.get(0).get("evidence");
        assertThat(evidence.get("sourceVersion").asLong()).isEqualTo(2);
        assertThat(evidence.get("source").asString()).isEqualTo("hris");
        assertThat(evidence.get("sourceRecordId").asString()).isEqualTo(v2.sourceRecordId());
        assertThat(evidence.get("approvedBy").asString()).isEqualTo("TC-0042");
        assertThat(Instant.parse(evidence.get("approvedAt").asString())).isEqualTo("2026-11-19T15:00:00Z");
    }

    @Verifies("URS-SEQ-003")
    @Test
    void aRevocationWithAHigherVersionRemovesTheRoleAndOutOfOrderCompletionsDoNotBringItBack() {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        var review = certification(person, "WD-CERT-6001");
        hook(review.json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));

        hook(review.version(2).type("certification.revoked").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));
        hook(review.json());
        assertThat(json(get("/api/v1/people/" + person + "/access")).get("roles"))
                .isEmpty();
    }

    @Verifies({"URS-DEV-001", "URS-TIM-002"})
    @Test
    void aBadOrStaleSignatureGets401AndStoresNothing() {
        String person = newPerson("BSL");
        String body = certification(person, "WD-CERT-1001").json();
        long now = clock.instant().getEpochSecond();

        assertThat(hook("msg_" + UUID.randomUUID(), now, body, "whsec_" + "c2VjcmV0LW9mLXNvbWVvbmUtZWxzZQ==")
                        .statusCode())
                .isEqualTo(401);
        // Well outside the five minutes: the exact boundary is WebhookSignatureTest's; here the whole service
        // must refuse and store nothing, whatever else the shared clock has seen.
        HttpResponse<String> stale = hook("msg_" + UUID.randomUUID(), now - 600, body, SECRET);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(hook("msg_" + UUID.randomUUID(), now + 600, body, SECRET).statusCode())
                .isEqualTo(401);
        assertThat(storedEvents(person)).isZero();
    }

    @Verifies("URS-INT-002")
    @Test
    void malformedAndUnprocessableEventsGetAProblemNamingTheFieldAndAreKeptForReview() {
        String person = newPerson("BSL");

        HttpResponse<String> notJson = hook("{\"eventType\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("errors").get(0).get("field").asString()).isEqualTo("body");

        HttpResponse<String> missing = hook("{\"eventType\":\"certification.completed\",\"employeeId\":\"" + person
                + "\",\"certificationId\":\"WD-CERT-1001\",\"completedOn\":\"2026-11-19\",\"sourceVersion\":1}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("errors").get(0).get("field").asString()).isEqualTo("sourceRecordId");

        HttpResponse<String> impossible = hook(
                certification(person, "WD-CERT-1001").expiring("2026-11-01").json());
        assertThat(impossible.statusCode()).isEqualTo(400);
        assertThat(json(impossible).get("errors").get(0).get("field").asString())
                .isEqualTo("expiresOn");

        HttpResponse<String> unknown =
                hook(certification("E99999999", "WD-CERT-1001").json());
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("employeeId");
        assertThat(json(unknown).get("keptForReview").asBoolean()).isTrue();

        HttpResponse<String> unmapped =
                hook(certification(person, "WD-CERT-0000").json());
        assertThat(unmapped.statusCode()).isEqualTo(422);
        assertThat(json(unmapped).get("errors").get(0).get("field").asString()).isEqualTo("certificationId");
        assertThat(unmapped.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        JsonNode review = json(get("/api/v1/review/events?limit=10000")).get("events");
        assertThat(review.findValuesAsString("eventId"))
                .contains(
                        json(notJson).get("eventId").asString(),
                        json(missing).get("eventId").asString(),
                        json(unknown).get("eventId").asString(),
                        json(unmapped).get("eventId").asString());
        JsonNode kept = json(
                get("/api/v1/inbound-events/" + json(unmapped).get("eventId").asString()));
        assertThat(kept.get("outcome").asString()).isEqualTo("parked");
        assertThat(kept.get("body").asString()).contains("WD-CERT-0000");

        // the good event behind the bad ones is not blocked
        assertThat(hook(certification(person, "WD-CERT-1001").json()).statusCode())
                .isEqualTo(202);
    }

    @Verifies("URS-SEC-001")
    @Test
    void everyReadingPathNeedsAuthenticationAndHealthDoesNot() throws Exception {
        var anonymous = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/audit")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        var health = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        var unknownSource = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/hooks/nobody"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownSource.statusCode()).isEqualTo(404);
    }

    @Verifies({"URS-SEC-001", "URS-DEV-001"})
    @Test
    void theWebhookPathIsAuthenticatedBySignatureAloneAndKeepsTheHeadersOfEveryRoute() throws Exception {
        String person = newPerson("BSL");
        String body = certification(person, "WD-CERT-1001").json();
        long ts = clock.instant().getEpochSecond();

        HttpResponse<String> signed = hook("msg_" + UUID.randomUUID(), ts, body, SECRET);
        assertThat(signed.statusCode()).isEqualTo(202);
        assertThat(signed.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(signed.headers().firstValue("cache-control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(signed.headers().firstValue("set-cookie")).isEmpty();
        assertThat(json(signed).get("outcome").asString()).isEqualTo("applied");

        // A user's credentials are no substitute for the signature, and other methods are not served.
        var withPassword = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/hooks/hris"))
                        .header(
                                "authorization",
                                "Basic "
                                        + java.util.Base64.getEncoder()
                                                .encodeToString((USER + ":" + PASSWORD).getBytes()))
                        .header("content-type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withPassword.statusCode()).isEqualTo(401);
        assertThat(json(withPassword).get("type").asString()).endsWith("invalid-signature");
        var get = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/hooks/hris")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(storedEvents(person)).isEqualTo(1);
    }

    private long storedEvents(String person) {
        return jdbc.sql("SELECT count(*) FROM inbound_event WHERE employee_id = ?")
                .param(person)
                .query(Long.class)
                .single();
    }

    private long qualificationAudits(String person) {
        sealAuditTrail();
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE employee_id = ? AND entity_type = 'qualification'")
                .param(person)
                .query(Long.class)
                .single();
    }
}
