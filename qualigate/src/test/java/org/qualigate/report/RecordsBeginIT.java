package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.InBrowserIT;
import org.qualigate.support.PdfText;
import org.qualigate.support.Zips;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every answer about a past instant says when Qualigate's records begin — the instant of the audit trail's first
 * entry — and whether the instant it is known at lies before them (decision 0095): the compliance report (JSON and
 * CSV), the role holders (JSON, the page and the inspection pack's PDF, CSV and manifest), a person's access, the
 * explanation of a role, the monthly report of a month that ended before them, and the person and trace pages as of
 * such an instant. The first entry is read from the database, not from the service.
 */
class RecordsBeginIT extends InBrowserIT {

    private static final String BEFORE = "2001-01-01T00:00:00Z";
    private static final String ROLE = "BSL.PACK-3.OPERATOR";
    private static final String GERMAN_PASSWORD = "Basel-am-Rhein-2026!";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private Users users;

    @Autowired
    private MonthlyReports monthly;

    @Verifies({"URS-REP-460", "URS-REP-461", "URS-REP-462", "URS-REP-466"})
    @Test
    void theApiAnswersOfAnInstantBeforeTheRecordsBeginSayWhenTheyBeginAndThatNothingWasKnownThen() {
        String person = newPerson("BSL");
        Instant first = firstRecord();

        JsonNode compliance = json(get("/api/v1/reports/compliance?site=BSL&at=" + BEFORE));
        JsonNode holders = json(get("/api/v1/roles/" + ROLE + "/holders?at=" + BEFORE));
        JsonNode access = json(get("/api/v1/people/" + person + "/access?at=" + BEFORE));
        JsonNode explain = json(get("/api/v1/explain?employeeId=" + person + "&role=" + ROLE + "&at=" + BEFORE));
        for (JsonNode answer : List.of(compliance, holders, access, explain)) {
            assertThat(Instant.parse(answer.get("recordsBegin").asString())).isEqualTo(first);
            assertThat(answer.get("beforeRecordsBegin").asBoolean()).isTrue();
            assertThat(answer.get("targetsHeldUnknown").asBoolean()).isTrue();
        }

        // the CSV states it on every line, beside the instant it answers for
        List<String> csv = getCsv("/api/v1/reports/compliance?site=BSL&at=" + BEFORE)
                .body()
                .lines()
                .toList();
        assertThat(csv.getFirst())
                .endsWith(",known_at,measured_against,required_by,records_begin,before_records_begin,"
                        + "targets_held_unknown");
        assertThat(csv.stream().skip(1).filter(l -> l.contains("," + person + ",")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).endsWith("," + first + ",true,true"));
    }

    @Verifies({"URS-REP-460", "URS-REP-461", "URS-REP-462"})
    @Test
    void anInstantAfterTheRecordsBeginIsAnsweredAsKnownWithTheirBeginning() {
        String person = newPerson("BSL");
        Instant first = firstRecord();
        Instant after = first.plusSeconds(1);
        if (clock.instant().isBefore(after.plus(Duration.ofMinutes(1)))) {
            clock.set(after.plus(Duration.ofMinutes(1)));
        }

        String at = "at=" + after + "&knownAt=" + after;
        eachPastInstantAnswerSays(person, at, first, false);
        List<String> csv = getCsv("/api/v1/reports/compliance?site=BSL&" + at)
                .body()
                .lines()
                .toList();
        assertThat(csv.stream().skip(1))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).endsWith("," + first + ",false,false"));
    }

    @Verifies("URS-REP-463")
    @Test
    void theInspectionPackOfAnInstantBeforeTheRecordsBeginSaysSoInItsPdfCsvAndSignedManifest() {
        Instant first = firstRecord();
        HttpResponse<byte[]> response = pack("at=" + BEFORE);
        Map<String, byte[]> parts = Zips.files(response.body());

        JsonNode manifest = JSON.readTree(parts.get("manifest.json"));
        assertThat(Instant.parse(manifest.get("recordsBegin").asString())).isEqualTo(first);
        assertThat(manifest.get("beforeRecordsBegin").asBoolean()).isTrue();
        String pdf = PdfText.of(parts.get("holders.pdf")).replaceAll("\\s+", " ");
        assertThat(pdf)
                .contains("Records begin")
                .contains("Qualigate's records begin")
                .contains("Nothing was known at the instant asked: the findings below are not evidence of what was "
                        + "held or missing.");
        assertThat(new String(parts.get("holders.csv"), StandardCharsets.UTF_8)
                        .lines()
                        .findFirst())
                .hasValueSatisfying(
                        h -> assertThat(h).endsWith(",records_begin,before_records_begin,targets_held_unknown"));
        // the export's audit entry, which holds the manifest's SHA-256, records the fact too
        sealAuditTrail();
        assertThat(jdbc.sql("SELECT new_value ->> 'beforeRecordsBegin' FROM audit_event "
                                + "WHERE entity_type = 'inspection-pack' AND entity_id = ?")
                        .param(response.headers()
                                .firstValue("X-Inspection-Pack")
                                .orElseThrow())
                        .query(String.class)
                        .single())
                .isEqualTo("true");
    }

    @Verifies("URS-REP-464")
    @Test
    void aMonthlyReportOfAMonthBeforeTheRecordsBeginSaysNothingIsKnownOfItNotNoChanges() {
        Instant first = firstRecord();
        MonthlyReports.Stored stored = monthly.generate(YearMonth.of(2001, 1), "user:" + USER);
        String pdf = PdfText.of(monthly.file(stored.id(), "pdf").orElseThrow()).replaceAll("\\s+", " ");

        assertThat(stored.roleChanges()).isZero();
        assertThat(pdf)
                .doesNotContain("0 granted, 0 revoked")
                .contains("none known: Qualigate's records begin " + MonthlyReportFiles.MINUTE.format(first)
                        + ", after this month ended")
                .contains("is not evidence that no role was granted or revoked");
    }

    @Verifies({"URS-UI-467", "URS-UI-468"})
    @Test
    void theRoleHoldersAndPersonPagesOfAnInstantBeforeTheRecordsBeginSaySoInTheReadersLanguage() {
        String person = newPerson("BSL");
        browser.signIn(USER, PASSWORD).open("/roles/" + ROLE + "?at=" + BEFORE);
        assertThat(browser.text("#before-records"))
                .contains("Qualigate's records begin")
                .contains("Nothing was known at the instant asked");
        browser.screenshot("records-begin-01-role-holders-before");
        browser.follow("#known-now");
        assertThat(browser.has("#before-records")).isFalse();

        browser.open("/people/" + person + "?asOf=" + BEFORE);
        assertThat(browser.text("#as-of-before-records")).contains("Qualigate's records begin");
        browser.open("/people/" + person + "/roles/" + ROLE + "?asOf=" + BEFORE);
        assertThat(browser.text("#as-of-before-records")).contains("Nothing was known at the instant asked");
        browser.open("/people/" + person);
        assertThat(browser.has("#as-of-before-records")).isFalse();

        browser.signIn(aGermanReader(), GERMAN_PASSWORD).open("/roles/" + ROLE + "?at=" + BEFORE);
        assertThat(browser.text("#before-records"))
                .contains("Die Aufzeichnungen von Qualigate beginnen am")
                .contains("Zum gefragten Zeitpunkt war nichts bekannt");
        browser.screenshot("records-begin-02-role-holders-before-de");
        browser.open("/people/" + person + "?asOf=" + BEFORE);
        assertThat(browser.text("#as-of-before-records")).contains("Die Aufzeichnungen von Qualigate beginnen am");
    }

    @Verifies({"URS-REP-507", "URS-REP-509"})
    @Test
    void anInstantBeforeTheRecordsBeginAskedAsKnownNowSaysThatWhatTheTargetsHeldThenIsNotKnown() {
        String person = newPerson("BSL");
        Instant first = firstRecord();
        String at = "at=" + BEFORE + "&knownAt=" + clock.instant();

        // known now, the qualifications of that instant are known; what the targets held then is not
        eachPastInstantAnswerSays(person, at, first, true);
        assertThat(getCsv("/api/v1/reports/compliance?site=BSL&" + at)
                        .body()
                        .lines()
                        .skip(1)
                        .filter(l -> l.contains("," + person + ",")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).endsWith("," + first + ",false,true"));

        Map<String, byte[]> parts = Zips.files(pack(at).body());
        JsonNode manifest = JSON.readTree(parts.get("manifest.json"));
        assertThat(manifest.get("beforeRecordsBegin").asBoolean()).isFalse();
        assertThat(manifest.get("targetsHeldUnknown").asBoolean()).isTrue();
        String pdf = PdfText.of(parts.get("holders.pdf")).replaceAll("\\s+", " ");
        assertThat(pdf)
                .contains("held in a target; what the targets held at the instant asked is not known: Qualigate's "
                        + "records of them begin")
                .doesNotContain("Nothing was known at the instant asked");
        assertThat(new String(parts.get("holders.csv"), StandardCharsets.UTF_8)
                        .lines()
                        .findFirst())
                .hasValueSatisfying(h -> assertThat(h).endsWith(",before_records_begin,targets_held_unknown"));
    }

    @Verifies("URS-REP-508")
    @Test
    void thePagesOfAnInstantBeforeTheRecordsBeginAsKnownNowSayWhatTheTargetsHeldThenIsNotKnownAndAfterItDoNot() {
        String person = newPerson("BSL");
        browser.signIn(USER, PASSWORD).open("/roles/" + ROLE + "?at=" + BEFORE + "&known=now");
        assertThat(browser.has("#before-records")).isFalse();
        assertThat(browser.text("#targets-unknown"))
                .contains("What the MES held at that instant is not known")
                .contains("is evidence of who held the role there");
        // no record completed before 2001: nobody is known to have held it, which is not "nobody held it"
        assertThat(browser.text("#nobody")).contains("Nobody is known to have held this role at that instant");
        browser.screenshot("records-begin-03-role-holders-known-now");
        browser.open("/reports?site=BSL&at=2001-01-01&known=now");
        assertThat(browser.has("#before-records")).isFalse();
        assertThat(browser.text("#targets-unknown"))
                .contains("What the targets held at that instant is not known")
                .contains("is not evidence that there was none");
        browser.open("/people/" + person + "?asOf=" + BEFORE);
        assertThat(browser.text("#as-of-targets-unknown")).contains("What the targets held then is not known");

        // an instant after the records begin carries no such claim
        Instant after = firstRecord().plusSeconds(1);
        if (clock.instant().isBefore(after.plus(Duration.ofMinutes(1)))) {
            clock.set(after.plus(Duration.ofMinutes(1)));
        }
        browser.open("/roles/" + ROLE + "?at=" + after + "&known=now");
        assertThat(browser.has("#holders-form")).isTrue();
        assertThat(browser.has("#targets-unknown")).isFalse();
        browser.open("/people/" + person + "?asOf=" + after);
        assertThat(browser.has("#as-of-notice")).isTrue();
        assertThat(browser.has("#as-of-targets-unknown")).isFalse();

        browser.signIn(aGermanReader(), GERMAN_PASSWORD).open("/roles/" + ROLE + "?at=" + BEFORE + "&known=now");
        assertThat(browser.text("#targets-unknown"))
                .contains("Was das MES zu diesem Zeitpunkt hielt, ist nicht bekannt");
        browser.open("/reports?site=BSL&at=2001-01-01&known=now");
        assertThat(browser.text("#targets-unknown"))
                .contains("Was die Zielsysteme zu diesem Zeitpunkt hielten, ist nicht bekannt");
        browser.open("/people/" + person + "?asOf=" + BEFORE);
        assertThat(browser.text("#as-of-targets-unknown")).contains("Was die Zielsysteme damals hielten");
    }

    /** The API's answers of a past instant (the query's {@code at} and {@code knownAt}) that report target holdings. */
    /**
     * Every past-instant answer for the query names when the records begin, says the instant asked about is not
     * before them, and says whether what the targets held then is unknown.
     */
    private void eachPastInstantAnswerSays(String person, String at, Instant first, boolean targetsHeldUnknown) {
        for (String path : pastInstantAnswers(person, at)) {
            JsonNode answer = json(get(path));
            assertThat(Instant.parse(answer.get("recordsBegin").asString()))
                    .as(path)
                    .isEqualTo(first);
            assertThat(answer.get("beforeRecordsBegin").asBoolean()).as(path).isFalse();
            assertThat(answer.get("targetsHeldUnknown").asBoolean()).as(path).isEqualTo(targetsHeldUnknown);
        }
    }

    private static List<String> pastInstantAnswers(String person, String at) {
        return List.of(
                "/api/v1/reports/compliance?site=BSL&" + at,
                "/api/v1/roles/" + ROLE + "/holders?" + at,
                "/api/v1/people/" + person + "/access?" + at,
                "/api/v1/explain?employeeId=" + person + "&role=" + ROLE + "&" + at);
    }

    /** A new auditor who reads the pages in German; their password is {@link #GERMAN_PASSWORD}. */
    private String aGermanReader() {
        String leser = "leser-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(users.create(
                                new Users.NewUser(
                                        leser,
                                        "Lena Leser",
                                        UserAccount.Kind.PERSON,
                                        Set.of(Role.AUDITOR),
                                        GERMAN_PASSWORD,
                                        ZoneId.of("Europe/Zurich"),
                                        null,
                                        "de"),
                                false,
                                "admin")
                        .value())
                .isNotNull();
        return leser;
    }

    private HttpResponse<byte[]> exchangeBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The instant of the audit trail's first entry, read from the table once every committed entry is sealed. */
    private Instant firstRecord() {
        sealAuditTrail();
        return jdbc.sql("SELECT occurred_at FROM audit_event ORDER BY seq LIMIT 1")
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
    }

    /** The role's inspection pack exported for this query (answered 200). */
    private HttpResponse<byte[]> pack(String query) {
        HttpResponse<byte[]> response =
                exchangeBytes(HttpRequest.newBuilder(uri("/api/v1/roles/" + ROLE + "/inspection-packs?" + query))
                        .header("authorization", basic(USER))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }
}
