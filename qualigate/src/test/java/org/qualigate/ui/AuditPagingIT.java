package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A person whose trail holds more than 10,000 entries: the audit page shows the newest first and walks back a page
 * at a time to the very first (keyset paging by entry number), the API pages the same way, an entry opens on its
 * own page with its hash, signatures and payload, and explain and traceability find the role's entries that came
 * after the first 10,000.
 */
class AuditPagingIT extends InBrowserIT {

    private static final int LOAD = 10_500;
    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";
    private static final Pattern ENTRY_LINK = Pattern.compile("class=\"entry\" href=\"/audit/(\\d+)\"");
    private static final Pattern OLDER_LINK = Pattern.compile("id=\"older\" href=\"([^\"]+)\"");

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    private String person;

    @BeforeAll
    void aPersonWithMoreThanTenThousandEntriesThenARole() {
        person = newPerson("BSL");
        // one transaction: the entries are chained as they commit, as a burst of directory changes would be
        tx.executeWithoutResult(status -> {
            for (int i = 1; i <= LOAD; i++) {
                audit.append(new AuditRecord(
                        "system",
                        "person.updated",
                        "person",
                        person,
                        person,
                        Map.of("jobTitle", "Operator " + (i - 1)),
                        Map.of("jobTitle", "Operator " + i),
                        "HRIS directory (load " + i + ")",
                        null));
            }
        });
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            assertThat(hook(certification(person, cert).json()).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(ROLE));
        // what the tests below read straight from audit_event must be in the chain (the pages seal first)
        sealAuditTrail();
        browser.signIn(USER, PASSWORD);
    }

