package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;

/**
 * The QA approver's access review, in Chromium: a campaign over everyone holding Singapore's batch reviewer role,
 * one reviewer revoked (a wrong password first, refused next to the field), the rest confirmed, all signed at once;
 * the role leaves the MES; the campaign completes with a signed report; the suspension is lifted with a signature
 * and the role comes back.
 */
class AccessReviewJourneyIT extends InBrowserIT {

    private static final String ROLE = "SGP.QA.BATCH_REVIEWER";
    private static final String REASON = "moved to the warehouse, no batch records any more";

    @Verifies({"URS-SEC-100", "URS-SEC-101", "URS-ESG-100"})
    @Test
    void aQaApproverReviewsARoleRevokesOneHolderSignsTheReportAndLiftsTheSuspension() {
        clock.set(START);
        String kept = reviewer();
        String revoked = reviewer();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        mesGroupsOf(kept).contains(ROLE) && mesGroupsOf(revoked).contains(ROLE));

        browser.signIn("qa-approver", PASSWORD);
        AccessReviewPage campaign = AccessReviewPage.startForRole(browser, ROLE);
        assertThat(campaign.state()).contains("wait for a decision");
        assertThat(campaign.row(revoked).getText()).contains(ROLE).contains("justified by set 1");

        campaign.revoke(revoked, REASON).confirmTheRest().sign("qa-approver", "not-my-password");
        assertThat(campaign.error("#sign-decisions .error")).contains("Does not confirm your identity");
        browser.screenshot("55-access-review-signature-refused");
        assertThat(mesGroupsOf(revoked)).contains(ROLE);

        campaign.revoke(revoked, REASON).confirmTheRest().sign("qa-approver", PASSWORD);
        browser.waitFor("#decided");
        assertThat(campaign.decision(revoked))
                .contains("revoked (suspended)")
                .contains(REASON)
                .contains("signed REVIEWED")
                .contains("matches");
        assertThat(campaign.decision(kept)).contains("confirmed");
        browser.screenshot("56-access-review-decided");
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(revoked).contains(ROLE));
        assertThat(mesGroupsOf(kept)).contains(ROLE);

        // the person's page says why the rules' role is not in the MES
        String campaignPath = browser.currentPath();
        browser.open("/people/" + revoked);
        assertThat(browser.text("#suspensions")).contains(ROLE).contains(REASON);
        browser.open(campaignPath);

        // completing asks for the password only: the session has signed already
        campaign.complete(PASSWORD);
        assertThat(campaign.state()).contains("the report is signed");
        assertThat(campaign.report()).contains("APPROVED").contains("Signature matches the campaign and its CSV");
        HttpResponse<byte[]> pdf = browser.download(campaign.reportHref("pdf"));
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String csv = new String(browser.download(campaign.reportHref("csv")).body(), StandardCharsets.UTF_8);
        assertThat(csv.lines().filter(l -> l.contains(revoked)).findFirst().orElseThrow())
                .contains("REVOKED")
                .contains(REASON);
        browser.screenshot("57-access-review-report");

        AccessReviewPage.lift(browser, revoked, "back to batch record review from January", PASSWORD);
        assertThat(browser.text("#lifted")).contains(revoked).contains(ROLE);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(revoked).contains(ROLE));
        assertThat(browser.driver().getPageSource()).doesNotContain("th:").doesNotContain("${");
    }

    private String reviewer() {
        String person = newPerson("SGP");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            assertThat(hook(certification(person, cert).expiring("2027-11-19").json())
                            .statusCode())
                    .isEqualTo(202);
        }
        return person;
    }
}
