package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.support.InBrowserIT;
import org.qualigate.ui.pages.JobPage;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The long lists an auditor reads and the long work others start: people filtered, sorted and paged by keyset;
 * the compliance report's rows filtered and sorted; the events set aside filtered, opened, and — by a QA approver
 * — processed again or acknowledged with a reason until none is left; the audit trail by who acted, oldest
 * first; a background job's progress bar, refreshed by htmx while the page waits for nothing; and a CSV import
 * started by the HR editor that ends with a link to its rows set aside.
 */
class LongListsAndJobsJourneyIT extends InBrowserIT {

    @Autowired
    Persons persons;

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-REP-096")
    @Test
    void peopleAreFilteredSortedByNameAndPagedWithoutLosingOrRepeatingAnyone() {
        String tag = "Pg" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 60; i++) {
            String id = tag.toUpperCase() + String.format("%03d", i);
            persons.save(
                    new Person(
                            EmployeeId.of(id),
                            "Given" + i,
                            tag + "-" + String.format("%02d", 59 - i),
                            null,
                            "IND",
                            null,
                            null,
                            "Operator",
                            Person.Status.ACTIVE,
                            "test",
                            clock.instant()),
                    "test",
                    "long-lists");
        }
        browser.signIn(USER, PASSWORD).open("/people?sort=name&q=" + tag);
        assertThat(browser.text("#people-count")).contains("60 people match").contains("50 on this page");
        List<String> first = names();
        assertThat(first).hasSize(50);
        assertThat(families(first)).isSorted();
        assertThat(first.getFirst()).isEqualTo("Given59 " + tag + "-00");
        browser.screenshot("70-people-paged");
        browser.submit("#next-page");
        List<String> second = names();
        assertThat(second).hasSize(10);
        assertThat(families(second)).isSorted();
        assertThat(families(first).getLast()).isLessThan(families(second).getFirst());
        assertThat(second.getFirst()).isEqualTo("Given9 " + tag + "-50");
        assertThat(browser.has("#next-page")).isFalse();
        browser.submit("#first-page");
        assertThat(names()).isEqualTo(first);

