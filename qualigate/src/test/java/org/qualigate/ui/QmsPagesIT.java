package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qualigate.support.Browser;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * QA works the QMS sync in a real browser: compares the two versions of a conflict found through the QMS
 * simulator and resolves it under an electronic signature (user id and password the first time in the session,
 * then the password alone), runs a reconciliation and downloads it, and uploads a parallel-run export to read
 * its accuracy. Each page is saved as a screenshot in {@code target/screenshots/}.
 */
@ExtendWith(Browser.Required.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QmsPagesIT extends QualigateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QA = "qa-approver";

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

    @Verifies({"URS-INT-012", "URS-ESG-003", "URS-REP-004"})
    @Test
    void qaComparesBothVersionsAndResolvesAConflictUnderASignatureThenSignsTheNextWithThePasswordAlone() {
        String first = personWithAGdpConflict();
        String second = personWithAGdpConflict();
        String firstId = await().atMost(WAIT).until(() -> openConflictOf(first), c -> c != null);
        String secondId = await().atMost(WAIT).until(() -> openConflictOf(second), c -> c != null);

        browser.signIn(QA, PASSWORD).open("/qms/conflicts");
        assertThat(browser.text("#c-" + firstId))
                .contains(first)
                .contains("TW-CRS-0002")
                .contains("MANUAL");
        browser.screenshot("qms-01-conflicts");

        browser.follow("#c-" + firstId + " a.open-conflict");
        browser.waitFor("#resolve-form");
        assertThat(browser.text("#hris-version")).contains("HRIS");
        assertThat(browser.text("#qms-version")).contains("MANUAL");
        // nothing chosen, no reason, no signature: each field says what is missing
        browser.submit("#resolve-form button");
        assertThat(browser.text("#resolve-form"))
                .contains("Choose which version is right")
                .contains("at least 10");
        browser.click("input[name=resolution][value=KEEP_HRIS]")
                .type("#reason", "training certificate TC-88 is dated as in the HRIS")
                .type("#userId", QA)
                .type("#password", "not-my-password")
                .submit("#resolve-form button");
        assertThat(browser.text("#resolve-form .error")).contains("Signature refused");
        assertThat(browser.text("#conflict-state")).contains("Open");
        scrollTo("#resolve-form");
        browser.screenshot("qms-02-conflict-signature-refused");

        browser.type("#userId", QA).type("#password", PASSWORD).submit("#resolve-form button");
        assertThat(browser.text(".notice")).contains("resolved").contains("signed by " + QA);
        assertThat(browser.text("#conflict-state")).contains("Resolved");
        assertThat(browser.text(".signature"))
                .contains("(" + QA + ") signed as resolved")
                .contains("Signature matches the resolved conflict");
        scrollTo("#resolution");
        browser.screenshot("qms-03-conflict-resolved-and-signed");
        JsonNode signed = json(get("/api/v1/qms/conflicts/" + firstId));
        assertThat(signed.path("signatures").get(0).path("valid").asBoolean()).isTrue();

        // the second signature of this session needs the password alone
        browser.open("/qms/conflicts/" + secondId);
        assertThat(browser.has("#userId")).isFalse();
        browser.click("input[name=resolution][value=KEEP_QMS]")
                .type("#reason", "the hand-entered date matches the signed attendance list")
                .type("#password", PASSWORD)
                .submit("#resolve-form button");
        assertThat(browser.text(".signature")).contains("signed as resolved");
        assertThat(json(get("/api/v1/qms/conflicts/" + secondId))
                        .path("resolution")
                        .asString())
                .isEqualTo("KEEP_QMS");
    }

    @Verifies("URS-SEC-002")
    @Test
    void anAuditorReadsTheConflictsButHasNoFormToResolveThem() {
        String person = personWithAGdpConflict();
        String id = await().atMost(WAIT).until(() -> openConflictOf(person), c -> c != null);
        browser.signIn(USER, PASSWORD).open("/qms/conflicts/" + id);
        assertThat(browser.text("main")).contains("Only a QA approver can resolve");
        assertThat(browser.has("#resolve-form")).isFalse();
        browser.open("/qms");
        assertThat(browser.text("#modes")).contains("BSL");
        assertThat(browser.has("#mode-form")).isFalse();
    }

    @Verifies("URS-REP-004")
    @Test
    void qaSwitchesAModeOnlyWithAReason() {
        browser.signIn(QA, PASSWORD).open("/qms");
        browser.click("#site option[value=SGP]").click("#mode option[value=ENFORCE]");
        browser.submit("#mode-form button");
        assertThat(browser.text("#mode-form")).contains("Say why").contains("SGP is already in enforce mode");
        browser.screenshot("qms-04-modes");
    }

    @Verifies({"URS-DI-005", "URS-REP-004"})
    @Test
    void qaRunsAReconciliationOfASiteAndDownloadsItAsCsv() {
        String person = newPerson("BSL");
        assertThat(hook(certification(person, "WD-CERT-1001").json()).statusCode())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> !sandbox().qms().records(person).isEmpty());
        browser.signIn(QA, PASSWORD).open("/qms/reconciliations");
        browser.submit("#reconcile-form button");
        assertThat(browser.text("#reconcile-form .error")).contains("Choose a site");
        browser.click("#site option[value=BSL]").submit("#reconcile-form button");
        // the run goes to the background: its job page follows it and links to the run once it is done
        assertThat(browser.currentPath()).startsWith("/jobs/");
        browser.waitForText("#job-progress", "Done.");
        browser.submit("#job-result");
        assertThat(browser.text("h1")).startsWith("Reconciliation of BSL");
        assertThat(browser.text("#counts")).contains("HRIS records").contains("discrepancies");
        assertThat(browser.text("h2 small")).doesNotStartWith("0 ");
        assertThat(browser.text("table.checksums")).containsPattern("[0-9a-f]{64}");
        browser.screenshot("qms-05-reconciliation");

        var csv = browser.download(browser.find("#reconciliation-csv").getAttribute("href"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-disposition").orElse("")).contains(".csv");
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).startsWith("run_id,site,kind,employee_id");
        browser.open("/qms/reconciliations");
        assertThat(browser.text("#runs")).contains("BSL").contains("on demand");
    }

    @Verifies({"URS-DI-006", "URS-REP-004"})
    @Test
    void qaUploadsAParallelRunExportAndReadsTheAccuracy() throws IOException {
        String person = newPerson("BSL");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate done = today.minusDays(2);
        assertThat(hook(certification(person, "WD-CERT-1001")
                                .completed(done.toString())
                                .json())
                        .statusCode())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> !sandbox().qms().records(person).isEmpty());
        Path export = Files.createDirectories(Path.of("target", "qms-pages"))
                .resolve("pq-export.csv")
                .toAbsolutePath();
        Files.writeString(
                export,
                String.join(
                        "\n",
                        "employee_id,course_code,completion_date,status",
                        person + ",TW-CRS-0001," + done + ",Complete",
                        person + ",TW-CRS-0120," + done + ",Complete",
                        ""));

        browser.signIn(QA, PASSWORD).open("/qms/parallel-runs");
        browser.click("#site option[value=BSL]").type("#from", "August").type("#to", today.toString());
        browser.find("#export").sendKeys(export.toString());
        browser.submit("#pq-form button");
        assertThat(browser.text("#pq-form")).contains("YYYY-MM-DD");

        browser.type("#from", today.minusDays(7).toString());
        browser.find("#export").sendKeys(export.toString());
        browser.submit("#pq-form button");
        assertThat(browser.text("#accuracy")).endsWith("%");
        assertThat(browser.text("#pq-discrepancies")).contains(person).contains("manual error");
        browser.screenshot("qms-06-parallel-run");

        var csv = browser.download(browser.find("#parallel-run-csv").getAttribute("href"));
        assertThat(new String(csv.body(), StandardCharsets.UTF_8))
                .startsWith("employee_id,course_code,classification")
                .contains(person + ",TW-CRS-0001,MATCH");
    }

    private void scrollTo(String css) {
        browser.driver().executeScript("arguments[0].scrollIntoView()", browser.find(css));
    }

    /** A person whose hand-entered GDP record in the QMS and HRIS completion disagree on the date. */
    private String personWithAGdpConflict() {
        String person = newPerson("BSL");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        sandbox()
                .qms()
                .addOwnedRecord(
                        person,
                        "TW-CRS-0002",
                        today.minusDays(40),
                        null,
                        "MANUAL",
                        clock.instant().minusSeconds(300));
        assertThat(hook(certification(person, "WD-CERT-1002")
                                .completed(today.minusDays(3).toString())
                                .json())
                        .statusCode())
                .isEqualTo(202);
        return person;
    }

    private String openConflictOf(String person) {
        return json(get("/api/v1/qms/conflicts?state=open&employeeId=" + person))
                .path("conflicts")
                .valueStream()
                .findFirst()
                .map(c -> c.path("id").asString())
                .orElse(null);
    }
}
