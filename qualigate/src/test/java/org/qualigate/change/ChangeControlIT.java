package org.qualigate.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Change control over the API: a change takes effect only when its author signed it and another person
 * approved it with a signature; self-approval and wrong passwords are refused; versions are kept and
 * compared; signatures verify against the signed content only.
 */
class ChangeControlIT extends QualigateIT {

    private static final String RUN =
            UUID.randomUUID().toString().substring(0, 6).toUpperCase();

    @Verifies({"URS-SEQ-007", "URS-SEQ-008", "URS-ESG-001"})
    @Test
    void aRulesChangeTakesEffectOnlyOnceAnotherPersonApprovesItAndThePersonGainsTheRole() {
        String code = "QG-CC-" + RUN;
        String certification = "WD-CERT-CC-" + RUN;
        String rules = get("/api/v1/rules").body();
        // the versions are put in force after those of other tests, whatever the clock they left behind
        clockAfterEverythingKnown();

        // 1: a new qualification (mapped from Workday), used by no role yet
        String withQualification = rules.replaceFirst("(?m)^version: .*$", "version: \"cc-" + RUN + "-1\"")
                .replaceFirst(
                        "(?m)^qualifications:\n",
                        "qualifications:\n  - { code: " + code + ", name: Change control test, workday: "
                                + certification + " }\n");
        long first = draft("hr-editor", "RULES", "Add the " + code + " qualification", withQualification);
        assertThat(sign("hr-editor", first, "hr-editor").statusCode()).isEqualTo(200);
        HttpResponse<String> approved = sign("qa-approver", first, "approve");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get("effects").get("rulesVersion").asString()).isEqualTo("cc-" + RUN + "-1");

        String person = newPerson("BSL");
        assertThat(hook(certification(person, "WD-CERT-1001").json()).statusCode())
                .isEqualTo(202);
        assertThat(hook(certification(person, certification).json()).statusCode())
                .isEqualTo(202);

        // 2: batch reviewers may also qualify by GMP-BASIC and the new qualification; drafted, then revised
        String proposal = get("/api/v1/rules").body();
        String v1 = proposal.replaceFirst("(?m)^version: .*$", "version: \"cc-" + RUN + "-2\"");
        long second = draft("hr-editor", "RULES", "Batch reviewers by " + code, v1);
        String v2 = v1.replace(
                "      - [GMP-BASIC, GDP-DOC, BATCH-REVIEW]\n",
                "      - [GMP-BASIC, GDP-DOC, BATCH-REVIEW]\n      - [GMP-BASIC, " + code + "]\n");
        assertThat(v2).isNotEqualTo(v1);
        assertThat(postAs("hr-editor", "/api/v1/change-sets/" + second + "/versions", content(v2))
                        .statusCode())
                .isEqualTo(201);
        JsonNode diff = json(getAs("auditor-view", "/api/v1/change-sets/" + second + "/diff?from=1&to=2"));
        assertThat(diff.get("lines").findValuesAsString("line")).contains("      - [GMP-BASIC, " + code + "]");
        JsonNode preview = json(get("/api/v1/change-sets/" + second + "/preview"));
        assertThat(preview.get("changes").toString()).contains(person).contains("GAIN");

        // not yet in force: a draft is not approvable, and nothing reached the MES
        HttpResponse<String> early = sign("qa-approver", second, "approve");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(mesGroupsOf(person)).doesNotContain("BSL.QA.BATCH_REVIEWER");

