package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;

/**
 * The recall pages in Chromium: reached from the quality page, the list with each recall's count of done steps, and
 * one recall's plan with every batch's step done once the ERP holds it blocked, and the report recorded.
 */
class RecallPageIT extends InBrowserIT {

    @Verifies("URS-QEV-246")
    @Test
    void theRecallPageShowsEachBatchStepDoneOnceTheErpHoldsItBlockedAndTheReportRecorded() throws Exception {
        String material =
                "QGV" + Long.toString(System.nanoTime() % 10_000_000L, 36).toUpperCase();
        sandbox().quality().erp().addMaterial(material, "EA");
        for (String batch : List.of("V1", "V2", "V3")) {
            sandbox()
                    .quality()
                    .erp()
                    .receive(material, "CH10", "0001", batch, StockType.UNRESTRICTED, new BigDecimal("5"));
        }
        String name = "RCL-" + material;
        assertThat(NcEvents.send(
                                http,
                                port,
                                clock.instant(),
                                "msg_" + UUID.randomUUID(),
                                RecallEvents.v1(
                                        "a1R" + material, name, clock.instant(), "Opened", material, "V1", "V3"),
                                SECRET)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> List.of("V1", "V2", "V3").stream()
                        .allMatch(b -> sandbox()
                                        .quality()
                                        .erp()
                                        .stock(material, "CH10", "0001", b, StockType.BLOCKED)
                                        .intValue()
                                == 5));

        browser.signIn(USER, PASSWORD).open("/quality");
        browser.follow("#recalls-link");
        browser.waitFor("#recall-" + name);
        browser.follow("#recall-" + name + " a");
        browser.waitForText("#recall-name", name);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            browser.open(browser.currentPath());
            return browser.driver().findElements(By.cssSelector("#steps .step-state")).stream()
                    .allMatch(e -> "done".equals(e.getAttribute("data-state")));
        });
        List<String> targets = browser.driver().findElements(By.cssSelector("#steps .target")).stream()
                .map(e -> e.getText())
                .toList();
        assertThat(targets)
                .contains(
                        "batch V1 of material " + material,
                        "batch V2 of material " + material,
                        "batch V3 of material " + material);
        assertThat(browser.driver().findElements(By.cssSelector("#steps .step-state")))
                .hasSize(5);
        assertThat(browser.text("#steps")).contains("block in the ERP").contains("blocked because recall " + name);
        browser.screenshot("recall-01-plan");
    }
}
