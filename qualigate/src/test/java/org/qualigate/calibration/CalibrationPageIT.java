package org.qualigate.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calibration conflict pages in Chromium: a balance found out of tolerance in Maximo while the QMS still says
 * calibrated; QA compares both versions, is refused without a choice, a reason or the right password, then signs
 * that the QMS is right, and sees Maximo corrected.
 */
class CalibrationPageIT extends InBrowserIT {

    private static final String QA = "qa-approver";

    @Autowired
    private CalibrationCorrections corrections;

    @Verifies({"URS-QEV-206", "URS-QEV-207", "URS-UI-413"})
    @Test
    void qaComparesBothVersionsSignsWhichIsRightAndSeesTheOtherCorrected() throws Exception {
        String asset =
                "BSL-PC-" + Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase();
        LocalDate last =
                LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Zurich")).minusDays(30);
        sandbox()
                .quality()
                .maximo()
                .putAsset(
                        asset,
                        "BSL",
                        "particle counter",
                        "BSL-FILL-1",
                        "INSTRUMENT",
                        "BROKEN",
                        last.plusDays(365),
                        last,
                        "FAIL");
        ObjectNode record = (ObjectNode) JSON.createObjectNode();
        record.put(QualityObject.EXTERNAL_ID, asset);
        record.put(QualityObject.SITE, "BSL");
        record.put(QualityObject.LAST_CALIBRATION, last.toString());
        record.put(QualityObject.CALIBRATION_DUE, last.plusDays(365).toString());
        record.put(QualityObject.CALIBRATION_STATUS, "Calibrated");
        sandbox().quality().records().create(QualityObject.EQUIPMENT, record);
        assertThat(postAs(QA, "/api/v1/calibration/comparisons", "{}").statusCode())
                .isEqualTo(201);
        String id = json(get("/api/v1/calibration/conflicts"))
                .path("conflicts")
                .valueStream()
                .filter(c -> c.path("assetNumber").asString().equals(asset))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();

        browser.signIn(QA, PASSWORD).open("/calibration/conflicts");
        assertThat(browser.text("#c-" + id))
                .contains(asset)
                .contains("OUT_OF_TOLERANCE")
                .contains("CALIBRATED");
        browser.screenshot("calibration-01-conflicts");

        browser.follow("#c-" + id + " a.open-conflict");
        browser.waitFor("#resolve-form");
        assertThat(browser.text("#maintenance-version"))
                .contains("Out of tolerance")
                .contains("BROKEN/FAIL");
        assertThat(browser.text("#qms-version")).contains("Calibrated");
        browser.submit("#resolve-form button");
        assertThat(browser.text("#resolve-form"))
                .contains("Choose which system is right")
                .contains("at least 10");
        browser.click("input[name=resolution][value=KEEP_QMS]")
                .type("#reason", "the as-found reading was mistyped; certificate CAL-2026-0412 shows a pass")
                .type("#userId", QA)
                .type("#password", "not-my-password")
                .submit("#resolve-form button");
        assertThat(browser.text("#resolve-form .error")).contains("Signature refused");
        browser.type("#userId", QA).type("#password", PASSWORD).submit("#resolve-form button");
        assertThat(browser.text(".notice")).contains("resolved").contains("signed by " + QA);
        assertThat(browser.text("#correction")).contains("Waiting to be applied");
        assertThat(browser.text(".signature")).contains("(" + QA + ") signed as");
        // the signer's zone is named once: "… 14:03:27 UTC", or "… 15:03:27 CET (Europe/Zurich)"
        assertThat(browser.text(".signature .signed-by"))
                .matches("(?s).* on \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}:\\d{2} (UTC|\\S+ \\([\\w/+-]+\\))");
        browser.screenshot("calibration-02-resolved-and-signed");

        corrections.applyDue();
        browser.open("/calibration/conflicts/" + id);
        assertThat(browser.text("#correction")).contains("Applied");
        assertThat(sandbox().quality().maximo().asset(asset).orElseThrow().status())
                .isEqualTo("OPERATING");
        JsonNode after = json(get("/api/v1/calibration/conflicts/" + id));
        assertThat(after.path("correction").asString()).isEqualTo("APPLIED");
        browser.screenshot("calibration-03-corrected");
    }
}
