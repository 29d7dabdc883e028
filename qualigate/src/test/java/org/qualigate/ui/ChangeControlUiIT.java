package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.Select;
import org.qualigate.support.Browser;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * An HR editor who is no programmer maps a new HRIS code from lists and signs the proposal; a QA approver
 * reads who gains which role, approves it with a signature, and the role reaches the MES; the signatures
 * are in the audit export. A wrong signing password and an author's own approval are refused.
 */
@ExtendWith(Browser.Required.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeControlUiIT extends QualigateIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";

    private Browser browser;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Verifies({"URS-SEQ-007", "URS-SEQ-008", "URS-AUD-006", "URS-REP-004"})
    @Test
    void aMappingGoesFromDraftToSignedToApprovedToARoleInTheMesWithItsSignaturesInTheAuditExport() {
        String person = newPerson("BSL");
        String code = unmappedCode();
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", code)) {
            hook(certification(person, cert).json());
        }
        assertThat(mesGroupsOf(person)).doesNotContain(ROLE);

        browser.signIn("hr-editor", PASSWORD).open("/mappings?system=workday&sourceCode=" + code);
        assertThat(browser.text("#unmapped + p + table, table")).contains(code).contains(person);
        browser.screenshot("20-mappings");
        new Select(browser.find("#code")).selectByValue("BATCH-REVIEW");
        browser.submit("#mapping-form button");
        assertThat(browser.currentPath()).startsWith("/change-sets/");
        String changeSet = browser.currentPath().substring("/change-sets/".length());
        assertThat(browser.text("#state")).contains("Draft");
        assertThat(browser.text("table.impact"))
                .contains(code)
                .contains("BATCH-REVIEW")
                .contains(person);

        browser.type("#sign-userId", "hr-editor").type("#sign-password", "not-my-password");
        browser.submit("#sign-form button");
        assertThat(browser.text("#sign-form .error")).contains("Does not confirm your identity (wrong password)");
        browser.screenshot("21-change-set-wrong-password");
        browser.type("#sign-userId", "hr-editor").type("#sign-password", PASSWORD);
        browser.submit("#sign-form button");
        assertThat(browser.text(".notice")).contains("Signed as author");
        assertThat(browser.text("table.signatures")).contains("authored").contains("hr-editor");
        browser.screenshot("22-change-set-signed");

        browser.signIn("qa-approver", PASSWORD).open("/change-sets?state=AUTHORED");
        browser.screenshot("23-change-sets");
        browser.follow("#change-sets a[href$='/change-sets/" + changeSet + "']");
        browser.waitFor("#approve-form");
        assertThat(browser.text("table.impact")).contains(person);
        browser.screenshot("24-change-set-to-approve");
        browser.type("#approve-userId", "qa-approver").type("#approve-password", PASSWORD);
        browser.submit("#approve-form button");
        assertThat(browser.text(".notice")).contains("Approved and in force").contains("1 waiting record applied");
        assertThat(browser.text("table.signatures")).contains("approved").contains("qa-approver");
        browser.screenshot("25-change-set-approved");

        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(ROLE));

        browser.open("/people/" + person + "/roles/" + ROLE);
        assertThat(browser.text("ol.stories li.granted .sentence"))
                .contains(code + " counts as BATCH-REVIEW by change set " + changeSet);
        assertThat(browser.text("#approvals")).contains("approved by").contains("authored by");
        browser.screenshot("26-traceability-with-signatures");

        var export = browser.download("/audit/export?format=json&action=change-set.approved");
        JsonNode signatures = JSON.readTree(export.body()).get("signatures");
        assertThat(signatures.toString()).contains("\"changeSet\":" + changeSet);
        List<String> meanings = signatures
                .valueStream()
                .filter(s -> s.get("changeSet").asString().equals(changeSet))
                .map(s -> s.get("meaning").asString())
                .toList();
        assertThat(meanings).containsExactly("AUTHORED", "APPROVED");
        var pdf = browser.download("/audit/export?format=pdf&action=change-set.approved");
        writePdf("audit-export-signed.pdf", pdf.body());
    }

    @Verifies({"URS-SEQ-007", "URS-ESG-003"})
    @Test
    void anAuthorCannotApproveTheirOwnChangeSetAndLaterSignaturesNeedOnlyThePassword() {
        String person = newPerson("BSL");
        String code = unmappedCode();
        hook(certification(person, code).json());
        browser.signIn("qa-approver", PASSWORD).open("/mappings?system=workday&sourceCode=" + code);
        new Select(browser.find("#code")).selectByValue("BATCH-REVIEW");
        browser.submit("#mapping-form button");
        String path = browser.currentPath();

        browser.type("#sign-userId", "qa-approver").type("#sign-password", PASSWORD);
        browser.submit("#sign-form button");
        assertThat(browser.has("#approve-form")).isFalse();
        assertThat(browser.text("#self-approval")).contains("you cannot approve it");
        // a later signature in the same session asks only for the password
        assertThat(browser.has("#reject-userId")).isFalse();
        browser.screenshot("27-self-approval");

        // even posted by hand, the approval by its author is refused
        String answer = (String) browser.driver()
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "const token = document.querySelector('input[name=_csrf]').value;"
                                + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type':"
                                + " 'application/x-www-form-urlencoded'}, body: '_csrf=' + encodeURIComponent(token)"
                                + " + '&password=' + encodeURIComponent(arguments[1])})"
                                + ".then(r => r.text()).then(done);",
                        path + "/approve",
                        PASSWORD);
        assertThat(answer).contains("You drafted this change set, so you cannot approve it");
        browser.open(path);
        assertThat(browser.text("#state")).contains("Signed by its author");

        browser.type("#reject-reason", "mapped by mistake").type("#reject-password", PASSWORD);
        browser.submit("#reject-form button");
        assertThat(browser.text("#state")).contains("Rejected");
    }

    @Verifies("URS-REP-004")
    @Test
    void theRulesEditorShowsAnInvalidDefinitionByLineAndDraftsNothing() {
        browser.signIn("hr-editor", PASSWORD).open("/rules/edit");
        browser.type("#title", "try a broken definition");
        browser.type("#content", "version: 99\nsites:\n  - code: BSL\n    zone: Not/AZone\n");
        browser.submit("#rules-form button");
        assertThat(browser.text("#content-error")).startsWith("Line ");
        browser.screenshot("28-rules-editor-error");

        browser.open("/parameters");
        browser.type("#p-delivery\\.max-attempts", "500").type("#title", "more attempts");
        browser.submit("#parameters-form button");
        assertThat(browser.text("#parameters-form")).contains("must be from 1 to 50");
        browser.screenshot("29-parameters-error");
    }

    private static String unmappedCode() {
        return "WD-CERT-CC-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    private static void writePdf(String name, byte[] body) {
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/" + name), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
