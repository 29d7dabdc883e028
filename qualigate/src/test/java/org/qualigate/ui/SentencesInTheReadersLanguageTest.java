package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.access.Dictionary;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditEntry;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;
import org.qualigate.text.Sentence;
import org.qualigate.text.SentenceWriter;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sentences Qualigate makes in Java are said from the bundles in the reader's language and zone (decision
 * 0047): a traceability sentence, a refusal and a health reason in English and in German, instants at the site
 * with the reader's zone beside them, and a record quoted as recorded — marked as quoted in HTML, never reworded.
 */
class SentencesInTheReadersLanguageTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private final SentenceWriter english = Bundles.writer(Locale.ENGLISH, SentenceWriter.UTC);
    private final SentenceWriter german = Bundles.writer(Locale.GERMAN, BASEL);

    private static final Dictionary NAMES =
            new Dictionary(Map.of(), Map.of(QualificationCode.of("LOTO"), "Lockout/tagout safety briefing"));

    private final Person person = new Person(
            EmployeeId.of("E10023"),
            "Anna",
            "Muster",
            null,
            "BSL",
            "PACK-3",
            null,
            "Operator",
            Person.Status.ACTIVE,
            "hris",
            Instant.parse("2026-11-01T00:00:00Z"));

    @Verifies("URS-UI-180")
    @Test
    void aGrantIsToldInTheReadersLanguageWithItsDatesAtTheSiteAndTheReadersZoneBeside() {
        AuditEntry grant = entry("role.granted", """
                {"target": "mes", "basis": [{"code": "GMP-BASIC", "level": 1, "completedAt": "2026-11-18T23:00:00Z",
                  "expiresAt": "2027-11-19T23:00:00Z", "sourceRecordId": "TR-1", "evidence": "hris/TR-1",
                  "approvedBy": "TC-0042", "approvedAt": "2026-11-19T09:00:00Z"}]}""", null);
        var story = TraceStories.story(
                person, RoleName.of("BSL.PACK-3.OPERATOR"), grant, List.of(), new SiteTime(BASEL), Map.of(), NAMES);

        assertThat(english.text(story.sentence()))
                .isEqualTo("E10023 (Anna Muster) gained role BSL.PACK-3.OPERATOR in mes on 20 Nov 2026 09:00"
                        + " Europe/Zurich (08:00 UTC) because certification GMP-BASIC (level 1) was"
                        + " completed on 19 Nov 2026 (valid through 19 Nov 2027, end of day Europe/Zurich),"
                        + " evidenced by HRIS record #TR-1, approved by TC-0042 on 19 Nov 2026.");
        assertThat(german.text(story.sentence()))
                .isEqualTo("E10023 (Anna Muster) erhielt die Rolle BSL.PACK-3.OPERATOR in mes am 20. Nov. 2026, 09:00"
                        + " Europe/Zurich (08:00 UTC), begründet durch Zertifizierung GMP-BASIC"
                        + " (Stufe 1), abgeschlossen am 19. Nov. 2026 (gültig bis einschließlich 19. Nov. 2027,"
                        + " Tagesende Europe/Zurich), belegt durch HRIS-Datensatz #TR-1, freigegeben von TC-0042 am"
                        + " 19. Nov. 2026.");
    }

    @Verifies("URS-UI-416")
    @Test
    void anInstrumentsCalibrationInAGrantsBasisIsToldAsTheInstrumentCalibratedNotAsACertification() {
        AuditEntry grant = entry("role.granted", """
                {"target": "mes", "basis": [{"code": "GMP-BASIC", "level": 1, "completedAt": "2026-11-18T23:00:00Z",
                  "expiresAt": "2027-11-19T23:00:00Z", "sourceRecordId": "TR-1", "evidence": "hris/TR-1"},
                  {"code": "CALIBRATED.BSL-BAL-0112", "level": 1, "completedAt": "2026-02-13T23:00:00Z",
                  "expiresAt": "2027-02-13T23:00:00Z", "evidence": "calibrated until 2027-02-13"}]}""", null);
        var story = TraceStories.story(
                person, RoleName.of("BSL.PACK-3.OPERATOR"), grant, List.of(), new SiteTime(BASEL), Map.of(), NAMES);

        // the evidence runs to the start of the day after the due day at the site: calibrated through 13 Feb
        assertThat(english.text(story.sentence()))
                .endsWith(", and equipment BSL-BAL-0112 (calibrated until 13 Feb 2027).")
                .doesNotContain("CALIBRATED.");
        assertThat(german.text(story.sentence())).contains("BSL-BAL-0112").doesNotContain("CALIBRATED.");
    }

    @Verifies("URS-UI-506")
    @Test
    void aRecordTheQmsOwnsIsNamedInAGrantsStoryAsThePlantDefinitionNamesItsQualification() {
        // the LOTO briefing entered in the QMS by hand: the QMS's course code, no name of its own
        Qualification loto = new Qualification(
                java.util.UUID.randomUUID(),
                EmployeeId.of("E10023"),
                QualificationCode.of("LOTO"),
                1,
                Instant.parse("2026-11-18T23:00:00Z"),
                null,
                "2026-11-19",
                null,
                Qualification.Status.VALID,
                Qualification.Authority.QMS,
                new Qualification.Evidence("qms", "QR-7", "TW-CRS-0901", null, null, null, java.util.UUID.randomUUID()),
                1,
                Instant.parse("2026-11-19T08:00:00Z"));
        AuditEntry grant = entry("role.granted", """
                {"target": "mes", "basis": [{"code": "LOTO", "level": 1, "completedAt": "2026-11-18T23:00:00Z",
                  "sourceRecordId": "QR-7", "evidence": "qms/QR-7"}]}""", null);

        var story = TraceStories.story(
                person, RoleName.of("BSL.PACK-3.OPERATOR"), grant, List.of(loto), new SiteTime(BASEL), Map.of(), NAMES);

        assertThat(english.text(story.sentence()))
                .contains("because certification LOTO (level 1) “Lockout/tagout safety briefing” was completed on")
                .doesNotContain("TW-CRS-0901");
        assertThat(german.text(story.sentence()))
                .contains("Zertifizierung LOTO (Stufe 1) „Lockout/tagout safety briefing“")
                .doesNotContain("TW-CRS-0901");
    }

    @Verifies("URS-UI-181")
    @Test
    void aRecordedReasonIsQuotedAsRecordedAndMarkedAsAQuotationInHtml() {
        AuditEntry revocation =
                entry("role.revoked", "{\"target\": \"mes\"}", "GMP-BASIC expired at 2026-12-01T23:00:00Z <b>");
        var story = TraceStories.story(
                person,
                RoleName.of("BSL.PACK-3.OPERATOR"),
                revocation,
                List.of(),
                new SiteTime(BASEL),
                Map.of(),
                NAMES);

        String html = german.html(story.sentence());
        assertThat(html)
                .startsWith("E10023 (Anna Muster) verlor die Rolle BSL.PACK-3.OPERATOR in mes am 20. Nov. 2026")
                .contains(", Grund: <q class=\"record\" lang=\"en\">GMP-BASIC expired at 2. Dez. 2026, 00:00 MEZ"
                        + " &lt;b&gt;</q>.");
        assertThat(english.text(story.sentence()))
                .endsWith(" because “GMP-BASIC expired at 1 Dec 2026, 23:00 UTC <b>”.");
    }

    @Verifies("URS-UI-180")
    @Test
    void aRefusalAndAHealthReasonAreSaidInBothLanguages() {
        Sentence refusal = org.qualigate.text.Refusal.of(
                        "decisions[0].reason",
                        "is required to revoke, at least 10 characters",
                        "refusal.revoke-reason",
                        10)
                .said();
        assertThat(english.text(refusal)).isEqualTo("Is required to revoke, at least 10 characters.");
        assertThat(german.text(refusal)).isEqualTo("Ist zum Entziehen erforderlich, mindestens 10 Zeichen.");

        Sentence health = Sentence.of("health.latency", 1.5, 1.0);
        assertThat(english.text(health))
                .isEqualTo("Webhook to role applied took 1.5 s at the 99th percentile, more than the limit of 1 s.");
        assertThat(german.text(health)).contains("1,5 s").contains("Perzentil");
    }

    private static AuditEntry entry(String action, String newValue, String reason) {
        return new AuditEntry(
                7,
                Instant.parse("2026-11-20T08:00:00Z"),
                "system",
                action,
                "assignment",
                "a-1",
                "E10023",
                null,
                JsonMapper.builder().build().readTree(newValue),
                reason,
                null,
                "",
                "");
    }
}
