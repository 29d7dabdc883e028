package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditTrail;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.InBrowserIT;
import org.qualigate.trace.TraceParent;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Follow this event" in Chromium: from the audit entry of a batch blocked because of an NC, the reader follows the
 * NC's trace to a page listing the receipt of the QMS's webhook, the work planned, each call to the ERP with its
 * answer, and the audit entries, each linked to its page; a German reader sees the same steps in German.
 */
class FollowEventPageIT extends InBrowserIT {

    private static final String KLARA_PASSWORD = "Rheinfelden-2026-Trace!";

    @Autowired
    private AuditTrail audit;

    @Autowired
    private Users users;

    @Verifies("URS-UI-278")
    @Test
    void fromAnAuditEntryTheReaderFollowsTheNcToEveryStepAcrossSystemsInEnglishAndGerman() throws Exception {
        NcLot lot = NcLot.inStock(sandbox(), "QGF", "F1", 9);
        String traceId = TraceParent.start().traceId();
        assertThat(lot.nc(http, port, clock.instant(), "Opened", null, "00-" + traceId + "-00f067aa0ba902b7-01")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> audit.ofTrace(traceId, 100).stream()
                        .anyMatch(e -> e.action().equals("quality.batch.blocked")));
        AuditEntry blocked = audit.ofTrace(traceId, 100).stream()
                .filter(e -> e.action().equals("quality.batch.blocked"))
                .findFirst()
                .orElseThrow();

        browser.signIn(USER, PASSWORD).open("/audit/" + blocked.seq());
        browser.follow("#follow-trace");
        browser.waitForText("#trace-id", traceId);
        assertThat(browser.text("h1")).isEqualTo("Follow this event");
        List<String> kinds = stepKinds();
        assertThat(kinds).contains("intake", "plan", "call", "audit");
        assertThat(kinds.getFirst()).isEqualTo("intake");
        assertThat(browser.text("#trace-steps"))
                .contains("Received")
                .contains("POST /api/v1/hooks/trackwise")
                .contains("Call to another system")
                .contains("A_MaterialDocumentHeader")
                .contains("201")
                .contains("quality.batch.blocked");
        assertThat(browser.find("#trace-steps a[href$='/audit/" + blocked.seq() + "']"))
                .isNotNull();
        browser.screenshot("follow-event-01-english");

        String klara = "klara-" + UUID.randomUUID().toString().substring(0, 6);
        Users.Result<UserAccount> created = users.create(
                new Users.NewUser(
                        klara,
                        "Klara Vogt",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.AUDITOR),
                        KLARA_PASSWORD,
                        ZoneId.of("Europe/Zurich"),
                        null,
                        "de"),
                false,
                "admin");
        assertThat(created.value()).as(String.valueOf(created)).isNotNull();
        browser.signIn(klara, KLARA_PASSWORD).open("/trace/" + traceId);
        browser.waitForText("#trace-id", traceId);
        assertThat(browser.text("h1")).isEqualTo("Diesem Ereignis folgen");
        assertThat(browser.text("#trace-steps"))
                .contains("Empfangen")
                .contains("Geplant")
                .contains("Aufruf eines anderen Systems")
                .contains("Audit-Eintrag");
        browser.screenshot("follow-event-02-german");
    }

    private List<String> stepKinds() {
        return browser.driver().findElements(By.cssSelector("#trace-steps .trace-step")).stream()
                .map((WebElement e) -> e.getAttribute("data-kind"))
                .toList();
    }
}