        browser.open("/people?site=BSL&q=" + tag);
        assertThat(browser.text("#people-count")).contains("0 people match");
    }

    @Verifies("URS-REP-096")
    @Test
    void theComplianceReportsRowsAreFilteredAndSortedAroundTheSameReport() {
        String holder = newPerson("BSL");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            hook(certification(holder, cert).json());
        }
        // measured against their job's training (the packing operator's role), and holding none of it
        String missing = newPersonWithJob("BSL", "Packaging Operator");
        browser.signIn(USER, PASSWORD).open("/reports?site=BSL&q=" + holder);
        assertThat(browser.text("#rows-count")).startsWith("1 of ");
        assertThat(browser.text("table.compliance")).contains(holder);
        browser.open("/reports?site=BSL&show=gaps&sort=gaps");
        String gaps = browser.text("table.compliance");
        assertThat(gaps).contains(missing);
        browser.screenshot("71-compliance-filtered");
        browser.open("/reports?site=BSL&show=gaps&q=" + missing);
        assertThat(browser.text("#rows-count")).startsWith("1 of ");
    }

    @Verifies({"URS-REP-096", "URS-AUD-001"})
    @Test
    void eventsSetAsideAreFilteredOpenedAndDealtWithUntilNoneIsLeft() {
        String person = newPerson("BSL");
        String code =
                "WD-CERT-EV-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        assertThat(hook(certification(person, code).json()).statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(hook(certification(person, "WD-CERT-1001")
                                .completed("not-a-day")
                                .json())
                        .statusCode())
                .isGreaterThanOrEqualTo(400);

        // the auditor reads them, and opens a payload, but is offered no action
        browser.signIn(USER, PASSWORD).open("/review/events?employeeId=" + person);
        assertThat(browser.text("#events-count")).startsWith("2 set aside");
        assertThat(browser.has("form.acknowledge-form")).isFalse();
        String payload = browser.find("#events a.payload").getAttribute("href");
        assertThat(browser.download(payload).statusCode()).isEqualTo(200);

        // the QA approver deals with them
        browser.signIn("qa-approver", PASSWORD).open("/review/events?employeeId=" + person);
        browser.screenshot("72-events-set-aside");
        String parked = row("parked");
        browser.submit("#event-" + parked + " .reprocess-form button");
        assertThat(browser.text("#done")).contains("still cannot be used");
        assertThat(browser.driver().getCurrentUrl()).contains("employeeId=" + person);
        browser.submit("#event-" + parked + " .acknowledge-form button");
        assertThat(browser.text("#done")).contains("Say why");
        browser.type("#reason-" + parked, "course withdrawn by HR; no mapping will be made");
        browser.submit("#event-" + parked + " .acknowledge-form button");
        assertThat(browser.text("#done")).contains("Acknowledged");
        String rejected = row("rejected");
        browser.type("#reason-" + rejected, "malformed test export, resent by HR as TR-9");
        browser.submit("#event-" + rejected + " .acknowledge-form button");
        assertThat(browser.text("#events-count")).startsWith("0 set aside");

        // each acknowledgement is in the audit trail with its reason, oldest first when asked
        browser.signIn(USER, PASSWORD)
                .open("/audit?order=oldest&action=event.acknowledged&actor=user:qa-approver&employeeId=" + person);
        assertThat(browser.text("#audit-count")).contains("2 matching entries, oldest first");
        List<WebElement> seqs = browser.driver().findElements(By.cssSelector("table.audit a.entry"));
        assertThat(Long.parseLong(seqs.get(0).getText()))
                .isLessThan(Long.parseLong(seqs.get(1).getText()));
        assertThat(browser.text("table.audit"))
                .contains("course withdrawn by HR; no mapping will be made")
                .contains("malformed test export, resent by HR as TR-9");
        browser.screenshot("73-audit-by-actor-oldest-first");
    }

    @Verifies("URS-BCP-090")
    @Test
    void aJobsProgressBarMovesWhileThePageWaitsForNothingAndEndsWithItsResult() {
        // a job of a kind no instance runs, moved by hand: the page must follow it by polling, never by a reload
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO background_job (id, kind, title, requested_by, requested_at, state) "
                        + "VALUES (?, 'test-held', 'Import of held.csv', 'hr-editor', ?, 'QUEUED')")
                .params(id, Timestamp.from(clock.instant()))
                .update();
        browser.signIn(USER, PASSWORD);
        JobPage job = new JobPage(browser).open(id.toString());
        assertThat(job.state()).isEqualTo("Waiting for its turn.");
        assertThat(job.polling()).isTrue();
        WebElement page = browser.find("html");

        jdbc.sql("UPDATE background_job SET state = 'RUNNING', started_at = ?, progress_total = 200, "
                        + "progress_done = 80, progress_note = '80 of 200 rows' WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();
        job.waitUntil("80 of 200 rows");
        assertThat(job.percentShown()).isEqualTo("40 %");
        assertThat(job.progressValue()).isEqualTo("40");
        browser.screenshot("74-job-progress");

        jdbc.sql("UPDATE background_job SET state = 'SUCCEEDED', finished_at = ?, progress_done = 200, "
                        + "result_path = '/imports', result_label = 'import of held.csv' WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();
        job.waitUntil("Done.");
        assertThat(job.resultLink()).endsWith("/imports");
        assertThat(job.polling()).as("an ended job is not asked for again").isFalse();
        assertThat(browser.find("html"))
                .as("the page itself was never reloaded")
                .isEqualTo(page);
    }

    @Verifies({"URS-BCP-090", "URS-INT-005"})
    @Test
    void anEditorImportsACsvInTheBackgroundAndEveryoneReadsItsRowsSetAside() throws IOException {
        String person = newPerson("BSL");
        Path file = Files.createTempFile(Path.of("target"), "import-", ".csv");
        StringBuilder csv = new StringBuilder("employeeId,certificationId,completedOn,sourceRecordId\n");
        for (int i = 0; i < 20; i++) {
            csv.append(person)
                    .append(",WD-CERT-1001,2026-11-1")
                    .append(i % 9)
                    .append(",UI-")
                    .append(UUID.randomUUID().toString(), 0, 8)
                    .append('\n');
        }
        csv.append(person).append(",WD-CERT-1002,someday,UI-BAD\n");
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);

        browser.signIn("hr-editor", PASSWORD).open("/imports");
        browser.find("#file").sendKeys(file.toAbsolutePath().toString());
        browser.submit("#import-form button[type=submit]");
        assertThat(browser.currentPath()).startsWith("/jobs/");
        String jobId = browser.currentPath().substring("/jobs/".length());
        JobPage job = new JobPage(browser).waitUntil("Done.");
        assertThat(job.percentShown()).isEqualTo("100 %");
        job.openResult();
        assertThat(browser.text("#import-counts")).contains("read: 21").contains("rejected: 1");
        assertThat(browser.text("#rejections")).contains("completedOn");
        browser.screenshot("75-import-result");

        browser.signIn(USER, PASSWORD).open("/jobs?whose=all");
        assertThat(browser.text("#jobs"))
                .contains("Import of " + file.getFileName())
                .contains("succeeded");
        assertThat(browser.driver().findElements(By.cssSelector("#jobs a[href='/jobs/" + jobId + "']")))
                .hasSize(1);
    }

    private static List<String> families(List<String> names) {
        return names.stream().map(n -> n.substring(n.indexOf(' ') + 1)).toList();
    }

    private List<String> names() {
        return browser.driver().findElements(By.cssSelector("#results tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** The id of the only event of that outcome on the page. */
    private String row(String outcome) {
        return browser.driver()
                .findElement(By.xpath("//table[@id='events']//tr[td/span[text()='" + outcome + "']]"))
                .getAttribute("id")
                .substring("event-".length());
    }
}
