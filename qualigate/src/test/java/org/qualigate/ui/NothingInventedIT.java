package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an inspector walking a freshly started plant reads must not be invented: a compliance report asked for an
 * instant before Qualigate's records begin shows no findings (it says when the records begin and offers the instant
 * as known now), the dashboard's compliance chart has no point for a day before them, and each HRIS interface counts
 * only the records of its own source.
 */
class NothingInventedIT extends InBrowserIT {

    private static final DateTimeFormatter CHART_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    @Autowired
    private JdbcClient jdbc;

    @Verifies("URS-UI-410")
    @Test
    void aComplianceReportBeforeTheRecordsBeginShowsNoFindingsAndOffersTheInstantAsKnownNow() {
        assertThat(firstRecord()).isAfter(Instant.parse("2001-01-02T00:00:00Z"));
        newPerson("BSL");

        browser.signIn(USER, PASSWORD).open("/reports?site=BSL&at=2001-01-01");
        assertThat(browser.text("#before-records"))
                .contains("Qualigate knew nothing about BSL at end of the site's day 1 Jan 2001")
                .contains("its records begin on");
        assertThat(browser.has("table.compliance")).isFalse();
        assertThat(browser.has("#compliance-csv")).isFalse();
        assertThat(browser.download("/reports/compliance?site=BSL&at=2001-01-01&format=csv")
                        .statusCode())
                .isEqualTo(409);
        browser.screenshot("nothing-invented-01-report-before-records");

        browser.follow("#known-now");
        browser.waitFor("table.compliance");
        assertThat(browser.has("#before-records")).isFalse();
        assertThat(browser.text("#report-instant")).contains("1 Jan 2001");
        assertThat(browser.text("#report-known-at"))
                .doesNotContain("2001")
                .contains(String.valueOf(
                        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).getYear()));
        String csv = browser.find("#compliance-csv").getAttribute("href");
        assertThat(csv).contains("known=now");
        assertThat(browser.download(csv).statusCode()).isEqualTo(200);
        browser.screenshot("nothing-invented-02-report-as-known-now");
    }

    @Verifies("URS-UI-411")
    @Test
    void theComplianceChartHasNoPointForADayBeforeTheRecordsBegin() {
        Instant first = firstRecord();
        LocalDate firstDay = LocalDate.ofInstant(first, ZoneOffset.UTC);
        clock.set(first.plus(Duration.ofDays(3)));

        browser.signIn(USER, PASSWORD).open("/");
        await().atMost(Duration.ofSeconds(90)).until(() -> browser.has("svg.chart circle"));
        assertThat(browser.text("#chart-records-begin")).contains("records begin on");
        @SuppressWarnings("unchecked")
        List<String> titles = (List<String>) browser.driver()
                .executeScript(
                        "return [...document.querySelectorAll('svg.chart circle title')]" + ".map(t => t.textContent)");
        Map<String, List<LocalDate>> days = titles.stream()
                .collect(Collectors.groupingBy(
                        t -> t.substring(0, t.indexOf(' ')),
                        Collectors.mapping(
                                t -> LocalDate.parse(t.substring(t.indexOf(' ') + 1, t.indexOf(':')), CHART_DAY),
                                Collectors.toList())));
        assertThat(days).containsKeys("BSL", "IND", "SGP");
        days.forEach((site, dates) -> {
            // the three day starts after the first record, and now
            assertThat(dates).as(site).hasSize(4).allSatisfy(d -> assertThat(d).isAfter(firstDay));
        });
        browser.screenshot("nothing-invented-03-chart-from-the-first-record");
    }

    @Verifies("URS-UI-412")
    @Test
    void anHrisInterfaceCountsOnlyTheRecordsOfItsOwnSource() {
        // an hour of our own: nothing other tests recorded falls within the interfaces' last hour
        clock.set(lastRecord().plus(Duration.ofHours(2)));
        List<String> people = newPeople("BSL", 3);
        assertThat(hook(certification(people.getFirst(), "WD-CERT-1001").json()).statusCode())
                .isEqualTo(202);

        browser.signIn(USER, PASSWORD).open("/interfaces");
        // one record came by the HRIS webhook; the directory read three people
        assertThat(handled("hook-hris")).isEqualTo(1);
        assertThat(handled("hris-directory")).isGreaterThanOrEqualTo(3);
        browser.screenshot("nothing-invented-04-interfaces");
    }

    private long handled(String iface) {
        return Long.parseLong(browser.text("#interface-" + iface + " td.handled"));
    }

    private Instant firstRecord() {
        return audited("SELECT occurred_at FROM audit_event ORDER BY seq LIMIT 1");
    }

    private Instant lastRecord() {
        return audited("SELECT max(occurred_at) FROM audit_event");
    }

    /** An instant the audit trail holds, read once every committed entry is sealed. */
    private Instant audited(String select) {
        sealAuditTrail();
        return jdbc.sql(select).query(java.sql.Timestamp.class).single().toInstant();
    }
}
