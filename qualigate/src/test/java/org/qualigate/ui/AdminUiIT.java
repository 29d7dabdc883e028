package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qualigate.support.Browser;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import tools.jackson.databind.JsonNode;

/**
 * Plant staff use the admin UI in a real browser: they sign in (a wrong password is refused), read the
 * dashboard, find a person and read why a certification gave them a role, map an unmapped code from the
 * review queue, send a failed delivery again, export the audit trail and download the monthly report.
 * Each page is saved as a screenshot in {@code target/screenshots/}.
 */
@ExtendWith(Browser.Required.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiIT extends QualigateIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    private Browser browser;
    private String reviewer;
    private final List<AbstractAuthenticationFailureEvent> failures = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startBrowserAndGrantARole() {
        context.addApplicationListener((ApplicationListener<AbstractAuthenticationFailureEvent>) failures::add);
        reviewer = newPerson("BSL");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            hook(certification(reviewer, cert).json());
        }
        browser = Browser.start(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(reviewer).contains(ROLE));
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Verifies("URS-REP-004")
    @Test
    void aWrongPasswordIsRefusedAndCountedAndTheRightOneOpensTheDashboard() {
        browser.signIn(USER, "not-the-password");
        assertThat(browser.text("#login-error")).contains("Wrong user name or password");
        browser.screenshot("01-login-refused");
        assertThat(failures).anyMatch(f -> f.getAuthentication().getName().equals(USER));

        browser.signIn(USER, PASSWORD);
        assertThat(browser.text("h1")).isEqualTo("Dashboard");
        assertThat(browser.text("header.top .who")).contains(USER).contains("auditor");
        browser.waitFor("#chart svg.chart polyline");
        assertThat(browser.text("ul.legend")).contains("BSL");
        browser.screenshot("02-dashboard");
    }

    @Verifies({"URS-REP-004", "URS-AUD-005"})
    @Test
    void findsAPersonAndReadsWhyACertificationGaveThemARole() {
        browser.signIn(USER, PASSWORD).open("/people");
        browser.type("#q", reviewer);
        browser.waitForText("#people-count", "1 person matches");
        browser.screenshot("03-people-search");
        browser.follow("#results a");
        assertThat(browser.text("h1")).contains(reviewer);
        assertThat(browser.text("main")).contains(ROLE).contains("BATCH-REVIEW").contains("TC-0042");
        browser.screenshot("04-person");

        browser.open("/people/" + reviewer + "/roles/" + ROLE);
        String sentence = browser.text("ol.stories li.granted .sentence");
        assertThat(sentence)
                .startsWith(reviewer + " (Test Operator " + reviewer + ") gained role " + ROLE + " in mes on ")
                .contains("because certification GMP-BASIC")
                .contains("and certification BATCH-REVIEW (level 1)")
                .contains("was completed on 19 Nov 2026")
                .containsPattern("evidenced by HRIS record #TR-[0-9a-f]{8}")
                .contains("approved by TC-0042");
        assertThat(browser.text(".status")).contains("Held now");
        browser.screenshot("05-traceability");
    }

    @Verifies({"URS-REP-004", "URS-SEQ-007"})
    @Test
    void anUnmappedCodeIsProposedFromTheReviewQueueAsAChangeSet() {
        String p = newPerson("BSL");
        String code =
                "WD-CERT-UI-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        assertThat(hook(certification(p, code).json()).statusCode()).isGreaterThanOrEqualTo(400);
        browser.signIn("hr-editor", PASSWORD).open("/review");
        assertThat(browser.text("main")).contains(code);

        // the review queue sends the editor to the one mapping form, with the code filled in
        browser.follow(browser.driver()
                .findElement(
                        org.openqa.selenium.By.xpath("//tr[td[text()='" + code + "']]//a[text()='Map this code']")));
        browser.waitFor("#mapping-form");
        assertThat(browser.find("#sourceCode").getAttribute("value")).isEqualTo(code);
        browser.submit("#mapping-form button[type=submit]");
        assertThat(browser.text("#mapping-form .error")).contains("Choose the plant qualification");
        browser.screenshot("06-review-queue-error");

        new org.openqa.selenium.support.ui.Select(browser.find("#code")).selectByValue("BATCH-REVIEW");
        browser.submit("#mapping-form button[type=submit]");
        assertThat(browser.currentPath()).startsWith("/change-sets/");
        assertThat(browser.text("#drafted")).contains("Drafted as change set");
        assertThat(browser.text("#what-mappings .source-code")).isEqualTo(code);
        browser.screenshot("07-review-queue-proposed");
        // nothing takes effect before approval
        assertThat(json(get("/api/v1/people/" + p)).get("qualifications").toString())
                .doesNotContain("BATCH-REVIEW");
    }

    @Verifies("URS-SEC-002")
    @Test
    void anAuditorOnlyReadsAndNeverSeesAForbiddenAction() {
        browser.signIn(USER, PASSWORD).open("/review");
        assertThat(browser.has("#mapping-form")).isFalse();
        assertThat(browser.driver().findElements(org.openqa.selenium.By.linkText("Map this code")))
                .isEmpty();
        browser.open("/mappings");
        assertThat(browser.has("#mapping-form")).isFalse();
        // a form made by hand in the browser, with the session's CSRF token, is refused on a readable page
        org.openqa.selenium.WebElement page = browser.find("html");
        browser.driver().executeScript("""
                        var token = Object.values(JSON.parse(document.body.getAttribute('hx-headers')))[0];
                        var f = document.createElement('form');
                        f.method = 'post'; f.action = '/mappings';
                        [['system', 'workday'], ['sourceCode', 'WD-X'], ['code', 'GMP-BASIC'], ['_csrf', token]]
                          .forEach(function (p) { var i = document.createElement('input');
                            i.type = 'hidden'; i.name = p[0]; i.value = p[1]; f.appendChild(i); });
                        document.body.appendChild(f); f.submit();""");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(page));
        assertThat(browser.find("#problem").getAttribute("data-status")).isEqualTo("403");
        assertThat(browser.text("main")).containsIgnoringCase("not allowed");
    }

    @Verifies({"URS-REP-004", "URS-BCP-003"})
    @Test
    void aFailedDeliveryIsSentAgainFromItsRow() {
        String p = newPerson("BSL");
        // the MES refuses to add this account to any group until told otherwise: a permanent failure
        sandbox().scim().refuseMembership(p);
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            hook(certification(p, cert).json());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> openLetter(p) != null);
        UUID letter = openLetter(p);
        sandbox().scim().acceptMembership(p);

        browser.signIn("admin", PASSWORD).open("/review#dead-letters");
        browser.screenshot("08-dead-letters");
        browser.click("#dl-" + letter + " button.replay");
        browser.waitForText("#dl-" + letter + " td.action", "Sent again");
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains(ROLE));
        assertThat(openLetter(p)).isNull();
    }

    @Verifies({"URS-AUD-006", "URS-AUD-005", "URS-REP-004"})
    @Test
    void anAuditorFiltersTheTrailAndExportsItAsJsonCsvAndPdf() {
        browser.signIn(USER, PASSWORD).open("/audit");
        browser.type("#employeeId", reviewer).type("#action", "role.granted").submit("#audit-filter button");
        browser.waitForText("#chain", "Hash chain intact");
        assertThat(browser.text("table.audit")).contains("role.granted").contains(reviewer);
        browser.screenshot("09-audit");

        var csv = browser.download(browser.find("#export-csv").getAttribute("href"));
        assertThat(csv.statusCode()).isEqualTo(200);
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text.lines().count()).isEqualTo(2);
        assertThat(text)
                .startsWith("seq,occurred_at,actor,action")
                .contains("role.granted")
                .contains(reviewer);
        var json = browser.download(browser.find("#export-json").getAttribute("href"));
        JsonNode exported = JSON.readTree(json.body());
        assertThat(exported.get("chain").get("valid").asBoolean()).isTrue();
        assertThat(exported.get("entries").get(0).get("action").asString()).isEqualTo("role.granted");
        var pdf = browser.download(browser.find("#export-pdf").getAttribute("href"));
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.headers().firstValue("content-disposition").orElse("")).contains(".pdf");
    }

    @Verifies({"URS-REP-002", "URS-REP-004"})
    @Test
    void theMonthlyReportIsMadeOnDemandAndDownloadedWithTheRoleChangeAndItsEvidence() {
        YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        browser.signIn("admin", PASSWORD).open("/reports");
        browser.type("#month", "October");
        browser.submit("#monthly-form button");
        assertThat(browser.text("#monthly-form .error")).contains("YYYY-MM");

        browser.type("#month", month.toString()).submit("#monthly-form button");
        // made in the background: the job's page says when it is done and links to the PDF
        assertThat(browser.currentPath()).startsWith("/jobs/");
        browser.waitForText("#job-progress", "Done.");
        assertThat(browser.find("#job-result").getAttribute("href")).endsWith(".pdf");
        browser.open("/reports");
        browser.screenshot("10-reports");

        String csvHref = browser.find("a.csv").getAttribute("href");
        String csv = new String(browser.download(csvHref).body(), StandardCharsets.UTF_8);
        assertThat(csv.lines().filter(l -> l.contains(reviewer) && l.contains(ROLE)))
                .anyMatch(l -> l.contains("BATCH-REVIEW") && l.contains("TC-0042") && l.contains(",gained,"));
        var pdf = browser.download(browser.find("a.pdf").getAttribute("href"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/monthly-report.pdf"), pdf.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Verifies({"URS-ESG-004", "URS-ESG-003", "URS-SEQ-006", "URS-REP-004"})
    @Test
    void aPlantManagerMustSignAnOverrideWithTheirOwnPasswordAndAnAuditorCannotGrantOne() {
        browser.signIn("plant-manager", PASSWORD).open("/overrides");
        browser.type("#employeeId", reviewer)
                .type("#role", "BSL.FILL-1.OPERATOR")
                .type("#hours", "30");
        browser.type("#reason", "short").type("#password", "wrong-password");
        browser.submit("#grant-form button");
        assertThat(browser.text("#grant-form"))
                .contains("Between 0 and 24 hours")
                .contains("at least 10 characters");
        assertThat(browser.text("#grant-form")).contains("first signature of a session needs it");
        browser.type("#hours", "4").type("#reason", "night shift cover for the filling line");
        browser.type("#userId", "plant-manager").type("#password", "wrong-password");
        browser.submit("#grant-form button");
        assertThat(browser.text("#grant-form")).containsIgnoringCase("does not confirm your identity");
        browser.screenshot("11-overrides");
        browser.type("#userId", "plant-manager").type("#password", PASSWORD).submit("#grant-form button");
        assertThat(browser.text("main")).contains("signed by you");
        // this override's signature, not any plant manager's of another test
        assertThat(jdbc.sql("SELECT count(*) FROM e_signature s JOIN access_override o ON s.record_id = o.id::text"
                                + " WHERE o.employee_id = ? AND o.role = 'BSL.FILL-1.OPERATOR'"
                                + " AND s.signer_username = 'plant-manager' AND s.meaning = 'APPROVED'"
                                + " AND s.record_type = 'override'")
                        .param(reviewer)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        browser.signIn(USER, PASSWORD).open("/overrides");
        assertThat(browser.has("#grant-form")).isFalse();
        assertThat(browser.text("main")).contains("Only a plant manager can grant");
    }

    private UUID openLetter(String employeeId) {
        return jdbc.sql("SELECT id FROM dead_letter WHERE employee_id = ? AND replayed_at IS NULL")
                .param(employeeId)
                .query(UUID.class)
                .optional()
                .orElse(null);
    }
}
