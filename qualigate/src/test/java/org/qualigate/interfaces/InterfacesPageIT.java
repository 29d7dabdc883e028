package org.qualigate.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.qualigate.support.InBrowserIT;
import org.qualigate.support.PdfText;
import org.qualigate.validation.Verifies;

/**
 * The interfaces page in Chromium: reached from the navigation, one row per interface with its live state (the MES
 * target's backlog and dead letters from delivery, the ERP's service-level breaches, the task tool's queue), and each
 * row's control document downloadable as PDF with the page's own session.
 */
class InterfacesPageIT extends InBrowserIT {

    @Verifies("URS-QEV-288")
    @Test
    void theInterfacesPageShowsEachInterfacesLiveStateAndLinksItsControlDocument() {
        browser.signIn(USER, PASSWORD).open("/");
        browser.follow("nav.main a[href='/interfaces']");
        browser.waitFor("#interface-mes");

        assertThat(browser.text("#interface-mes")).contains("MES roles in mes (scim)");
        assertThat(browser.text("#interface-mes .backlog")).matches("\\d+");
        assertThat(browser.text("#interface-mes .dead-letters")).matches("\\d+");
        assertThat(browser.text("#interface-erp-blocking .breaches")).matches("\\d+");
        assertThat(browser.text("#interface-task-tool .backlog")).matches("\\d+");
        assertThat(browser.text("#interface-hris-directory .backlog")).isEqualTo("—");
        assertThat(browser.text("#interface-task-tool .state")).isIn("active", "paused");

        String href = browser.find("#interface-mes a.icd-pdf").getAttribute("href");
        HttpResponse<byte[]> pdf = browser.download(href);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(PdfText.of(pdf.body())).contains("Interface control document: MES roles in mes");
        browser.screenshot("interfaces-01-list");
    }
}
