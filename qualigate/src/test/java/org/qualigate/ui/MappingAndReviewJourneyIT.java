package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.InBrowserIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.qualigate.waiting.WaitingMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The HR mapping editor and the QA approver at work. The editor maps a code the HR system re-coded, reading
 * the course's name and raw record, the codes that already count as the plant qualification and the role each
 * waiting person would gain. The QA approver is told by e-mail, once, that the change set waits for them, finds
 * it on the dashboard with its age, approves it and reads what the approval did ("1 of 1 waiting record
 * applied; T… gained BSL.QA.BATCH_REVIEWER"). Then the approver reviews an emergency override, reading the
 * role, window, grantor, reason and signature and what happened to the person's access meanwhile, and signs a
 * conclusion: justified or not, and why.
 */
class MappingAndReviewJourneyIT extends InBrowserIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";

    @Autowired
    Users users;

    @Autowired
    WaitingMail waitingMail;

    @Autowired
    JdbcClient jdbc;

    private String approverMail;

    @BeforeAll
    void aQaApproverWhoReadsMail() {
        String name = "qa-mail-" + UUID.randomUUID().toString().substring(0, 6);
        approverMail = name + "@plant.example";
        Users.Result<UserAccount> made = users.create(
                new Users.NewUser(
                        name,
                        "Quinn Mail",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.QA_APPROVER),
                        "qa-mail-password-2026",
                        ZoneId.of("Europe/Zurich"),
                        approverMail),
                "admin");
        assertThat(made.refused()).isFalse();
    }

    @Verifies({"URS-SEQ-095", "URS-REP-094"})
    @Test
    void theEditorReadsWhoGainsWhatAndTheApproverIsToldOnceApprovesAndReadsWhatItDid() {
        String person = newPerson("BSL");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002")) {
            hook(certification(person, cert).json());
        }
        String code =
                "WD-CERT-MJ-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        assertThat(hook(certification(person, code).json()).statusCode()).isGreaterThanOrEqualTo(400);

        // the HR mapping editor
        browser.signIn("hr-editor", PASSWORD).open("/mappings?system=workday&sourceCode=" + code);
        assertThat(browser.text("#course-name")).contains("Test certification " + code);
        String payload = browser.driver()
                .findElement(org.openqa.selenium.By.xpath("//tr[td[text()='" + code + "']]//a[@class='payload']"))
                .getAttribute("href");
        assertThat(new String(browser.download(payload).body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"certificationId\":\"" + code + "\"");
        new Select(browser.find("#code")).selectByValue("BATCH-REVIEW");
        browser.waitForText("#existing-sources", "workday WD-CERT-6001");
        browser.waitForText("#preview-gains", person + " would gain " + ROLE);
        browser.screenshot("60-mapping-with-gains");
        browser.submit("#mapping-form button[type=submit]");
        String changeSet = browser.currentPath();
        long id = Long.parseLong(changeSet.substring("/change-sets/".length()));
        assertThat(browser.text("td.gains")).contains(person + " gains " + ROLE);
        assertThat(browser.text("#what-mappings .existing-sources")).contains("workday WD-CERT-6001");
        browser.type("#sign-userId", "hr-editor").type("#sign-password", PASSWORD);
        browser.submit("#sign-form button");

        // the QA approvers are told, once, however often the outbox is filled
        String key = "waiting/change-set/" + id + "/v1";
        waitingMail.scan();
        waitingMail.scan();
        // one copy per language and zone its readers read (decision 0041), each queued once
        List<String> copies = jdbc.sql("SELECT recipients FROM notice WHERE dedupe_key = ? OR dedupe_key LIKE ?")
                .params(key, key + "/%")
                .query(String.class)
                .list();
        assertThat(copies.stream().filter(r -> r.contains(approverMail))).hasSize(1);
        String subject =
                "[Qualigate] Change set " + id + " waits for your approval: Map workday " + code + " to BATCH-REVIEW";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo(approverMail).contains(subject));
        assertThat(SharedMailSink.subjectsTo(approverMail).stream().filter(subject::equals))
                .hasSize(1);
        assertThat(copies).as("never to the author").noneMatch(r -> r.contains("hr-editor"));

        // the QA approver finds it waiting, with its age, approves it and reads what the approval did
        browser.signIn("qa-approver", PASSWORD);
        browser.waitForText("#waiting-change_sets_to_approve", "#" + id);
        assertThat(browser.text("#waiting-change_sets_to_approve"))
                .containsPattern("change sets? to approve")
                .contains("waiting");
        browser.screenshot("61-waiting-for-qa");
        browser.open(changeSet);
        assertThat(browser.text("td.gains")).contains(person + " gains " + ROLE);
        browser.type("#approve-userId", "qa-approver").type("#approve-password", PASSWORD);
        browser.submit("#approve-form button");
        assertThat(browser.text("#mapping-outcome"))
                .contains("1 of 1 waiting record applied")
                .contains(person + " gained " + ROLE);
        browser.screenshot("62-mapping-approved-what-happened");
        assertThat(json(get("/api/v1/people/" + person)).get("qualifications").toString())
                .contains("BATCH-REVIEW");
        // approved, it waits for nobody any more
        browser.open("/");
        browser.waitFor("#waiting > *");
        assertThat(browser.driver().getPageSource()).doesNotContain("/change-sets/" + id + "\"");
    }

    @Verifies({"URS-ESG-093", "URS-ESG-003"})
    @Test
    void theApproverReadsWhatHappenedDuringAnOverrideAndSignsAStructuredConclusion() {
        String person = newPerson("BSL");
        String role = "BSL.FILL-1.LEAD";
        String reason = "Line lead absent, batch 24-117 must finish "
                + UUID.randomUUID().toString().substring(0, 4);
        assertThat(postAs(
                                "plant-manager",
                                "/api/v1/overrides",
                                JSON.writeValueAsString(Map.of(
                                        "employeeId",
                                        person,
                                        "role",
                                        role,
                                        "hours",
                                        2,
                                        "reason",
                                        reason,
                                        "password",
                                        PASSWORD)))
                        .statusCode())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(role));
        String task = openTaskOf(person);

        browser.signIn("qa-approver", PASSWORD);
        browser.waitForText("#waiting-override_reviews", person);
        browser.open("/review#tasks");
        String card = "#task-" + task;
        assertThat(browser.text(card + " .role")).isEqualTo(role);
        assertThat(browser.text(card + " .grantor")).isEqualTo("plant-manager");
        assertThat(browser.text(card + " .reason")).isEqualTo(reason);
        assertThat(browser.text(card + " .window"))
                .matches("(?s)\\d+ \\w+ \\d{4}, \\d\\d:\\d\\d UTC to \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d UTC.*");
        assertThat(browser.text(card + " .grant-signature"))
                .contains("(plant-manager)")
                .contains("approved");
        assertThat(browser.text(card + " .happened.during")).contains(person + " gained " + role + " in mes through");
        browser.driver().executeScript("document.querySelector('" + card + "').scrollIntoView()");
        browser.screenshot("63-override-review-card");

        // a conclusion says whether the override was justified
        browser.type("#conclusion-" + task, "cover for an absent lead; training booked for 2 Dec");
        if (browser.has("#userId-" + task)) {
            browser.type("#userId-" + task, "qa-approver");
        }
        browser.type("#password-" + task, PASSWORD);
        browser.submit(card + " button[type=submit]");
        assertThat(browser.text(card)).contains("Say whether the override was justified");
        browser.click("#justified-yes-" + task);
        if (browser.has("#userId-" + task)) {
            browser.type("#userId-" + task, "qa-approver");
        }
        browser.type("#password-" + task, PASSWORD);
        browser.submit(card + " button[type=submit]");
        assertThat(browser.text("#done")).contains("Review closed and signed by you");
        assertThat(browser.has(card)).isFalse();

        JsonNode closed = null;
        for (JsonNode t : json(get("/api/v1/review-tasks?status=CLOSED")).get("reviewTasks")) {
            if (t.get("id").asString().equals(task)) {
                closed = t;
            }
        }
        assertThat(closed).isNotNull();
        assertThat(closed.get("justified").asBoolean()).isTrue();
        assertThat(closed.get("conclusion").asString())
                .isEqualTo("cover for an absent lead; training booked for 2 Dec");
        assertThat(closed.get("signatures").toString()).contains("REVIEWED").contains("qa-approver");
        JsonNode verified = json(postAs(
                "qa-approver",
                "/api/v1/signatures/verify",
                JSON.writeValueAsString(Map.of(
                        "signatureId", closed.get("signatures").get(0).get("id").asString()))));
        assertThat(verified.toString()).contains("\"valid\":true");
    }

    private String openTaskOf(String person) {
        return jdbc.sql("SELECT id::text FROM review_task WHERE employee_id = ? AND status = 'OPEN'")
                .param(person)
                .query(String.class)
                .single();
    }
}
