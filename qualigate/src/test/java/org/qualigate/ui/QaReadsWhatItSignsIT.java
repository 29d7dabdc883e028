package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * A QA approver reads, in words, the change a signature will approve: a mapping's HR system, code, course name
 * and plant qualification; a parameter's value in force and the one proposed; the rules' lines removed and
 * added — and the exact content beside it, never the page template's own source.
 */
class QaReadsWhatItSignsIT extends InBrowserIT {

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
        browser.driver().executeScript("document.getElementById('impact').scrollIntoView()");
        browser.screenshot("30-qa-reads-mapping");
    }

    @Verifies("URS-ESG-063")
    @Test
    void theApproverReadsEachParametersValueInForceAndTheOneProposed() {
        long id = signedChangeSet(
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
        browser.driver().executeScript("document.getElementById('impact').scrollIntoView()");
        browser.screenshot("31-qa-reads-parameters");
    }

    @Verifies("URS-ESG-063")
    @Test
    void theApproverReadsTheRulesLinesRemovedAndAddedAgainstTheRulesInForce() {
        String inForce = get("/api/v1/rules").body();
        String version = "qa-reads-" + UUID.randomUUID().toString().substring(0, 8);
        String proposed = inForce.replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"")
                .replaceFirst("graceDays: 7", "graceDays: 5");
        long id = signedChangeSet("RULES", "shorter grace on PACK-3", proposed);

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
        browser.driver().executeScript("document.getElementById('impact').scrollIntoView()");
        browser.screenshot("32-qa-reads-rules");
    }
}
