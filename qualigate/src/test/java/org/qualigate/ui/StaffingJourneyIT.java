package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.notify.NoticeMailer;
import org.qualigate.staffing.StaffingAlerts;
import org.qualigate.support.InBrowserIT;
import org.qualigate.support.Rosters;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The plant manager's and the line supervisor's journey, in Chromium: Basel's PACK-3 needs three certified operators
 * on each shift; three are rostered on every night shift (22:00–06:00 Basel, 21:00–05:00 UTC in winter), and one's
 * serialisation certificate expires on 24 November, so with the grace week her role lapses at midnight Basel time
 * between 1 and 2 December, in the middle of the night shift of the 1st (which she finishes: her revocation waits for
 * the shift's end). The line supervisor gets the e-mail, the calendar shows the night of 2 December at risk, its
 * details name her and the training; the training matrix shows her certificate expiring and leads to her page.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class StaffingJourneyIT extends InBrowserIT {

    private static final String SUPERVISOR = "pack3.supervisor@pharma.example";
    private static final String AT_RISK = "BSL/PACK-3/night/2026-12-02T21:00:00Z";

    @Autowired
    StaffingAlerts alerts;

    @Autowired
    NoticeMailer mailer;

    private final Rosters rosters = new Rosters(this);

    @AfterEach
    void offTheRoster() {
        rosters.offTheRoster();
    }

    @Verifies({"URS-REP-103", "URS-REP-104"})
    @Test
    void theSupervisorIsToldAndThePlantManagerFindsTheShiftAtRiskAndWhoseCertificateLapses() {
        clock.set(START);
        List<String> crew = nightCrew();
        String lapsing = crew.getFirst();

        // the line supervisor hears of it by e-mail
        String told = "Staffing at risk: PACK-3 night shift on Wed 2 Dec 2026 has 2 of 3 BSL.PACK-3.OPERATOR";
        alerts.check("BSL");
        // the outbox may hold other tests' notices too, and the next shift's at risk as well: a poll sends a
        // batch in no promised order, so wait for this one
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    mailer.poll();
                    return SharedMailSink.subjectsTo(SUPERVISOR).contains(told);
                });
        assertThat(SharedMailSink.subjectsTo(SUPERVISOR)).contains(told);

        // the plant manager opens the forecast from the navigation and picks the line
        browser.signIn("plant-manager", PASSWORD);
        ForecastCalendarPage calendar = ForecastCalendarPage.fromNavigation(browser, "PACK-3");
        assertThat(calendar.activeLine()).startsWith("PACK-3");
        assertThat(calendar.summary()).contains("below the minimum");
        String chip = calendar.chip(AT_RISK).getText();
        assertThat(chip).contains("⚠").contains("night").contains("2/3").contains("at risk");
        // the night before: she holds the role until the revocation waits for the shift's end
        assertThat(calendar.chip("BSL/PACK-3/night/2026-12-01T21:00:00Z").getText())
                .contains("✓")
                .contains("3/3");
        browser.screenshot("50-forecast-calendar");

        String details = calendar.details(AT_RISK);
        assertThat(details)
                .contains("BSL.PACK-3.OPERATOR")
                .contains("2 of 3 rostered people will hold it")
                .contains("Test Operator " + lapsing)
                .contains("The role lapses Wed 2 Dec 2026 00:00 unless renewed")
                .contains("Serialisation and aggregation")
                .contains("PACK-SERIAL");
        browser.screenshot("51-forecast-shift-at-risk");
        calendar.openPerson(lapsing);
        assertThat(browser.currentPath()).isEqualTo("/people/" + lapsing);
        assertThat(browser.driver().getPageSource()).doesNotContain("th:").doesNotContain("${");

        // the line supervisor (reading, as an auditor does) opens the same calendar
        browser.signIn(USER, PASSWORD);
        assertThat(ForecastCalendarPage.open(browser, "BSL", "PACK-3").chipsAtRisk())
                .isNotEmpty();
    }

    @Verifies({"URS-REP-100", "URS-REP-101", "URS-REP-102"})
    @Test
    void theTrainingMatrixShowsStatesInColourAndSymbolAndLeadsToThePerson() {
        clock.set(START);
        // the early shift: a night crew here would be told about the supervisor test's shift first (once per shift)
        List<String> crew = crew("early");
        String lapsing = crew.getFirst();

        browser.signIn("plant-manager", PASSWORD);
        TrainingMatrixPage matrix = TrainingMatrixPage.fromReports(browser, "BSL", "PACK-3");
        assertThat(matrix.state(lapsing, "PACK-SERIAL")).isEqualTo("EXPIRING");
        assertThat(matrix.symbol(lapsing, "PACK-SERIAL")).isEqualTo("!");
        assertThat(matrix.state(crew.get(1), "PACK-SERIAL")).isEqualTo("VALID");
        assertThat(matrix.symbol(crew.get(1), "PACK-SERIAL")).isEqualTo("✓");
        assertThat(matrix.legend())
                .contains("✓ valid")
                .contains("! valid, expires within 30 days")
                .contains("✗ expired");
        browser.screenshot("52-training-matrix");
        matrix.openPerson(lapsing);
        assertThat(browser.currentPath()).isEqualTo("/people/" + lapsing);

        // the roles lapsing within 30, 60, 90 days per line and role, each bar with its numbers
        browser.open("/reports/expiries?site=BSL");
        String pack = browser.text("g[data-role='BSL.PACK-3.OPERATOR'] text.counts");
        assertThat(Integer.parseInt(pack.split(" · ")[0])).isGreaterThanOrEqualTo(1);
        browser.driver().executeScript("document.querySelectorAll('details.lapsing').forEach(d => d.open = true)");
        assertThat(browser.text(".line-outlook[data-line='PACK-3']")).contains(lapsing);
        browser.screenshot("53-expiries");

        // a reconciliation run's counts as bars with their numbers
        HttpResponse<String> run = postAs("qa-approver", "/api/v1/qms/reconciliations?site=BSL", "{}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
        browser.open("/qms/reconciliations/" + json(run).get("id").asString());
        browser.waitFor("#reconciliation-chart svg");
        String matched = browser.text("#reconciliation-chart g[data-kind='hrisLedger/matched'] text:last-of-type");
        assertThat(Long.parseLong(matched))
                .isEqualTo(json(run).get("counts").get("hrisVsLedgerMatched").asLong());
        browser.screenshot("54-reconciliation-chart");
    }

    /**
     * Three new PACK-3 operators at Basel on the night shift every night from 20 November; the first one's
     * serialisation certificate expires on 24 November (site calendar day), the others' in two years.
     */
    private List<String> nightCrew() {
        return crew("night");
    }

    private List<String> crew(String shift) {
        return rosters.aCrewOf(3)
                .at("BSL", "PACK-3", shift)
                .holding("WD-CERT-1001", "WD-CERT-1002")
                .lapsing("WD-CERT-3010", "2026-11-24")
                .rostered();
    }
}
