package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.report.MonthlyReports;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * One certificate, one date: at Basel, Indianapolis and Singapore a record completed on a day whose local midnight
 * lies near midnight UTC reads the same calendar date on the person page, the traceability page, the person API,
 * the compliance report (JSON and CSV) and the monthly report's PDF (its text extracted). The same holds for a
 * completion the HR system sent as an instant half an hour before midnight UTC (its day at the site), and for the
 * expiry date ("valid through …, end of day" in the site's zone). The Reports page answers for the site's day.
 */
class OneDateEverywhereIT extends InBrowserIT {

    private static final DateTimeFormatter PAGE_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final Map<String, String> ZONES =
            Map.of("BSL", "Europe/Zurich", "IND", "America/Indiana/Indianapolis", "SGP", "Asia/Singapore");

    /** GMP-BASIC's completion, a date: its local midnight is 23:00 (BSL), 05:00 (IND), 16:00 (SGP) UTC. */
    private static final String COMPLETED = "2026-11-12";
    /** GMP-BASIC's expiry, a date: valid through the end of that day at the site. */
    private static final String EXPIRES = "2027-03-09";
    /** BATCH-REVIEW's completion, an instant 30 minutes before midnight UTC: 13 Nov at BSL and SGP, 12 Nov at IND. */
    private static final String COMPLETED_INSTANT = "2026-11-12T23:30:00Z";

    @Autowired
    MonthlyReports monthly;

    private final Map<String, String> people = new LinkedHashMap<>();
    private final Map<String, String> records = new LinkedHashMap<>();

    @BeforeAll
    void certifyOnePersonAtEachSite() {
        clock.set(START);
        for (String site : ZONES.keySet()) {
            String p = newPerson(site);
            people.put(site, p);
            Event gmp = certification(p, "WD-CERT-1001").completed(COMPLETED).expiring(EXPIRES);
            records.put(site, gmp.sourceRecordId());
            assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);
            assertThat(hook(certification(p, "WD-CERT-1002").json()).statusCode())
                    .isEqualTo(202);
            assertThat(hook(certification(p, "WD-CERT-6001")
                                    .completed(COMPLETED_INSTANT)
                                    .expiring("2028-11-12")
                                    .json())
                            .statusCode())
                    .isEqualTo(202);
        }
        for (String site : ZONES.keySet()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mesGroupsOf(people.get(site)).contains(site + ".QA.BATCH_REVIEWER"));
        }
        browser.signIn(USER, PASSWORD);
    }

    @Verifies({"URS-DI-060", "URS-DI-003"})
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BSL", "IND", "SGP"})
    void theSameCertificateShowsTheSameCalendarDateOnEveryPageReportAndApi(String site) {
        String person = people.get(site);
        String zone = ZONES.get(site);
        LocalDate completed = LocalDate.parse(COMPLETED);
        LocalDate expires = LocalDate.parse(EXPIRES);
        // the instant's day at the site: 13 Nov east of Greenwich, 12 Nov at Indianapolis
        LocalDate instantDay = LocalDate.ofInstant(Instant.parse(COMPLETED_INSTANT), java.time.ZoneId.of(zone));
        assertThat(instantDay).isEqualTo(site.equals("IND") ? "2026-11-12" : "2026-11-13");

        // the person page
        browser.open("/people/" + person);
        Map<String, List<String>> rows = qualificationRows();
        assertThat(day(rows.get("GMP-BASIC").get(0))).isEqualTo(completed);
        assertThat(rows.get("GMP-BASIC").get(1)).isEqualTo("valid through 9 Mar 2027, end of day " + zone);
        assertThat(day(rows.get("BATCH-REVIEW").get(0))).isEqualTo(instantDay);
        browser.screenshot("date-" + site + "-person");

        // the traceability page: the grant's sentence and the evidence table
        browser.open("/people/" + person + "/roles/" + site + ".QA.BATCH_REVIEWER");
        String sentence = browser.text("ol.stories li.granted .sentence");
        assertThat(completedIn(sentence, "GMP-BASIC")).isEqualTo(completed);
        assertThat(completedIn(sentence, "BATCH-REVIEW")).isEqualTo(instantDay);
        assertThat(sentence).contains("valid through 9 Mar 2027, end of day " + zone);
        assertThat(sentence).containsPattern(" on \\d{1,2} \\w{3} 2026 \\d{2}:\\d{2} " + Pattern.quote(zone) + " \\(");
        String evidence = browser.text("table.grid tbody");
        assertThat(evidence)
                .contains("hris/" + records.get(site) + ": completed " + PAGE_DAY.format(completed)
                        + ", valid through 9 Mar 2027, end of day " + zone);
        browser.screenshot("date-" + site + "-trace");

        // the person API: the instant, its calendar day at the site and the source's text
        JsonNode gmp = qualification(json(get("/api/v1/people/" + person)).get("qualifications"), "GMP-BASIC");
        assertThat(gmp.get("completedOn").asString()).isEqualTo(COMPLETED);
        assertThat(gmp.get("completedOriginal").asString()).isEqualTo(COMPLETED);
        assertThat(gmp.get("expiresOn").asString()).isEqualTo(EXPIRES);
        assertThat(gmp.get("zone").asString()).isEqualTo(zone);
        assertThat(Instant.parse(gmp.get("completedAt").asString()))
                .isEqualTo(completed.atStartOfDay(java.time.ZoneId.of(zone)).toInstant());
        JsonNode review = qualification(json(get("/api/v1/people/" + person)).get("qualifications"), "BATCH-REVIEW");
        assertThat(review.get("completedOn").asString()).isEqualTo(instantDay.toString());

        // the compliance report, JSON and CSV
        JsonNode line = line(json(get("/api/v1/reports/compliance?site=" + site)), person);
        JsonNode gmpState = qualification(line.get("qualifications"), "GMP-BASIC");
        assertThat(gmpState.get("completedOn").asString()).isEqualTo(COMPLETED);
        assertThat(gmpState.get("expiresOn").asString()).isEqualTo(EXPIRES);
        assertThat(qualification(line.get("qualifications"), "BATCH-REVIEW")
                        .get("completedOn")
                        .asString())
                .isEqualTo(instantDay.toString());
        List<Map<String, String>> csv =
                csv(getCsv("/api/v1/reports/compliance?site=" + site).body());
        Map<String, String> gmpCsv = csv.stream()
                .filter(r -> r.get("employee_id").equals(person)
                        && r.get("qualification").equals("GMP-BASIC"))
                .findFirst()
                .orElseThrow();
        assertThat(gmpCsv.get("completed_on")).isEqualTo(COMPLETED);
        assertThat(gmpCsv.get("expires_on")).isEqualTo(EXPIRES);
        assertThat(gmpCsv.get("zone")).isEqualTo(zone);

        // the monthly report: the CSV's completion day and the PDF's text
        MonthlyReports.Stored stored = monthly.generate(YearMonth.of(2026, 11), "user:" + USER);
        String monthlyCsv = new String(monthly.file(stored.id(), "csv").orElseThrow(), StandardCharsets.UTF_8);
        // completed_on is the last column; the quoted "why" before it may hold commas
        assertThat(monthlyCsv.lines().findFirst().orElseThrow()).endsWith(",why,completed_on");
        assertThat(monthlyCsv
                        .lines()
                        .filter(l -> l.contains("," + person + ",") && l.contains(",GMP-BASIC (level 1),")))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith("," + COMPLETED));
        byte[] pdfBytes = monthly.file(stored.id(), "pdf").orElseThrow();
        save("date-" + site + "-monthly-report.pdf", pdfBytes);
        String pdf = org.qualigate.support.PdfText.of(pdfBytes);
        assertThat(completedInPdf(pdf, "hris/" + records.get(site))).isEqualTo(completed);
    }

    @Verifies("URS-REP-061")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BSL", "IND", "SGP"})
    void theReportsPageAnswersForTheSitesDayAndSaysWhichInstant(String site) {
        String zone = ZONES.get(site);
        java.time.ZoneId zoneId = java.time.ZoneId.of(zone);
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), zoneId).minusDays(1);
        // as known now: yesterday may lie before the first audit entry of this database, and a report as known then
        // of an instant before the records begin shows no findings (URS-UI-410)
        browser.open("/reports?site=" + site + "&at=" + yesterday + "&known=now");
        String said = browser.text("#report-instant");
        Instant endOfDay =
                yesterday.plusDays(1).atStartOfDay(zoneId).toInstant().minusMillis(1);
        assertThat(said)
                .contains("end of the site's day " + PAGE_DAY.format(yesterday) + " (" + zone + "): "
                        + PAGE_DAY.format(yesterday) + ", 23:59:59 ")
                .contains(DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ENGLISH)
                                .format(endOfDay.atZone(ZoneOffset.UTC))
                        + " UTC");
        browser.screenshot("date-" + site + "-report-end-of-day");

        browser.open("/reports?site=" + site + "&at=" + yesterday + "&time=06:30&known=now");
        Instant morning = yesterday.atTime(6, 30).atZone(zoneId).toInstant();
        assertThat(browser.text("#report-instant"))
                .contains(PAGE_DAY.format(yesterday) + ", 06:30:00 ")
                .contains("(" + zone + ")")
                .contains(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH)
                                .format(morning.atZone(ZoneOffset.UTC)) + " UTC");
        // the downloads carry the same day and time, and say the instant again
        JsonNode download =
                JSON.readTree(browser.download(browser.find("#compliance-json").getAttribute("href"))
                        .body());
        assertThat(Instant.parse(download.get("at").asString())).isEqualTo(morning);
        assertThat(download.get("zone").asString()).isEqualTo(zone);

        // the API takes the site's day and time too, and refuses a day still ahead there
        JsonNode api = json(get("/api/v1/reports/compliance?site=" + site + "&day=" + yesterday + "&time=06:30"));
        assertThat(Instant.parse(api.get("at").asString())).isEqualTo(morning);
        assertThat(api.get("atSite").asString()).startsWith(yesterday + "T06:30");
        HttpResponse<String> ahead = get("/api/v1/reports/compliance?site=" + site + "&day=" + yesterday.plusDays(3));
        assertThat(ahead.statusCode()).isEqualTo(400);
        assertThat(ahead.body()).contains("day").contains("lies in the future at " + site);

        browser.open("/reports?site=" + site + "&at=" + yesterday.plusDays(3));
        assertThat(browser.text("#compliance-form .error")).contains("That lies ahead at " + site);
    }

    /** The person page's qualification rows: code → [completed, validity]. */
    private Map<String, List<String>> qualificationRows() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (WebElement tr : browser.driver().findElements(By.cssSelector("table.qualifications tbody tr"))) {
            rows.put(
                    tr.findElement(By.cssSelector("td strong")).getText(),
                    List.of(
                            tr.findElement(By.cssSelector("td.completed")).getText(),
                            tr.findElement(By.cssSelector("td.validity")).getText()));
        }
        return rows;
    }

    private static LocalDate day(String text) {
        return LocalDate.parse(text.strip(), PAGE_DAY);
    }

    /** "certification CODE (level 1) “name” was completed on 12 Nov 2026" → that day. */
    private static LocalDate completedIn(String sentence, String code) {
        Matcher m = Pattern.compile(
                        "certification " + Pattern.quote(code) + " .*? was completed on (\\d{1,2} \\w{3} \\d{4})")
                .matcher(sentence);
        assertThat(m.find()).as("completion of " + code + " in: " + sentence).isTrue();
        return day(m.group(1));
    }

    /** In the PDF's text, the completion printed on the row of an HR record (the cell just before it). */
    private static LocalDate completedInPdf(String text, String hrRecord) {
        String flat = text.replaceAll("\\s+", " ");
        // the extracted cells of a row follow each other, without a space between them
        Matcher m = Pattern.compile("(\\d{1,2} \\w{3} \\d{4}) ?" + Pattern.quote(hrRecord))
                .matcher(flat);
        assertThat(m.find())
                .as("a completion beside " + hrRecord + " in the PDF")
                .isTrue();
        return day(m.group(1));
    }

    private static void save(String name, byte[] bytes) {
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
            java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots", name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode qualification(JsonNode qualifications, String code) {
        for (JsonNode q : qualifications) {
            if (q.get("code").asString().equals(code)) {
                return q;
            }
        }
        throw new AssertionError("no " + code + " in " + qualifications);
    }

    private static JsonNode line(JsonNode report, String person) {
        for (JsonNode p : report.get("people")) {
            if (p.get("employeeId").asString().equals(person)) {
                return p;
            }
        }
        throw new AssertionError("no line for " + person);
    }

    /** The report's CSV as name → value rows (its cells here hold no comma, quote or line break). */
    private static List<Map<String, String>> csv(String text) {
        List<String> lines = text.lines().toList();
        String[] header = lines.getFirst().split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
