package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;
import org.qualigate.support.Browser;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * A QA approver reads, in words, the change a signature will approve: a mapping's HR system, code, course name
 * and plant qualification; a parameter's value in force and the one proposed; the rules' lines removed and
 * added — and the exact content beside it, never the page template's own source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QaReadsWhatItSignsIT extends QualigateIT {

    private Browser browser;

    @BeforeAll
    void startBrowser() {
        Assumptions.assumeTrue(Browser.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Verifies({"URS-ESG-063", "URS-SEQ-007"})
    @Test
    void theApproverReadsTheMappingsSystemCodeCourseNameAndQualificationBeforeSigning() {
        String person = newPerson("BSL");
        String code =
                "WD-CERT-QA-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        hook(certification(person, code).json());
        browser.signIn("hr-editor", PASSWORD).open("/mappings?system=workday&sourceCode=" + code);
        new Select(browser.find("#code")).selectByValue("BATCH-REVIEW");
        browser.submit("#mapping-form button");
        String path = browser.currentPath();
        browser.type("#sign-userId", "hr-editor").type("#sign-password", PASSWORD);
        browser.submit("#sign-form button");

        browser.signIn("qa-approver", PASSWORD).open(path);
        browser.waitFor("#approve-form");
        assertThat(browser.text("#what-mappings .system")).isEqualTo("workday");
        assertThat(browser.text("#what-mappings .source-code")).isEqualTo(code);
        assertThat(browser.text("#what-mappings .course")).isEqualTo("Test certification " + code);
        assertThat(browser.text("#what-mappings .qualification")).isEqualTo("BATCH-REVIEW (Batch record review)");
        // the exact content the signatures bind, as JSON, with the course name drafted into it
        assertThat(browser.text("#latest-content"))
                .containsPattern("\"sourceCode\"\\s*:\\s*\"" + code + "\"")
                .containsPattern("\"sourceName\"\\s*:\\s*\"Test certification " + code + "\"")
                .doesNotContain("th:")
                .doesNotContain("${");
        assertThat(browser.driver().getPageSource()).doesNotContain("th:block").doesNotContain("${");
        browser.screenshot("30-qa-reads-mapping");
    }

    @Verifies("URS-ESG-063")
    @Test
    void theApproverReadsEachParametersValueInForceAndTheOneProposed() {
        long id = drafted(
                "PARAMETERS",
                "fewer attempts before a dead letter",
                "{\"parameters\": {\"delivery.max-attempts\": \"7\"}}");
        JsonNode preview = json(get("/api/v1/change-sets/" + id + "/preview"));
        String inForce = preview.path("current").path("delivery.max-attempts").isMissingNode()
                        || preview.path("current").path("delivery.max-attempts").isNull()
                ? "configuration default"
                : preview.path("current").path("delivery.max-attempts").asString();

        browser.signIn("qa-approver", PASSWORD).open("/change-sets/" + id);
        browser.waitFor("#approve-form");
        assertThat(browser.text("#what-parameters")).isEqualTo("delivery.max-attempts: " + inForce + " → 7");
        assertThat(browser.text("#latest-content")).containsPattern("\"delivery.max-attempts\"\\s*:\\s*\"7\"");
        assertThat(browser.driver().getPageSource()).doesNotContain("th:block").doesNotContain("${");
        browser.screenshot("31-qa-reads-parameters");
    }

    @Verifies("URS-ESG-063")
    @Test
    void theApproverReadsTheRulesLinesRemovedAndAddedAgainstTheRulesInForce() {
        String inForce = get("/api/v1/rules").body();
        String version = "qa-reads-" + UUID.randomUUID().toString().substring(0, 8);
        String proposed = inForce.replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"")
                .replaceFirst("graceDays: 7", "graceDays: 5");
        long id = drafted("RULES", "shorter grace on PACK-3", proposed);

        browser.signIn("qa-approver", PASSWORD).open("/change-sets/" + id);
        browser.waitFor("#approve-form");
        String diff = browser.text("#in-force-diff");
        assertThat(diff)
                .contains("+ version: \"" + version + "\"")
                .contains("- ")
                .contains("+ ");
        assertThat(diff.lines().filter(l -> l.startsWith("- ") && l.contains("graceDays: 7")))
                .hasSize(1);
        assertThat(diff.lines().filter(l -> l.startsWith("+ ") && l.contains("graceDays: 5")))
                .hasSize(1);
        assertThat(browser.driver().getPageSource()).doesNotContain("th:block").doesNotContain("${");
        browser.screenshot("32-qa-reads-rules");
    }

    /** A change set drafted and signed by the HR editor through the API, waiting for a QA approver. */
    private long drafted(String kind, String title, String content) {
        JsonNode drafted = json(postAs(
                "hr-editor",
                "/api/v1/change-sets",
                JSON.writeValueAsString(Map.of("kind", kind, "title", title, "content", content))));
        long id = drafted.get("id").asLong();
        assertThat(postAs(
                                "hr-editor",
                                "/api/v1/change-sets/" + id + "/sign",
                                JSON.writeValueAsString(Map.of("userId", "hr-editor", "password", PASSWORD)))
                        .statusCode())
                .isEqualTo(200);
        return id;
    }
}
