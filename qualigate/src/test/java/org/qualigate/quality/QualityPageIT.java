package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;

/** The quality page in Chromium: an NC with its batch blocked in the ERP and why; the dashboard's SLA panel. */
class QualityPageIT extends InBrowserIT {

    @Verifies({"URS-QEV-124", "URS-QEV-127"})
    @Test
    void thePageShowsEachNcWithItsBatchBlockedInTheErpAndWhyAndTheDashboardItsServiceLevel() throws Exception {
        String material =
                "QGP" + Long.toString(System.nanoTime() % 10_000_000L, 36).toUpperCase();
        sandbox().quality().erp().addMaterial(material, "EA");
        sandbox().quality().erp().receive(material, "CH10", "0001", "B1", StockType.UNRESTRICTED, new BigDecimal("30"));
        String nc = "NC-" + material;
        String id = "msg_" + UUID.randomUUID();
        assertThat(NcEvents.send(
                                http,
                                port,
                                clock.instant(),
                                id,
                                NcEvents.v1("a0N" + material, nc, clock.instant(), "Opened", null, material, "B1"),
                                SECRET)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> sandbox()
                                .quality()
                                .erp()
                                .stock(material, "CH10", "0001", "B1", StockType.BLOCKED)
                                .intValue()
                        == 30);

        browser.signIn(USER, PASSWORD).open("/quality");

        browser.waitForText("#nc-" + nc, "blocked because " + nc + " was raised on");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            browser.open("/quality");
            return browser.text("#nc-" + nc + " .erp-state").equals("blocked");
        });
        assertThat(browser.text("#sla")).contains("NC raised → batch blocked in the ERP");
        browser.screenshot("quality-01-page");
        browser.open("/");
        browser.waitFor("#quality-breaches");
        browser.screenshot("quality-02-dashboard");
        assertThat(browser.text("#quality")).contains("SLA breaches (block within 5 min");
    }
}
