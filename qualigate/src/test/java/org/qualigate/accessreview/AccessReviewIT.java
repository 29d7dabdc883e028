package org.qualigate.accessreview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An access review campaign end to end, narrated: two lyophiliser operators in Basel hold their role in the MES; a
 * QA approver reviews everyone holding it, confirms one and revokes the other with a signature; the revocation
 * reaches the MES simulator through normal delivery and is audited; a renewed certificate does not grant it back,
 * and no override can; the signed report (PDF, CSV) is kept; QA lifts the suspension with a signature and the role
 * comes back.
 */
class AccessReviewIT extends QualigateIT {

    private static final String ROLE = "BSL.LYO-2.OPERATOR";
    private static final List<String> LYO_OPERATOR =
            List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-2101", "WD-CERT-2102", "WD-CERT-2130");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Verifies({"URS-SEC-100", "URS-SEC-101", "URS-ESG-100"})
    @Test
    void aReviewerRevokesWithASignatureTheRoleLeavesTheMesAndStaysGoneUntilQaLiftsIt() {
        clock.set(START);
        String kept = lyoOperator();
        String revoked = lyoOperator();
        await().atMost(Duration.ofSeconds(60)).until(() -> assignedInMes(kept, ROLE) && assignedInMes(revoked, ROLE));

        // a plant manager may not start one; a QA approver starts one for the role
        assertThat(postAs("plant-manager", "/api/v1/access-reviews", "{\"role\":\"" + ROLE + "\"}")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> started = postAs("qa-approver", "/api/v1/access-reviews", "{\"role\":\"" + ROLE + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode campaign = json(started);
        long id = campaign.get("id").asLong();
        assertThat(campaign.get("status").asString()).isEqualTo("OPEN");
        JsonNode keptItem = item(campaign, kept);
        JsonNode revokedItem = item(campaign, revoked);
        assertThat(keptItem.get("role").asString()).isEqualTo(ROLE);
        assertThat(keptItem.get("target").asString()).isEqualTo("mes");
        assertThat(keptItem.get("basis").asString()).startsWith(ROLE + " justified by set 1: GMP-BASIC");
        // the campaign and each item are audited in the transaction that made them
        assertThat(count("access-review.started", "access-review", Long.toString(id)))
                .isEqualTo(1);
        assertThat(count(
                        "access-review.item-listed",
                        AccessReviews.ITEM_RECORD,
                        keptItem.get("id").asString()))
                .isEqualTo(1);

        // a wrong password records nothing
        HttpResponse<String> wrong = postAs(
                "qa-approver",
                "/api/v1/access-reviews/" + id + "/decisions",
                decisions(campaign, revoked, "not-my-password"));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        assertThat(item(json(get("/api/v1/access-reviews/" + id)), revoked).hasNonNull("decision"))
                .isFalse();
        // revoking needs a reason
        HttpResponse<String> noReason = postAs(
                "qa-approver",
                "/api/v1/access-reviews/" + id + "/decisions",
                "{\"decisions\":[{\"itemId\":" + revokedItem.get("id").asLong()
                        + ",\"decision\":\"REVOKED\"}],\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("errors").get(0).get("field").asString()).isEqualTo("decisions[0].reason");

        HttpResponse<String> decided = postAs(
                "qa-approver", "/api/v1/access-reviews/" + id + "/decisions", decisions(campaign, revoked, PASSWORD));
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        JsonNode after = json(get("/api/v1/access-reviews/" + id));
        JsonNode revokedNow = item(after, revoked);
        assertThat(revokedNow.get("decision").asString()).isEqualTo("REVOKED");
        assertThat(revokedNow.get("signatures").get(0).get("meaning").asString())
                .isEqualTo("REVIEWED");
        assertThat(revokedNow.get("signatures").get(0).get("printedName").asString())
                .isNotBlank();
        assertThat(item(after, kept).get("decision").asString()).isEqualTo("CONFIRMED");
        assertThat(count(
                        "access-review.decided",
                        AccessReviews.ITEM_RECORD,
                        revokedNow.get("id").asString()))
                .isEqualTo(1);
        // a decision is made once
        HttpResponse<String> again = postAs(
                "qa-approver",
                "/api/v1/access-reviews/" + id + "/decisions",
                "{\"decisions\":[{\"itemId\":" + revokedItem.get("id").asLong()
                        + ",\"decision\":\"CONFIRMED\"}],\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD
                        + "\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("was decided already");

        // the revocation reaches the MES through normal delivery, audited with the suspension as its reason
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(revoked).contains(ROLE));
        assertThat(mesGroupsOf(kept)).contains(ROLE);
        JsonNode revocation = lastEntry(revoked, "role.revoked");
        assertThat(revocation.get("reason").asString())
                .contains("suspended by qa-approver in access review campaign " + id)
                .contains("no longer works on the lyophilisation line");
        assertThat(lastEntry(revoked, "access.suspended")).isNotNull();

        // level-triggered: a renewed certificate plans the person again, and the suspension still holds
        assertThat(hook(certification(revoked, "WD-CERT-2130")
                                .completed("2026-11-20")
                                .expiring("2028-11-20")
                                .json())
                        .statusCode())
                .isEqualTo(202);
        new DueWork(context).settle(revoked);
        assertThat(mesGroupsOf(revoked)).doesNotContain(ROLE);
        HttpResponse<String> override = postAs(
                "plant-manager",
                "/api/v1/overrides",
                "{\"employeeId\":\"" + revoked + "\",\"role\":\"" + ROLE + "\",\"hours\":2,"
                        + "\"reason\":\"the line needs her tonight\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(override.statusCode()).isEqualTo(400);
        assertThat(override.body()).contains("suspended");

        // the campaign completes with a signed report, kept as made
        HttpResponse<String> completed = postAs(
                "qa-approver",
                "/api/v1/access-reviews/" + id + "/complete",
                "{\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode report = json(completed).get("report");
        assertThat(json(completed).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.get("signature").get("meaning").asString()).isEqualTo("APPROVED");
        assertThat(report.get("signatureMatches").asBoolean()).isTrue();
        HttpResponse<byte[]> pdf = bytes("/api/v1/access-reviews/" + id + "/report?format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(sha256(pdf.body())).isEqualTo(report.get("pdfSha256").asString());
        String csv = get("/api/v1/access-reviews/" + id + "/report?format=csv").body();
        assertThat(csv.lines().filter(l -> l.contains(revoked)).findFirst().orElseThrow())
                .contains(ROLE)
                .contains("REVOKED")
                .contains("no longer works on the lyophilisation line");
        assertThat(sha256(csv.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(report.get("csvSha256").asString());
        assertThat(count("access-review.completed", "access-review", Long.toString(id)))
                .isEqualTo(1);
        assertThat(postAs(
                                "qa-approver",
                                "/api/v1/access-reviews/" + id + "/complete",
                                "{\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"}")
                        .statusCode())
                .isEqualTo(409);

        // only QA lifts the suspension, with a reason and a signature; then the rules grant the role again
        String suspension = revokedNow.get("suspensionId").asString();
        assertThat(postAs(
                                "plant-manager",
                                "/api/v1/suspensions/" + suspension + "/lift",
                                "{\"reason\":\"back on the line after retraining\",\"password\":\"" + PASSWORD + "\"}")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> lifted = postAs(
                "qa-approver",
                "/api/v1/suspensions/" + suspension + "/lift",
                "{\"reason\":\"back on the line after retraining\",\"userId\":\"qa-approver\",\"password\":\""
                        + PASSWORD + "\"}");
        assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
        assertThat(json(lifted).get("status").asString()).isEqualTo("LIFTED");
        assertThat(json(lifted).get("signatures").get(0).get("meaning").asString())
                .isEqualTo("APPROVED");
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(revoked).contains(ROLE));
        assertThat(lastEntry(revoked, "access.suspension-lifted")).isNotNull();
    }

    @Verifies("URS-SEC-100")
    @Test
    void aCampaignThatCannotBeStartedSaysWhichFieldAndWhy() {
        assertThat(field(postAs("qa-approver", "/api/v1/access-reviews", "{}"))).isEqualTo("site");
        assertThat(field(postAs("qa-approver", "/api/v1/access-reviews", "{\"site\":\"XYZ\"}")))
                .isEqualTo("site");
        assertThat(field(postAs("qa-approver", "/api/v1/access-reviews", "{\"role\":\"BSL.NOPE.OPERATOR\"}")))
                .isEqualTo("role");
        assertThat(field(postAs(
                        "qa-approver", "/api/v1/access-reviews", "{\"site\":\"BSL\",\"role\":\"" + ROLE + "\"}")))
                .isEqualTo("role");
    }

    // ---------------------------------------------------------------------------------------------------------

    private String lyoOperator() {
        String person = newPerson("BSL");
        for (String cert : LYO_OPERATOR) {
            assertThat(hook(certification(person, cert).expiring("2027-11-19").json())
                            .statusCode())
                    .isEqualTo(202);
        }
        return person;
    }

    /** Revokes the person's item with a reason, and confirms every other undecided holder (other tests' people too). */
    private static String decisions(JsonNode campaign, String revoke, String password) {
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (JsonNode h : campaign.get("holders")) {
            if (h.hasNonNull("decision")) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("itemId", h.get("id").asLong());
            if (h.get("employeeId").asString().equals(revoke)) {
                d.put("decision", "REVOKED");
                d.put("reason", "no longer works on the lyophilisation line");
            } else {
                d.put("decision", "CONFIRMED");
            }
            decisions.add(d);
        }
        return JSON.writeValueAsString(Map.of("decisions", decisions, "userId", "qa-approver", "password", password));
    }

    private static JsonNode item(JsonNode campaign, String employeeId) {
        for (JsonNode h : campaign.get("holders")) {
            if (h.get("employeeId").asString().equals(employeeId)) {
                return h;
            }
        }
        throw new AssertionError(employeeId + " is not listed in " + campaign);
    }

    private long count(String action, String entityType, String entityId) {
        sealAuditTrail();
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND entity_type = ? AND entity_id = ?")
                .params(action, entityType, entityId)
                .query(Long.class)
                .single();
    }

    private JsonNode lastEntry(String employeeId, String action) {
        JsonNode entries = json(get("/api/v1/audit?employeeId=" + employeeId + "&action=" + action))
                .get("entries");
        assertThat(entries).as(action + " of " + employeeId).isNotEmpty();
        return entries.get(entries.size() - 1);
    }

    private String field(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return json(response).get("errors").get(0).get("field").asString();
    }

    private HttpResponse<byte[]> bytes(String path) {
        try {
            return http.send(
                    java.net.http.HttpRequest.newBuilder(uri(path))
                            .header(
                                    "authorization",
                                    "Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString(
                                                            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
