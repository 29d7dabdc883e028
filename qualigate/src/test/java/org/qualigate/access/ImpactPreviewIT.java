package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qualigate.support.DueWork;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/rules/preview}: who would gain or lose which role under proposed rules, applying nothing. */
class ImpactPreviewIT extends QualigateIT {

    @Autowired
    ApplicationContext context;

    @Verifies("URS-SEQ-008")
    @Test
    void listsWhoWouldLoseAndGainWhichRoleWithoutApplyingAnything() throws Exception {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());
        hook(certification(person, "WD-CERT-3010").json());
        await().atMost(Duration.ofSeconds(5)).until(() -> mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));

        // Proposed: batch reviewers also need line clearance; packaging operators no longer need GDP-DOC.
        String current = get("/api/v1/rules").body();
        String proposed = current.replaceFirst("(?m)^version: .*$", "version: \"proposal-1\"")
                .replace("[GMP-BASIC, GDP-DOC, BATCH-REVIEW]", "[GMP-BASIC, GDP-DOC, BATCH-REVIEW, LINE-CLEARANCE]")
                .replace("      - [GMP-BASIC, GDP-DOC, PACK-SERIAL]\n", "      - [GMP-BASIC, PACK-SERIAL]\n");
        assertThat(proposed).isNotEqualTo(current);

        HttpResponse<String> response = postYaml("/api/v1/rules/preview", proposed);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode impact = json(response);
        assertThat(impact.get("proposedVersion").asString()).isEqualTo("proposal-1");
        assertThat(impact.get("applied").asBoolean()).isFalse();
        JsonNode mine = filter(impact.get("changes"), person);
        assertThat(mine.findValuesAsString("kind")).containsExactlyInAnyOrder("LOSS");
        assertThat(mine.get(0).get("role").asString()).isEqualTo("BSL.QA.BATCH_REVIEWER");
        assertThat(mine.get(0).get("basis").asString()).contains("LINE-CLEARANCE");

        // Nothing was applied: the rules in force are the same, and planning the person again (another record
        // arrives) and delivering it leaves the role in the MES.
        assertThat(get("/api/v1/rules").body()).isEqualTo(current);
        hook(certification(person, "WD-CERT-2101").json());
        new DueWork(context).settle(person);
        assertThat(mesGroupsOf(person)).contains("BSL.QA.BATCH_REVIEWER");
    }

    @Verifies({"URS-SEQ-008", "URS-SEQ-009"})
    @Test
    void aBrokenProposalGetsAProblemNamingWhatIsWrong() throws Exception {
        HttpResponse<String> response = postYaml(
                "/api/v1/rules/preview",
                "version: x\nsites: [{code: BSL, zone: Europe/Zurich}]\n"
                        + "qualifications: []\nroles: [{role: BSL.X.OP, sets: [[NOPE]]}]\n");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(json(response).get("detail").asString()).contains("NOPE");
    }

    private static JsonNode filter(JsonNode changes, String person) {
        var out = JSON.createArrayNode();
        changes.forEach(c -> {
            if (c.get("employeeId").asString().equals(person)) {
                out.add(c);
            }
        });
        return out;
    }
}
