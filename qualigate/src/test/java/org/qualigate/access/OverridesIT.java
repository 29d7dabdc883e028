package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * A plant manager can give someone a role for a few hours in an emergency — with a reason, signed with their
 * password — and it ends by itself at the exact instant; QA, not the grantor, closes the review with a signature.
 */
class OverridesIT extends QualigateIT {

    private static final String LEAD = "BSL.FILL-1.LEAD";

    @Verifies({"URS-SEQ-006", "URS-ESG-004", "URS-AUD-001", "URS-AUD-007"})
    @Test
    void anOverrideGrantsAtOnceEndsByItselfAndIsReviewedBySomeoneElse() {
        Instant start = Instant.parse("2026-12-10T06:00:00Z");
        clock.set(start);
        String person = newPerson("BSL");

        HttpResponse<String> granted = postAs(
                "plant-manager", "/api/v1/overrides", body(person, 2, "Line lead absent, batch 24-117 must finish"));
        assertThat(granted.statusCode()).isEqualTo(201);
        JsonNode override = json(granted);
        String id = override.get("id").asString();
        Instant endsAt = Instant.parse(override.get("endsAt").asString());
        assertThat(Duration.between(Instant.parse(override.get("startsAt").asString()), endsAt))
                .isEqualTo(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(LEAD));

        JsonNode grantEntry = entries(person, "role.granted").get(0);
        assertThat(grantEntry.get("new").get("override").get("id").asString()).isEqualTo(id);
        assertThat(grantEntry.get("new").get("override").get("grantedBy").asString())
                .isEqualTo("plant-manager");
        assertThat(grantEntry.get("reason").asString()).contains("Line lead absent");

        JsonNode personView = json(get("/api/v1/people/" + person));
        assertThat(personView.get("overrides").findValuesAsString("id")).containsExactly(id);
        assertThat(personView.get("entitlements")).isEmpty();
        JsonNode explained = json(get("/api/v1/explain?employeeId=" + person + "&role=" + LEAD));
        assertThat(explained.get("held").asBoolean()).isFalse();
        assertThat(explained.get("heldThroughOverride").asBoolean()).isTrue();
        assertThat(explained.get("overrides").findValuesAsString("id")).containsExactly(id);
        assertThat(json(get("/api/v1/overrides?active=true")).get("overrides").findValuesAsString("id"))
                .contains(id);

        // The grant is signed by the plant manager (APPROVED), bound to what was granted.
        JsonNode grantSignature = override.get("signatures").get(0);
        assertThat(grantSignature.get("meaning").asString()).isEqualTo("APPROVED");
        assertThat(grantSignature.get("signer").asString()).isEqualTo("plant-manager");
        assertThat(grantSignature.get("signedAtLocal").asString()).isNotBlank();
        assertThat(json(post(
                                "/api/v1/signatures/verify",
                                "{\"signatureId\":\"" + grantSignature.get("id").asString() + "\"}"))
                        .get("valid")
                        .asBoolean())
                .isTrue();

        // The review task: the grantor may not close it, a QA approver must, with a conclusion and a signature.
        String task = override.get("reviewTask").get("id").asString();
        assertThat(postAs(
                                "second-manager",
                                "/api/v1/review-tasks/" + task + "/close",
                                "{\"conclusion\":\"Justified by the absence of the lead\",\"password\":\"" + PASSWORD
                                        + "\"}")
                        .statusCode())
                .as("a QA approver who did not grant the override may close its review")
                .isEqualTo(200);
        HttpResponse<String> again = postAs(
                "qa-approver",
                "/api/v1/review-tasks/" + task + "/close",
                "{\"conclusion\":\"again\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);

        // It ends by itself at the exact instant.
        clock.set(endsAt.minusSeconds(1));
        assertThat(mesGroupsOf(person)).contains(LEAD);
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(LEAD));
        // the MES shows the revocation a moment before its audit entry commits
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !entries(person, "role.revoked").isEmpty());
        JsonNode expired = entries(person, "override.expired").get(0);
        assertThat(expired.get("new").get("endedAt").asString()).isEqualTo(endsAt.toString());
        assertThat(entries(person, "role.revoked")
                        .get(0)
                        .get("new")
                        .get("effectiveAt")
                        .asString())
                .isEqualTo(endsAt.toString());
        assertThat(json(get("/api/v1/overrides?active=true")).get("overrides").findValuesAsString("id"))
                .doesNotContain(id);
    }

    @Verifies("URS-SEQ-006")
    @Test
    void theGrantorCannotCloseTheReviewButAQaApproverCan() {
        clock.set(Instant.parse("2026-12-11T06:00:00Z"));
        String person = newPerson("BSL");
        JsonNode override = json(postAs(
                "second-manager", "/api/v1/overrides", body(person, 1, "Night shift lead called in sick tonight")));
        String task = override.get("reviewTask").get("id").asString();

        HttpResponse<String> byGrantor = postAs(
                "second-manager",
                "/api/v1/review-tasks/" + task + "/close",
                "{\"conclusion\":\"fine\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(byGrantor.statusCode()).isEqualTo(403);
        assertThat(byGrantor.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(postAs("plant-manager", "/api/v1/review-tasks/" + task + "/close", "{\"conclusion\":\"x\"}")
                        .statusCode())
                .as("a plant manager without the QA approver role")
                .isEqualTo(403);
        assertThat(json(postAs("qa-approver", "/api/v1/review-tasks/" + task + "/close", "{}"))
                        .get("errors")
                        .findValuesAsString("field"))
                .containsExactly("conclusion", "password");
        HttpResponse<String> wrongPassword = postAs(
                "qa-approver",
                "/api/v1/review-tasks/" + task + "/close",
                "{\"conclusion\":\"Justified\",\"password\":\"not-my-password\"}");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        String id = override.get("id").asString();
        assertThat(json(get("/api/v1/overrides/" + id))
                        .get("reviewTask")
                        .get("status")
                        .asString())
                .isEqualTo("OPEN");

        HttpResponse<String> closed = postAs(
                "qa-approver",
                "/api/v1/review-tasks/" + task + "/close",
                "{\"conclusion\":\"Justified: no qualified lead on site; training of deputy scheduled\","
                        + "\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(json(closed).get("closedBy").asString()).isEqualTo("qa-approver");
        JsonNode reviewSignature = json(closed).get("signatures").get(0);
        assertThat(reviewSignature.get("meaning").asString()).isEqualTo("REVIEWED");
        assertThat(json(post(
                                "/api/v1/signatures/verify",
                                "{\"signatureId\":\""
                                        + reviewSignature.get("id").asString() + "\"}"))
                        .get("valid")
                        .asBoolean())
                .isTrue();
        // shown where the override is shown
        assertThat(json(get("/api/v1/overrides/" + id))
                        .get("reviewTask")
                        .get("signatures")
                        .findValuesAsString("meaning"))
                .containsExactly("REVIEWED");
        assertThat(json(get("/api/v1/audit?action=review-task.closed&entityId=" + task))
                        .get("entries"))
                .hasSize(1);
    }

    @Verifies("URS-SEQ-006")
    @Test
    void anOverrideEndedEarlyTakesTheRoleAwayAtOnce() {
        clock.set(Instant.parse("2026-12-12T06:00:00Z"));
        String person = newPerson("BSL");
        String id = json(postAs("plant-manager", "/api/v1/overrides", body(person, 8, "Cover for the line lead today")))
                .get("id")
                .asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(LEAD));

        HttpResponse<String> ended = postAs(
                "plant-manager",
                "/api/v1/overrides/" + id + "/end",
                "{\"password\":\"" + PASSWORD + "\",\"reason\":\"lead is back\"}");
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(json(ended).get("signatures").findValuesAsString("meaning")).containsExactly("APPROVED", "CLOSED");
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(LEAD));
        assertThat(entries(person, "override.ended")).hasSize(1);
    }

    @Verifies("URS-SEQ-006")
    @Test
    void refusalsNameTheFieldAndChangeNothing() {
        clock.set(Instant.parse("2026-12-13T06:00:00Z"));
        String person = newPerson("BSL");

        assertThat(fields(postAs("plant-manager", "/api/v1/overrides", body(person, 25, "Longer than a day needed"))))
                .containsExactly("hours");
        assertThat(fields(postAs("plant-manager", "/api/v1/overrides", body(person, 0, "Zero hours is nothing"))))
                .containsExactly("hours");
        assertThat(fields(postAs("plant-manager", "/api/v1/overrides", body(person, 2, null))))
                .containsExactly("reason");
        assertThat(fields(postAs("plant-manager", "/api/v1/overrides", body(person, 2, "too short"))))
                .containsExactly("reason");

        Map<String, Object> noPassword = fields(person, 2, "Emergency cover for the lead");
        noPassword.remove("password");
        assertThat(fields(postAs("plant-manager", "/api/v1/overrides", JSON.writeValueAsString(noPassword))))
                .containsExactly("password");

        Map<String, Object> wrongPassword = fields(person, 2, "Emergency cover for the lead");
        wrongPassword.put("password", "not-my-password");
        HttpResponse<String> wrong =
                postAs("plant-manager", "/api/v1/overrides", JSON.writeValueAsString(wrongPassword));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(fields(wrong)).containsExactly("password");
        assertThat(wrong.body()).doesNotContain("not-my-password");
        assertThat(entries(person, "override.reauthentication-failed")).hasSize(1);
        assertThat(entries(person, "override.reauthentication-failed").toString())
                .doesNotContain("not-my-password");

        HttpResponse<String> wrongRole =
                postAs("qa-approver", "/api/v1/overrides", body(person, 2, "Emergency cover for the lead"));
        assertThat(wrongRole.statusCode()).isEqualTo(403);
        assertThat(wrongRole.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));

        assertThat(json(get("/api/v1/people/" + person)).get("overrides")).isEmpty();
        assertThat(entries(person, "override.granted")).isEmpty();
    }

    @Verifies("URS-SEQ-006")
    @Test
    void aSecondOverlappingOverrideIsANewOverrideWithItsOwnReview() {
        clock.set(Instant.parse("2026-12-14T06:00:00Z"));
        String person = newPerson("BSL");
        JsonNode first =
                json(postAs("plant-manager", "/api/v1/overrides", body(person, 24, "Cover for the line lead")));
        clock.set(Instant.parse("2026-12-15T05:00:00Z"));
        JsonNode second =
                json(postAs("plant-manager", "/api/v1/overrides", body(person, 24, "Line lead still absent")));
        assertThat(second.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(second.get("reviewTask").get("id").asString())
                .isNotEqualTo(first.get("reviewTask").get("id").asString());
        assertThat(Duration.between(
                        Instant.parse(first.get("startsAt").asString()),
                        Instant.parse(first.get("endsAt").asString())))
                .isEqualTo(Duration.ofHours(24));
    }

    private static String body(String person, double hours, String reason) {
        return JSON.writeValueAsString(fields(person, hours, reason));
    }

    private static Map<String, Object> fields(String person, double hours, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("employeeId", person);
        m.put("role", LEAD);
        m.put("hours", hours);
        if (reason != null) {
            m.put("reason", reason);
        }
        m.put("password", PASSWORD);
        return m;
    }

    private java.util.List<String> fields(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        return json(response).get("errors").findValuesAsString("field");
    }

    private JsonNode entries(String person, String action) {
        return json(get("/api/v1/audit?employeeId=" + person + "&action=" + action))
                .get("entries");
    }
}
