package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qualigate.support.Browser;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * The inspector's question from the UI in a real browser: from the rules page, "who could operate BSL PACK-3 on
 * the morning of that day, and why?" — the same answer as the API's and as what the MES held then (how fast is
 * {@code bench/run-qms}'s subject, not a test's); exported in one click as an inspection pack; and the person and
 * trace pages read as of that morning.
 * Screenshots in {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleHoldersUiIT extends QualigateIT {

    private static final String PACK = "BSL.PACK-3.OPERATOR";
    // 07:30 in Basel (summer time, UTC+2)
    private static final Instant EARLY = Instant.parse("2027-04-05T05:30:00Z");
    // 09:00 in Basel
    private static final Instant MORNING = Instant.parse("2027-04-05T07:00:00Z");

    private Browser browser;
    private final List<String> packers = new ArrayList<>();

    @BeforeAll
    void packersOnTheLineThatMorning() {
        Assumptions.assumeTrue(Browser.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        clock.set(EARLY);
        for (int i = 0; i < 2; i++) {
            String p = newPersonWithJob("BSL", "Packaging Operator");
            for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
                hook(certification(p, cert).completed("2027-03-30").json());
            }
            packers.add(p);
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> packers.stream().allMatch(p -> mesGroupsOf(p).contains(PACK)));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(packers) == 0);
        clock.set(MORNING.plus(Duration.ofHours(3)));
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Verifies({"URS-REP-072", "URS-REP-004"})
    @Test
    void anAuditorFindsWhoCouldOperateThePackingLineThatMorningAndWhyFromTheRulesPageAndExportsIt() throws Exception {
        browser.signIn(USER, PASSWORD);
        browser.open("/rules");
        browser.submit("a.holders[href$='/roles/" + PACK + "']");
        browser.set("#day", "2027-04-05").set("#time", "09:00");
        browser.submit("#holders-form button[type=submit]");
        String summary = browser.text("#answer-summary");
        browser.screenshot("20-who-held-pack-3-that-morning");

        assertThat(summary).contains("held " + PACK + " at 5 Apr 2027 09:00 Europe/Zurich (5 Apr 2027 07:00 UTC)");
        // the page's holders are the API's, and the MES held the role for each of them then
        JsonNode api = json(get("/api/v1/roles/" + PACK + "/holders?at=" + MORNING));
        TreeSet<String> fromApi = new TreeSet<>(api.get("holders").findValuesAsString("employeeId"));
        TreeSet<String> onPage = new TreeSet<>();
        browser.driver()
                .findElements(org.openqa.selenium.By.cssSelector("#holders tbody tr td:first-child a"))
                .forEach(a -> onPage.add(a.getText()));
        assertThat(onPage).isEqualTo(fromApi).containsAll(packers);
        for (String p : packers) {
            assertThat(browser.text("#holder-" + p))
                    .contains("justified by the rules")
                    .contains("mes since");
            assertThat(browser.text("#holder-" + p))
                    .contains("PACK-SERIAL: record")
                    .contains("approved by TC-0042");
            JsonNode h = null;
            for (JsonNode x : api.get("holders")) {
                if (x.get("employeeId").asString().equals(p)) {
                    h = x;
                }
            }
            assertThat(h.get("heldInTargets").get(0).get("heldFrom").asString()).startsWith("2027-04-05T05:30");
        }
        assertThat(browser.text("#without-basis")).startsWith(api.get("counts").get("withoutBasis") + " held");

        HttpResponse<byte[]> pack = browser.postForm("#pack-form");
        assertThat(pack.statusCode()).isEqualTo(200);
        String manifest = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(pack.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("manifest.json")) {
                    manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(manifest).contains("\"at\" : \"" + MORNING + "\"").contains("user:" + USER);
    }

    @Verifies("URS-SEQ-010")
    @Test
    void thePersonAndTracePagesReadAsOfThatMorning() {
        String p = packers.getFirst();
        browser.signIn(USER, PASSWORD);
        browser.open("/people/" + p + "?day=2027-04-05&time=07:00");
        // stated at the person's site, with UTC beside it (decision 0029)
        assertThat(browser.text("#as-of-notice")).contains("5 Apr 2027 07:00 Europe/Zurich (05:00 UTC)");
        // at 07:00 in Basel the certifications were known but the role had not been given yet (07:30)
        assertThat(browser.text("main")).contains("Roles each system held then").contains("No target holds a role");
        browser.screenshot("21-person-as-of-that-morning");
        browser.open("/people/" + p + "/roles/" + PACK + "?asOf=" + MORNING);
        assertThat(browser.text(".status")).contains("Held then");
        browser.screenshot("22-trace-as-of-that-morning");
        browser.open("/reports?site=BSL");
        assertThat(browser.has("a.role-link[href*='/roles/" + PACK + "']")).isTrue();
    }
}
