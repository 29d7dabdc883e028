package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operational qualification's black-box checks: HTTP only, against any installed instance, as an
 * auditor (read-only) user. The build runs them against the service it starts
 * ({@code OperationalQualificationIT}); {@code OqRunner} runs them against an installation. They leave
 * only review-queue entries of events that name nobody.
 */
public interface OqChecks {

    ObjectMapper OQ_JSON = JsonMapper.builder().build();

    List<String> PROTECTED_ROUTES = List.of(
            "/api/v1/audit",
            "/api/v1/people/E10023",
            "/api/v1/explain?employeeId=E10023&role=X",
            "/api/v1/rules",
            "/api/v1/review/events",
            "/api/v1/dead-letters",
            "/api/v1/reports/compliance",
            "/api/v1/roles/BSL.PACK-3.OPERATOR/holders",
            "/api/v1/notices",
            "/api/v1/overrides",
            "/api/v1/dictionary",
            "/actuator/prometheus");

    OqTarget target();

    @Verifies({"URS-SEC-001", "URS-BCP-006"})
    @Test
    default void anonymousCallersSeeOnlyTheHealthStatus() {
        HttpResponse<String> health = target().getAnonymously("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = OQ_JSON.readTree(health.body());
        assertThat(body.get("status").asString()).isIn("UP", "DEGRADED");
        assertThat(body.has("components"))
                .as("details only for signed-in users")
                .isFalse();
    }

    @Verifies("URS-SEC-001")
    @Test
    default void everyApiRouteRefusesAnonymousCallersAndAWrongPassword() {
        for (String route : PROTECTED_ROUTES) {
            assertThat(target().getAnonymously(route).statusCode())
                    .as("anonymous GET %s", route)
                    .isEqualTo(401);
            assertThat(target().getAs(target().user(), target().password() + "-wrong", route)
                            .statusCode())
                    .as("GET %s with a wrong password", route)
                    .isEqualTo(401);
            assertThat(target().get(route).statusCode())
                    .as("GET %s signed in", route)
                    .isNotIn(401, 403);
        }
    }

    @Verifies("URS-SEC-002")
    @Test
    default void aReadOnlyAuditorCannotGrantAnOverride() {
        HttpResponse<String> refused = target().post(
                        "/api/v1/overrides",
                        "{\"employeeId\":\"E10023\",\"role\":\"BSL.FILL-1.LEAD\",\"hours\":1,\"reason\":\"OQ\"}");

        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Verifies({"URS-DEV-001", "URS-TIM-002"})
    @Test
    default void aWebhookWithoutAValidFreshSignatureIsRefused() {
        String body = "{\"eventType\":\"certification.completed\"}";
        Instant now = target().clock().instant();

        assertThat(target().hook("msg_oq_" + UUID.randomUUID(), now, body, null).statusCode())
                .as("unsigned")
                .isEqualTo(401);
        HttpResponse<String> forged = target().hook(
                        "msg_oq_" + UUID.randomUUID(), now, body, "whsec_b3Etd3Jvbmctc2VjcmV0LW9xLXdyb25nLXNlY3JldA==");
        assertThat(forged.statusCode()).as("signed with another secret").isEqualTo(401);
        assertThat(forged.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        if (target().hookSecret() != null) {
            assertThat(target().hook(
                                    "msg_oq_" + UUID.randomUUID(),
                                    now.minus(Duration.ofMinutes(10)),
                                    body,
                                    target().hookSecret())
                            .statusCode())
                    .as("signed with the right secret ten minutes ago")
                    .isEqualTo(401);
        }
    }

    @Verifies({"URS-INT-002", "URS-DI-002", "URS-INT-001"})
    @Test
    default void aMalformedAuthenticEventGetsAProblemNamingTheFieldAndIsKeptWithItsOriginalBody() {
        assumeTrue(target().hookSecret() != null, "needs the webhook source's secret (--hook-secret)");
        String body = "{\"eventType\": \"certification.completed\", \"employeeId\": ";

        HttpResponse<String> refused =
                target().hook("msg_oq_" + UUID.randomUUID(), target().clock().instant(), body, target().hookSecret());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = OQ_JSON.readTree(refused.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("body");
        String eventId = problem.get("eventId").asString();
        JsonNode kept = OQ_JSON.readTree(
                target().get("/api/v1/inbound-events/" + eventId).body());
        assertThat(kept.get("body").asString()).isEqualTo(body);
        assertThat(OQ_JSON.readTree(target().get("/api/v1/review/events?limit=10000")
                                .body())
                        .get("events")
                        .findValuesAsString("eventId"))
                .contains(eventId);
    }

    @Verifies({"URS-INT-002", "URS-INT-007"})
    @Test
    default void anEventNamingAnUnknownPersonIsKeptForReviewNotLost() {
        assumeTrue(target().hookSecret() != null, "needs the webhook source's secret (--hook-secret)");
        String nobody = "E9" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String body = "{\"eventType\":\"certification.completed\",\"employeeId\":\"" + nobody
                + "\",\"certificationId\":\"WD-CERT-1001\",\"certificationName\":\"OQ\",\"level\":1,"
                + "\"completedOn\":\"2026-11-19\",\"sourceRecordId\":\"OQ-" + UUID.randomUUID()
                + "\",\"sourceVersion\":1,\"approvedBy\":\"OQ\",\"approvedAt\":\"2026-11-19T15:00:00Z\"}";

        HttpResponse<String> answer =
                target().hook("msg_oq_" + UUID.randomUUID(), target().clock().instant(), body, target().hookSecret());

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode problem = OQ_JSON.readTree(answer.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("employeeId");
        assertThat(problem.get("keptForReview").asBoolean()).isTrue();
    }

    @Verifies({"URS-AUD-003", "URS-RET-002"})
    @Test
    default void theWholeAuditChainVerifies() {
        HttpResponse<String> verified = target().post("/api/v1/audit/verify", "");

        assertThat(verified.statusCode()).isEqualTo(200);
        JsonNode result = OQ_JSON.readTree(verified.body());
        assertThat(result.get("valid").asBoolean()).as(verified.body()).isTrue();
        assertThat(result.get("entries").asLong()).isPositive();
    }

    @Verifies({"URS-AUD-001", "URS-AUD-005", "URS-TIM-001"})
    @Test
    default void auditEntriesSayWhoDidWhatWhenInUtcAndCanBeFiltered() {
        JsonNode entries =
                OQ_JSON.readTree(target().get("/api/v1/audit?limit=50").body()).get("entries");

        assertThat(entries.size()).isPositive();
        for (JsonNode e : entries) {
            assertThat(e.get("actor").asString()).isNotBlank();
            assertThat(e.get("action").asString()).isNotBlank();
            assertThat(e.get("occurredAt").asString()).endsWith("Z");
        }
        String action = entries.get(0).get("action").asString();
        JsonNode filtered = OQ_JSON.readTree(
                        target().get("/api/v1/audit?limit=50&action=" + action).body())
                .get("entries");
        assertThat(filtered.findValuesAsString("action")).isNotEmpty().containsOnly(action);
    }

    @Verifies("URS-INT-002")
    @Test
    default void apiErrorsAreProblemJsonNamingTheFieldWithoutInternals() {
        HttpResponse<String> bad = target().get("/api/v1/audit?limit=0");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(bad.body()).contains("limit").doesNotContain("Exception").doesNotContain("at org.");
    }

    @Verifies("URS-REP-001")
    @Test
    default void theComplianceReportAnswersAsJsonAndAsCsv() {
        HttpResponse<String> json = target().get("/api/v1/reports/compliance?site=BSL");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(OQ_JSON.readTree(json.body()).isObject()).isTrue();

        HttpResponse<String> csv = target().getCsv("/api/v1/reports/compliance?site=BSL");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst()).isPresent();
    }

    @Verifies("URS-REP-072")
    @Test
    default void whoHeldARoleIsAnsweredForEachHolderWithWhy() {
        HttpResponse<String> r = target().get("/api/v1/roles/BSL.PACK-3.OPERATOR/holders");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = OQ_JSON.readTree(r.body());
        assertThat(answer.get("role").asString()).isEqualTo("BSL.PACK-3.OPERATOR");
        assertThat(answer.get("counts").get("holders").asInt())
                .isEqualTo(answer.get("holders").size());
        for (JsonNode h : answer.get("holders")) {
            assertThat(h.get("why").asString()).isIn("rules", "override", "deferral", "none");
        }
        HttpResponse<String> unknown = target().get("/api/v1/roles/BSL.NOWHERE.OPERATOR/holders");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    }

    @Verifies({"URS-SEQ-008", "URS-SEQ-009"})
    @Test
    default void theRulesInForceCanBeReadAndAPreviewOfThemChangesNobody() {
        HttpResponse<String> rules = target().get("/api/v1/rules");
        assertThat(rules.statusCode()).isEqualTo(200);

        HttpResponse<String> preview = target().postYaml("/api/v1/rules/preview", rules.body());

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode impact = OQ_JSON.readTree(preview.body());
        assertThat(impact.get("applied").asBoolean()).isFalse();
        assertThat(impact.get("changes").size())
                .as("nobody gains or loses a role")
                .isZero();
        String broken = "version: x\nsites: [{code: BSL, zone: Europe/Zurich}]\n"
                + "qualifications: []\nroles: [{role: BSL.X.OP, sets: [[NOPE]]}]\n";
        assertThat(target().postYaml("/api/v1/rules/preview", broken).statusCode())
                .isEqualTo(400);
    }
}