        assertThat(sign("hr-editor", second, "hr-editor").statusCode()).isEqualTo(200);
        HttpResponse<String> ok = sign("qa-approver", second, "approve");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));

        JsonNode changeSet = json(get("/api/v1/change-sets/" + second));
        assertThat(changeSet.get("state").asString()).isEqualTo("APPROVED");
        assertThat(changeSet.get("versions")).hasSize(2);
        assertThat(changeSet.get("signatures").findValuesAsString("meaning")).containsExactly("AUTHORED", "APPROVED");
        assertThat(changeSet.get("signatures").findValuesAsString("printedName"))
                .contains("qa-approver");
        // each signature shows its signer's printed name, the date and time with the signer's zone, and meaning
        JsonNode approval = changeSet.get("signatures").get(1);
        assertThat(approval.get("meaning").asString()).isEqualTo("APPROVED");
        assertThat(approval.get("printedName").asString()).isNotBlank();
        assertThat(approval.get("signedAtLocal").asString())
                .containsPattern("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*(Z|[+-]\\d{2}:\\d{2}) ")
                .endsWith(" " + approval.get("signerZone").asString());
        // this change set's own entries, whatever other tests wrote to the trail
        String ownEntries = "entityType=change-set&entityId=" + second;
        assertThat(auditEntries(ownEntries + "&action=signature.applied"))
                .extracting(e -> e.get("actor").asString() + " "
                        + e.get("new").get("meaning").asString())
                .containsExactly("qa-approver APPROVED", "hr-editor AUTHORED");
        assertThat(auditEntries(ownEntries + "&action=change-set.approved"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("new").get("state").asString()).isEqualTo("APPROVED"));
    }

    @Verifies({"URS-SEQ-007", "URS-ESG-003"})
    @Test
    void theAuthorCannotApproveTheirOwnChangeSetAndAWrongPasswordIsRefused() {
        long id = mapping("second-manager");
        assertThat(sign("second-manager", id, "second-manager").statusCode()).isEqualTo(200);

        HttpResponse<String> self = sign("second-manager", id, "approve-as:second-manager");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(self.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(json(self).get("errors").get(0).get("field").asString()).isEqualTo("approver");

        HttpResponse<String> wrong = postAs(
                "qa-approver",
                "/api/v1/change-sets/" + id + "/approve",
                "{\"userId\":\"qa-approver\",\"password\":\"not-my-password\"}");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(json(wrong).get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(json(getAs("admin", "/api/v1/users/qa-approver"))
                        .get("failedAttempts")
                        .asInt())
                .isGreaterThanOrEqualTo(1);

        HttpResponse<String> noUserId =
                postAs("qa-approver", "/api/v1/change-sets/" + id + "/approve", "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(json(noUserId).get("errors").get(0).get("field").asString()).isEqualTo("userId");

        HttpResponse<String> rejected = postAs(
                "qa-approver",
                "/api/v1/change-sets/" + id + "/reject",
                "{\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\",\"reason\":\"Wrong qualification\"}");
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(json(rejected).get("state").asString()).isEqualTo("REJECTED");
    }

    @Verifies("URS-ESG-002")
    @Test
    void aSignatureVerifiesForItsRecordAndFailsWhenCopiedOntoOtherContent() {
        long id = mapping("hr-editor");
        assertThat(sign("hr-editor", id, "hr-editor").statusCode()).isEqualTo(200);
        String signature = json(get("/api/v1/change-sets/" + id))
                .get("signatures")
                .get(0)
                .get("id")
                .asString();

        JsonNode valid = json(post("/api/v1/signatures/verify", "{\"signatureId\":\"" + signature + "\"}"));
        assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();

        ObjectNode copied = JSON.createObjectNode();
        copied.put("signatureId", signature);
        copied.put("recordType", "change-set");
        copied.put("recordId", Long.toString(id));
        copied.putObject("content").put("changeSet", id).put("content", "something else");
        JsonNode invalid = json(post("/api/v1/signatures/verify", copied.toString()));
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.get("reason").asString()).contains("content differs");
    }

    @Verifies({"URS-SEQ-007", "URS-SEC-006"})
    @Test
    void badChangeSetsAreRefusedNamingTheField() {
        HttpResponse<String> unknownKind =
                postAs("hr-editor", "/api/v1/change-sets", "{\"kind\":\"CODE\",\"title\":\"x\",\"content\":\"x\"}");
        assertThat(json(unknownKind).get("errors").get(0).get("field").asString())
                .isEqualTo("kind");
        HttpResponse<String> badParameter = postAs(
                "hr-editor",
                "/api/v1/change-sets",
                "{\"kind\":\"PARAMETERS\",\"title\":\"x\",\"content\":{\"parameters\":{\"delivery.max-attempts\":\"0\"}}}");
        assertThat(badParameter.statusCode()).isEqualTo(400);
        assertThat(json(badParameter).get("detail").asString()).contains("delivery.max-attempts");
        ObjectNode sameVersion = JSON.createObjectNode();
        sameVersion.put("kind", "RULES");
        sameVersion.put("title", "Same version again");
        sameVersion.put("content", get("/api/v1/rules").body());
        HttpResponse<String> reusedVersion = postAs("hr-editor", "/api/v1/change-sets", sameVersion.toString());
        assertThat(json(reusedVersion).get("detail").asString()).contains("was used before");
        assertThat(postAs("admin", "/api/v1/change-sets", "{}").statusCode()).isEqualTo(403);
    }

    private long mapping(String author) {
        String body =
                "{\"system\":\"workday\",\"sourceCode\":\"WD-CC-" + UUID.randomUUID() + "\",\"code\":\"GMP-BASIC\"}";
        HttpResponse<String> drafted = postAs(author, "/api/v1/dictionary", body);
        assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(202);
        return json(drafted).get("id").asLong();
    }

    private long draft(String author, String kind, String title, String content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", kind);
        body.put("title", title);
        body.put("content", content);
        HttpResponse<String> drafted = postAs(author, "/api/v1/change-sets", body.toString());
        assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(201);
        return json(drafted).get("id").asLong();
    }

    /** Signs as the user: {@code approve} approves, anything else signs as author with that user id. */
    private HttpResponse<String> sign(String user, long id, String how) {
        String body = "{\"userId\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}";
        String step = how.startsWith("approve") ? "approve" : "sign";
        return postAs(user, "/api/v1/change-sets/" + id + "/" + step, body);
    }

    private static String content(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("content", text);
        return body.toString();
    }

    private HttpResponse<String> getAs(String user, String path) {
        String as = user.equals("auditor-view") ? USER : user;
        try {
            return http.send(
                    HttpRequest.newBuilder(uri(path))
                            .header(
                                    "authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString(
                                                            (as + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