    @Verifies({"URS-AUD-062", "URS-AUD-005"})
    @Test
    void theAuditPageShowsTheNewestFirstAndWalksBackToTheFirstEntryBeyondTenThousand() {
        List<Long> expected = seqsNewestFirst();
        assertThat(expected.size()).isGreaterThan(LOAD);

        browser.open("/audit?employeeId=" + person);
        assertThat(browser.text("#audit-count"))
                .startsWith(
                        String.format(java.util.Locale.ENGLISH, "%,d matching entries, newest first", expected.size()));
        List<Long> first = shownSeqs();
        assertThat(first).hasSize(200).isEqualTo(expected.subList(0, 200));
        browser.screenshot("40-audit-newest-first");

        browser.follow("#older");
        browser.waitFor("#newest");
        assertThat(shownSeqs()).isEqualTo(expected.subList(200, 400));
        assertThat(browser.currentPath()).isEqualTo("/audit");
        assertThat(browser.driver().getCurrentUrl()).contains("before=" + expected.get(199));

        // the whole walk, link by link, as served: every entry once, in order, down to the first
        List<Long> walked = new ArrayList<>();
        String next = "/audit?employeeId=" + person;
        int pages = 0;
        while (next != null) {
            String html = new String(browser.download(next).body(), StandardCharsets.UTF_8);
            Matcher m = ENTRY_LINK.matcher(html);
            while (m.find()) {
                walked.add(Long.parseLong(m.group(1)));
            }
            Matcher older = OLDER_LINK.matcher(html);
            next = older.find() ? older.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertThat(walked).isEqualTo(expected);
        assertThat(pages).isEqualTo((expected.size() + 199) / 200);
    }

    @Verifies("URS-AUD-062")
    @Test
    void theApiPagesNewestFirstWithBeforeAndStillPagesOldestFirstAsItDid() {
        List<Long> expected = seqsNewestFirst();
        List<Long> walked = new ArrayList<>();
        String path = "/api/v1/audit?employeeId=" + person + "&order=newest&limit=1000";
        while (path != null) {
            JsonNode page = json(get(path));
            page.get("entries").forEach(e -> walked.add(e.get("seq").asLong()));
            path = page.has("nextBefore")
                    ? "/api/v1/audit?employeeId=" + person + "&before="
                            + page.get("nextBefore").asLong() + "&limit=1000"
                    : null;
        }
        assertThat(walked).isEqualTo(expected);

        JsonNode oldest = json(get("/api/v1/audit?employeeId=" + person + "&limit=5"));
        assertThat(oldest.get("entries").get(0).get("seq").asLong()).isEqualTo(expected.getLast());
        assertThat(oldest.get("nextAfterSeq").asLong()).isEqualTo(expected.get(expected.size() - 5));
        assertThat(get("/api/v1/audit?before=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/audit?before=5&order=oldest").body()).contains("order");
    }

    @Verifies({"URS-AUD-062", "URS-DI-002"})
    @Test
    void anEntryOpensWithEveryFieldItsHashItsSignaturesAndItsPayload() {
        long recorded = jdbc.sql("SELECT min(seq) FROM audit_event WHERE employee_id = ? AND action = "
                        + "'qualification.recorded'")
                .param(person)
                .query(Long.class)
                .single();
        browser.open("/audit?employeeId=" + person + "&action=qualification.recorded");
        browser.follow("a.entry[href='/audit/" + recorded + "']");
        assertThat(browser.currentPath()).isEqualTo("/audit/" + recorded);
        assertThat(browser.text("#entry-chain")).startsWith("Its hash matches its content");
        String fields = browser.text("#entry-fields");
        assertThat(fields)
                .contains("qualification.recorded")
                .contains(person)
                .contains(jdbc.sql("SELECT hash FROM audit_event WHERE seq = ?")
                        .param(recorded)
                        .query(String.class)
                        .single());
        assertThat(browser.text("#new-value")).contains("\"sourceRecordId\"").contains("\"completedOriginal\"");
        browser.screenshot("41-audit-entry");
        String payload = new String(
                browser.download(browser.find("#payloads a.payload").getAttribute("href"))
                        .body(),
                StandardCharsets.UTF_8);
        assertThat(payload).contains("\"employeeId\":\"" + person + "\"").contains("WD-CERT-");

        // a signed change set's entry lists its signatures
        long changeSet = signedChangeSet(
                "PARAMETERS", "more attempts for " + person, "{\"parameters\": {\"delivery.max-attempts\": \"9\"}}");
        sealAuditTrail();
        long signed = jdbc.sql("SELECT max(seq) FROM audit_event WHERE action = 'signature.applied' AND entity_id = ?")
                .param(Long.toString(changeSet))
                .query(Long.class)
                .single();
        browser.open("/audit/" + signed);
        assertThat(browser.text("ul.signatures")).contains("AUTHORED by").contains("(hr-editor)");
        assertThat(browser.text("#payloads")).contains("cites no received payload");
        assertThat(browser.download("/audit/999999999").statusCode()).isEqualTo(404);
    }

    @Verifies({"URS-AUD-062", "URS-AUD-005"})
    @Test
    void explainAndTraceabilityFindTheRolesEntriesAfterTheFirstTenThousandOfThePerson() {
        JsonNode explained = json(get("/api/v1/explain?employeeId=" + person + "&role=" + ROLE));
        List<String> actions = new ArrayList<>();
        explained.get("auditTrail").forEach(e -> actions.add(e.get("action").asString()));
        assertThat(actions).contains("role.granted");
        browser.open("/people/" + person + "/roles/" + ROLE);
        assertThat(browser.text("ol.stories li.granted .sentence")).contains("gained role " + ROLE);
        // the entry number in the story opens that entry
        browser.follow("ol.stories li.granted a");
        browser.waitFor("#entry-fields");
        assertThat(browser.text("h1")).contains("role.granted");
    }

    private List<Long> seqsNewestFirst() {
        return jdbc.sql("SELECT seq FROM audit_event WHERE employee_id = ? ORDER BY seq DESC")
                .param(person)
                .query(Long.class)
                .list();
    }

    private List<Long> shownSeqs() {
        return browser.driver().findElements(By.cssSelector("table.audit a.entry")).stream()
                .map(a -> Long.parseLong(a.getText()))
                .toList();
    }
}
