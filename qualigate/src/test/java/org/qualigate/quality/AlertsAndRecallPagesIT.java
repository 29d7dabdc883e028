package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The alerts page and a recall's page in Chromium, as their readers see them: an operator reads a batch's alert
 * open with its count, then its all-clear, in English; a reader whose account language is German reads a recall's
 * plan with batches done, waiting and failed, in German. For the recall the quality workers are held still and
 * driven by the test, so each state is on the page when it is looked at.
 */
class AlertsAndRecallPagesIT extends InBrowserIT {

    private static final String READER_PASSWORD = "Rheinfelden-2026-Recall!";

    @Autowired
    private Users users;

    @Autowired
    private QualityConfiguration.QualitySchedule workers;

    @Autowired
    private RecallSaga saga;

    @Autowired
    private ErpBlocking blocking;

    @AfterEach
    void workersRunAgain() {
        sandbox().faults().clear();
        workers.start();
    }

    @Test
    @Verifies({"URS-QEV-394", "URS-BCP-324"})
    void anOperatorReadsABatchsAlertOpenWithItsCountThenItsAllClear() throws Exception {
        String material = material("QGL");
        String cause = "batch " + material + "/L1";
        sandbox().quality().erp().receive(material, "CH10", "0001", "L1", StockType.UNRESTRICTED, new BigDecimal("3"));
        assertThat(nc(material, "L1", 1, "Opened", null)).isEqualTo(202);
        assertThat(nc(material, "L1", 2, "Opened", null)).isEqualTo(202);

        browser.signIn("plant-manager", PASSWORD).open("/alerts");
        WebElement open = alertRow(cause);
        assertThat(open.findElement(By.cssSelector(".state")).getText()).isEqualTo("open");
        assertThat(open.findElement(By.cssSelector(".occurrences")).getText()).isEqualTo("2");
        assertThat(open.findElement(By.cssSelector(".cleared")).getText()).isEqualTo("–");
        assertThat(open.getAttribute("class")).contains("attention");
        assertThat(browser.text("h1")).isEqualTo("Alerts");
        browser.screenshot("alerts-01-open");

        nc(material, "L1", 1, "Closed - Done", "Release");
        nc(material, "L1", 2, "Closed - Done", "Release");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            browser.open("/alerts");
            return alertRow(cause)
                    .findElement(By.cssSelector(".state"))
                    .getText()
                    .equals("cleared");
        });
        WebElement cleared = alertRow(cause);
        assertThat(cleared.findElement(By.cssSelector(".occurrences")).getText())
                .isEqualTo("2");
        assertThat(cleared.findElement(By.cssSelector(".cleared")).getText()).isNotEqualTo("–");
        assertThat(cleared.getAttribute("class")).doesNotContain("attention");
        browser.screenshot("alerts-02-all-clear");
    }

    @Test
    @Verifies({"URS-QEV-395", "URS-QEV-246", "URS-UI-415"})
    void aGermanReaderReadsARecallsPlanWithBatchesDoneWaitingAndFailedInGerman() throws Exception {
        String material = material("QGR");
        for (String batch : List.of("G1", "G2", "G3", "G4")) {
            sandbox()
                    .quality()
                    .erp()
                    .receive(material, "CH10", "0001", batch, StockType.UNRESTRICTED, new BigDecimal("5"));
        }
        String reader = "greta-" + UUID.randomUUID().toString().substring(0, 6);
        Users.Result<UserAccount> created = users.create(
                new Users.NewUser(
                        reader,
                        "Greta Imhof",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.AUDITOR),
                        READER_PASSWORD,
                        ZoneId.of("Europe/Zurich"),
                        null,
                        "de"),
                false,
                "admin");
        assertThat(created.value()).as(String.valueOf(created)).isNotNull();

        // the workers held still: the plan is made, then one posting to the ERP fails and the rest are blocked
        workers.stop();
        String id = "a1R" + material;
        String name = "RCL-" + material;
        assertThat(NcEvents.send(
                                http,
                                port,
                                clock.instant(),
                                "msg_" + UUID.randomUUID(),
                                RecallEvents.v1(id, name, clock.instant(), "Opened", material, "G1", "G4"),
                                SECRET)
                        .statusCode())
                .isEqualTo(202);
        saga.workDue();
        sandbox().faults().inject(Fault.error("erp", "POST /A_MaterialDocumentHeader", 503, 1));
        blocking.workDue();
        Map<String, String> states = batchStates(id);
        assertThat(states.values()).containsOnly("done", "failed").contains("failed");
        // a batch already done is asked for again (an NC on it arrived) and waits for the worker
        String again = states.entrySet().stream()
                .filter(e -> e.getValue().equals("done"))
                .findFirst()
                .orElseThrow()
                .getKey();
        assertThat(nc(material, again, 3, "Opened", null)).isEqualTo(202);
        assertThat(batchStates(id).get(again)).isEqualTo("waiting");

        browser.signIn(reader, READER_PASSWORD).open("/quality/recalls/" + id);
        browser.waitForText("#recall-name", name);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("de");
        assertThat(browser.text("h1")).startsWith("Rückruf");
        assertThat(browser.text("#steps thead")).contains("Stand");
        List<String> shown = browser.driver().findElements(By.cssSelector("#steps .step-state")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(shown).contains("erledigt", "wartend", "fehlgeschlagen");
        assertThat(browser.find("#steps .step-state[data-state=failed]")
                        .findElement(By.xpath("ancestor::tr"))
                        .getText())
                .contains("503");
        // attempts are the failed ones: a failed step has had one, a step done none to count
        assertThat(browser.text("#steps thead")).contains("Fehlversuche");
        assertThat(browser.find("#steps .step-state[data-state=failed]")
                        .findElement(By.xpath("ancestor::tr"))
                        .findElement(By.cssSelector("td.attempts"))
                        .getText())
                .matches("[1-9]\\d*");
        assertThat(browser.find("#steps .step-state[data-state=done]")
                        .findElement(By.xpath("ancestor::tr"))
                        .findElement(By.cssSelector("td.attempts"))
                        .getText())
                .isEqualTo("–");
        // the plan's batches in view, down to the failed one
        browser.driver()
                .executeScript(
                        "arguments[0].scrollIntoView({block: 'end'})",
                        browser.find("#steps .step-state[data-state=failed]"));
        browser.screenshot("recall-02-german-done-waiting-failed");
    }

    // ---------------------------------------------------------------------------------------------------------

    private String material(String prefix) {
        String material =
                prefix + Long.toString(System.nanoTime() % 10_000_000L, 36).toUpperCase();
        sandbox().quality().erp().addMaterial(material, "EA");
        return material;
    }

    /** Sends a version of the NC {@code n} of a batch, signed as the QMS sends it; answers the status. */
    private int nc(String material, String batch, int n, String status, String disposition) throws Exception {
        return NcEvents.send(
                        http,
                        port,
                        clock.instant(),
                        "msg_" + UUID.randomUUID(),
                        NcEvents.v1(
                                "a0L" + material + n,
                                "NC-" + material + "-" + n,
                                clock.instant(),
                                status,
                                disposition,
                                material,
                                batch),
                        SECRET)
                .statusCode();
    }

    private WebElement alertRow(String cause) {
        browser.waitFor("#alerts");
        return browser.driver().findElements(By.cssSelector("#alerts tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector(".cause")).getText().equals(cause))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alert of " + cause + " on the page"));
    }

    /** The recall's batch steps by batch, as the API states them. */
    private Map<String, String> batchStates(String id) {
        return json(get("/api/v1/quality/recalls/" + id))
                .path("steps")
                .valueStream()
                .filter(s -> s.path("target").asString().startsWith("batch "))
                .collect(Collectors.toMap(s -> s.path("target").asString().split(" ")[1], (Function<JsonNode, String>)
                        s -> s.path("state").asString()));
    }
}
