package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.access.InstrumentCalibrations;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.AgreedCalibration;
import org.qualigate.support.InBrowserIT;
import org.qualigate.support.PdfText;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What the pages say, read as their readers read them (decision 0099): the traceability page says a recalibrated
 * instrument with the explanation's dates, a record the QMS owns by its qualification's name, the interfaces page and
 * its control documents say the circuit breaker in words and their instants as the pages write them, a German reader
 * in Singapore reads her zone by its id, and the compliance report's hover text is in her language.
 */
class WhatThePagesSayIT extends InBrowserIT {

    private static final String TRANSMITTER = "SGP-TT-0301";
    private static final String OPERATOR_ROLE = "SGP.API-1.OPERATOR";
    private static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");
    private static final String MEI_PASSWORD = "Marina-Bay-Sands-2026!";

    @Autowired
    private InstrumentCalibrations calibrations;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private Users users;

    /** A German-speaking QA approver who reads instants in Singapore. */
    private final String mei = "mei-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    void aGermanReaderInSingapore() {
        Users.Result<UserAccount> created = users.create(
                new Users.NewUser(
                        mei,
                        "Mei Schneider",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.QA_APPROVER, Role.ADMINISTRATOR),
                        MEI_PASSWORD,
                        SINGAPORE,
                        null,
                        "de"),
                false,
                "admin");
        assertThat(created.value()).as(String.valueOf(created)).isNotNull();
    }

    @BeforeEach
    void afterEverythingTheSharedContextKnows() {
        clockAfterEverythingKnownAndTheQmsWatermark();
    }

    @Verifies("URS-UI-485")
    @Test
    void aTransmitterRecalibratedOutOfToleranceIsSaidOnTheTracePageWithTheExplanationsDates() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), SINGAPORE);
        // Given a reactor operator, the transmitter calibrated ten days ago and due in twenty
        agree(EquipmentCalibrations.Status.CALIBRATED, today.minusDays(10), today.plusDays(20));
        try {
            String operator = reactorOperator(today.minusDays(1));

            // When it is recalibrated today and found out of tolerance
            clock.advance(Duration.ofMinutes(5));
            agree(EquipmentCalibrations.Status.OUT_OF_TOLERANCE, today, today.plusDays(365));

            // Then the explanation says since when, by the recalibration's finding
            String explained = json(get("/api/v1/explain?employeeId=" + operator + "&role=" + OPERATOR_ROLE + "&at="
                            + clock.instant()))
                    .path("summary")
                    .asString();
            assertThat(explained)
                    .contains("equipment " + TRANSMITTER + " (out of calibration since " + today
                            + " (OUT_OF_TOLERANCE))");

            // and the traceability page says the same date and finding, not the replaced cycle's end as a due date
            browser.signIn(USER, PASSWORD).open("/people/" + operator + "/roles/" + OPERATOR_ROLE);
            browser.waitFor("p.summary");
            String said = "equipment " + TRANSMITTER + " (out of calibration since " + readable(today)
                    + ": Out of tolerance)";
            assertThat(browser.text("p.summary")).contains(said).doesNotContain("due");
            assertThat(browser.text("table.grid")).contains(said).doesNotContain("calibrated until");
            browser.screenshot("what-the-pages-say-01-trace-out-of-tolerance");
        } finally {
            // the first cycle found out of tolerance after all, so no later test's days are covered by it (0091)
            clock.advance(Duration.ofMinutes(1));
            agree(EquipmentCalibrations.Status.OUT_OF_TOLERANCE, today.minusDays(10), today.plusDays(20));
        }
    }

    @Verifies("URS-UI-486")
    @Test
    void aRecordTheQmsOwnsIsShownByItsQualificationsNameNotTheQmsCourseCode() {
        String operator =
                withLoto(LocalDate.ofInstant(clock.instant(), SINGAPORE).minusDays(1));

        browser.signIn(USER, PASSWORD).open("/people/" + operator);
        WebElement loto = browser.waitFor("table.qualifications").findElements(By.cssSelector("tbody tr")).stream()
                .filter(row ->
                        row.findElement(By.cssSelector("td strong")).getText().equals("LOTO"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(browser.text("table.qualifications")));
        assertThat(loto.findElement(By.cssSelector("small.name")).getText())
                .isEqualTo("Lockout/tagout safety briefing");
    }

    @Verifies("URS-UI-492")
    @Test
    void theTracePagesTableSaysWhatIsShortForAQualificationNotHeld() {
        String operator =
                withLoto(LocalDate.ofInstant(clock.instant(), SINGAPORE).minusDays(1));

        browser.signIn(USER, PASSWORD).open("/people/" + operator + "/roles/" + OPERATOR_ROLE);

        assertThat(browser.waitFor("table.grid").getText())
                .contains("GDP-DOC not held")
                .contains("REACTOR-OP not held");
    }

    @Verifies({"URS-UI-487", "URS-UI-489"})
    @Test
    void theInterfacesPageSaysTheBreakerInWordsAndTheControlDocumentsStateInstantsAsThePagesDo() {
        browser.signIn(USER, PASSWORD).open("/interfaces");
        String english = browser.waitFor("#interface-mes .state").getText();
        assertThat(english)
                .isIn(
                        "working (closed)",
                        "paused: target failing (open)",
                        "testing again (half open)",
                        "held open by hand (forced open)",
                        "working (no breaker guards it)",
                        "paused");
        browser.screenshot("what-the-pages-say-02-interfaces");

        String markdown = new String(
                browser.download(browser.find("#interface-mes a.icd-md").getAttribute("href"))
                        .body(),
                StandardCharsets.UTF_8);
        String pdf = PdfText.of(browser.download(
                                browser.find("#interface-mes a.icd-pdf").getAttribute("href"))
                        .body())
                .replaceAll("\\s+", " ");
        String instant = "\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2}:\\d{2} UTC";
        for (String document : List.of(markdown, pdf)) {
            assertThat(document)
                    .containsPattern("[Gg]enerated (by Qualigate at )?" + instant)
                    .containsPattern("Live state at " + instant)
                    .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+")
                    .doesNotContainPattern("\\dT\\d")
                    .doesNotContain("| CLOSED |");
        }
        assertThat(markdown).containsPattern("\\| Circuit breaker \\| [a-z]");

        browser.signIn(mei, MEI_PASSWORD).open("/interfaces");
        assertThat(browser.waitFor("#interface-mes .state").getText())
                .isIn(
                        "arbeitet (geschlossen)",
                        "pausiert: Ziel fällt aus (offen)",
                        "wird erneut geprüft (halb offen)",
                        "von Hand offen gehalten (erzwungen offen)",
                        "arbeitet (ohne Schutzschalter)",
                        "pausiert");
    }

    @Verifies("URS-UI-488")
    @Test
    void aGermanReaderInSingaporeReadsHerZoneByItsIdNotAsAnOffset() {
        browser.signIn(mei, MEI_PASSWORD).open("/audit");
        String page = browser.waitFor("main").getText();

        assertThat(page).contains("Asia/Singapore").doesNotContain("GMT+");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("de");
    }

    @Verifies({"URS-UI-490", "URS-UI-491"})
    @Test
    void theComplianceReportsHoverTextIsInTheReadersLanguage() {
        String operator =
                withLoto(LocalDate.ofInstant(clock.instant(), SINGAPORE).minusDays(1));

        browser.signIn(mei, MEI_PASSWORD).open("/reports?site=SGP&q=" + operator);
        List<WebElement> badges = browser.waitFor("table.compliance tbody tr").findElements(By.cssSelector(".badge"));
        assertThat(badges).isNotEmpty();
        for (WebElement badge : badges) {
            String title = badge.getAttribute("title");
            assertThat(title)
                    .as(badge.getText())
                    .doesNotContain("completed")
                    .doesNotContain("required by")
                    .doesNotContain("no record")
                    .doesNotContain("valid through")
                    .contains("verlangt für " + OPERATOR_ROLE);
            assertThat(badge.getText()).doesNotContainPattern(": (valid|missing|expiring|expired|in grace)$");
        }
        WebElement loto = badges.stream()
                .filter(b -> b.getText().startsWith("LOTO: "))
                .findFirst()
                .orElseThrow();
        assertThat(loto.getText()).isEqualTo("LOTO: gültig");
        assertThat(loto.getAttribute("title")).startsWith("abgeschlossen am ");
        browser.screenshot("what-the-pages-say-03-report-hover-de");
    }

    @Verifies({"URS-UI-503", "URS-UI-504"})
    @Test
    void theComplianceTablesMeasureAndAccessWithoutBasisAreInTheReadersLanguage() {
        String listed = newPersonWithJob("SGP", "Chemical Process Operator");
        String unlisted = newPersonWithJob("SGP", "Tea Taster");
        // the operator role held in the MES by an override, with nothing that justifies it
        assertThat(overrideForTwoHours(unlisted, OPERATOR_ROLE).statusCode()).isEqualTo(201);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> mesGroupsOf(unlisted).contains(OPERATOR_ROLE));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> !json(get("/api/v1/people/" + unlisted))
                        .path("assignments")
                        .isEmpty());

        browser.signIn(mei, MEI_PASSWORD).open("/reports?site=SGP&q=" + listed);
        WebElement row = browser.waitFor("table.compliance tbody tr");
        assertThat(row.findElement(By.cssSelector("td.basis")).getText())
                .isEqualTo("Schulungsmatrix SGP API-1: Chemical Process Operator");

        browser.open("/reports?site=SGP&q=" + unlisted);
        row = browser.waitFor("table.compliance tbody tr");
        assertThat(row.findElement(By.cssSelector("td.basis")).getText())
                .isEqualTo("gehaltene Rollen (Stelle „Tea Taster“ nicht in der Schulungsmatrix)");
        assertThat(row.findElement(By.cssSelector("td.without-basis")).getText())
                .contains(OPERATOR_ROLE + " (Notfall-Ausnahme)")
                .doesNotContain("override");
        browser.screenshot("what-the-pages-say-04-report-basis-de");
    }

    /** The transmitter's state as the two systems agree on it, recorded as a comparison would. */
    private void agree(EquipmentCalibrations.Status status, LocalDate calibrated, LocalDate due) {
        AgreedCalibration.agree(transactions, calibrations, TRANSMITTER, "SGP", status, calibrated, due);
    }

    /** A new Singapore operator trained for the reactor: four HRIS certifications and the QMS's own LOTO record. */
    private String reactorOperator(LocalDate completed) {
        String operator = withLoto(completed);
        for (String certification : List.of("WD-CERT-1002", "WD-CERT-5001", "WD-CERT-5002")) {
            assertThat(hook(certification(operator, certification)
                                    .completed(completed.toString())
                                    .json())
                            .statusCode())
                    .isEqualTo(202);
        }
        return operator;
    }

    /** A new process operator in Singapore with GMP fundamentals and the LOTO briefing the QMS recorded itself. */
    private String withLoto(LocalDate completed) {
        String operator = newPersonWithJob("SGP", "Chemical Process Operator");
        assertThat(hook(certification(operator, "WD-CERT-1001")
                                .completed(completed.toString())
                                .json())
                        .statusCode())
                .isEqualTo(202);
        ownedByTheQms(operator, "TW-CRS-0901", completed);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/people/" + operator).body().contains("TW-CRS-0901"));
        return operator;
    }

    /** A date as the pages write it in English ("d MMM yyyy"). */
    private static String readable(LocalDate date) {
        return DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).format(date);
    }
}
