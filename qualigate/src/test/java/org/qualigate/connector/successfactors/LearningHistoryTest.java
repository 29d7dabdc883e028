package org.qualigate.connector.successfactors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Learning history records as SuccessFactors Learning sends them, read into source records. */
class LearningHistoryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A record in the documented shape of {@code learninghistorys} (OData v4, epoch milliseconds). */
    private static final String RECORDED = """
            {"componentTypeID":"COURSE","componentID":"SF-ITM-GMP101","componentKey":40211,
             "revisionDate":1763542800000,"revisionNumber":"1","title":"GMP fundamentals",
             "completionDate":1763542800000,"completionStatusID":"COMPLETE","completionStatusDesc":"Complete",
             "grade":null,"totalHours":2.0,"creditHours":0.0,"cpeHours":0.0,"contactHours":0.0,
             "instructorName":null,"comments":null,"certificateLink":null}""";

    @Verifies({"URS-INT-004", "URS-DI-003"})
    @Test
    void aCompletionWithCreditIsACompletedCertificationAtTheInstantOfTheEpochMillis() {
        SourceRecord record = read(RECORDED);

        assertThat(record.problem()).isNull();
        SourceRecord.CertificationFields f = record.fields();
        assertThat(f.eventType()).isEqualTo("certification.completed");
        assertThat(f.employeeId()).isEqualTo("E10023");
        assertThat(f.certificationId()).isEqualTo("SF-ITM-GMP101");
        assertThat(f.certificationName()).isEqualTo("GMP fundamentals");
        assertThat(f.completedOn()).isEqualTo("2025-11-19T09:00:00Z");
        assertThat(f.expiresOn()).isNull();
        assertThat(f.sourceRecordId()).isEqualTo("E10023/COURSE/SF-ITM-GMP101/1763542800000");
        assertThat(f.sourceVersion()).isEqualTo(1763542800000L);
        assertThat(record.key()).isEqualTo("E10023/COURSE/SF-ITM-GMP101/1763542800000@1763542800000/COMPLETE");
        assertThat(new String(record.raw(), StandardCharsets.UTF_8)).contains("\"componentID\":\"SF-ITM-GMP101\"");
    }

    @Verifies("URS-INT-004")
    @Test
    void aStatusWithoutCreditRevokesTheSameLearningRecordUnderANewKey() {
        SourceRecord completed = read(RECORDED);
        SourceRecord revoked = read(RECORDED.replace("\"COMPLETE\"", "\"REVOKED\"")
                .replace("\"revisionDate\":1763542800000", "\"revisionDate\":1763629200000"));

        assertThat(revoked.fields().eventType()).isEqualTo("certification.revoked");
        assertThat(revoked.fields().sourceRecordId())
                .isEqualTo(completed.fields().sourceRecordId());
        assertThat(revoked.fields().sourceVersion())
                .isGreaterThan(completed.fields().sourceVersion());
        assertThat(revoked.key()).isNotEqualTo(completed.key());
    }

    @Verifies({"URS-INT-004", "URS-DI-003"})
    @Test
    void readsODataV2DateStringsWithAndWithoutOffset() {
        SourceRecord withOffset = read(RECORDED.replace(
                "\"completionDate\":1763542800000", "\"completionDate\":\"/Date(1763542800000+0000)/\""));
        SourceRecord withoutOffset =
                read(RECORDED.replace("\"revisionDate\":1763542800000", "\"revisionDate\":\"/Date(1763542800000)/\""));
        SourceRecord otherOffset = read(RECORDED.replace(
                "\"completionDate\":1763542800000", "\"completionDate\":\"/Date(1763542800000-0300)/\""));

        assertThat(withOffset.fields().completedOn()).isEqualTo("2025-11-19T09:00:00Z");
        assertThat(withoutOffset.fields().sourceVersion()).isEqualTo(1763542800000L);
        assertThat(otherOffset.fields().completedOn()).isEqualTo("2025-11-19T09:00:00Z");
    }

    @Verifies("URS-INT-004")
    @Test
    void missingOptionalFieldsAreNoProblem() {
        SourceRecord record = read("""
                {"componentTypeID":"COURSE","componentID":"SF-ITM-CLR200","revisionDate":1763542800000,
                 "completionDate":1763542800000,"completionStatusID":"COMPLETE"}""");

        assertThat(record.problem()).isNull();
        assertThat(record.fields().certificationName()).isNull();
    }

    @Verifies("URS-INT-004")
    @Test
    void aRetypedDateIsDriftNamingTheFieldAndTheDifference() {
        SourceRecord record = read(RECORDED.replace("\"completionDate\":1763542800000", "\"completionDate\":\"soon\""));

        assertThat(record.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
        assertThat(record.problem().field()).isEqualTo("completionDate");
        assertThat(record.problem().reason())
                .isEqualTo("completionDate: expected epoch milliseconds or /Date(ms)/, got 'soon'");
    }

    @Verifies("URS-INT-004")
    @Test
    void aRetypedItemIdOrAMissingRequiredFieldIsDrift() {
        SourceRecord retyped = read(RECORDED.replace("\"componentID\":\"SF-ITM-GMP101\"", "\"componentID\":4711"));
        SourceRecord missing = read(RECORDED.replace("\"completionStatusID\":\"COMPLETE\",", ""));

        assertThat(retyped.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
        assertThat(retyped.problem().reason()).isEqualTo("componentID: expected a string, got a number");
        assertThat(missing.problem().field()).isEqualTo("completionStatusID");
        assertThat(missing.problem().reason()).isEqualTo("completionStatusID: missing, expected a string");
    }

    @Verifies("URS-INT-004")
    @Test
    void aFieldTheVendorAddedIsReadOverAndNamedNeverQuarantined() {
        String withNew =
                RECORDED.replace("{", "{\"expirationDate\":1795078800000,\"bookmarkURL\":\"https://lms.example/x\",");
        SourceRecord r = read(withNew);

        assertThat(r.problem()).isNull();
        assertThat(r.fields().certificationId()).isEqualTo("SF-ITM-GMP101");
        assertThat(LearningHistory.unknownFields(JSON.readTree(withNew)))
                .containsExactly("expirationDate", "bookmarkURL");
    }

    @Verifies({"URS-INT-004", "URS-DI-004"})
    @Test
    void aDateOutsideAnyPlausibleRangeIsUnreadable() {
        SourceRecord farFuture =
                read(RECORDED.replace("\"completionDate\":1763542800000", "\"completionDate\":99999999999999"));
        SourceRecord beforeEpoch =
                read(RECORDED.replace("\"revisionDate\":1763542800000", "\"revisionDate\":\"/Date(-86400000)/\""));

        assertThat(farFuture.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
        assertThat(farFuture.problem().field()).isEqualTo("completionDate");
        assertThat(beforeEpoch.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
    }

    @Verifies("URS-INT-004")
    @Test
    void anUnconfiguredCompletionStatusIsUnreadableNeverGuessed() {
        SourceRecord record = read(RECORDED.replace("\"COMPLETE\"", "\"ATTENDED\""));

        assertThat(record.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
        assertThat(record.problem().field()).isEqualTo("completionStatusID");
        assertThat(record.problem().reason()).contains("'ATTENDED'");
    }

    @Verifies({"URS-INT-004", "URS-INT-015"})
    @Test
    void aRecordThatIsNotAnObjectIsUnreadableWithAKeyFromItsContent() {
        byte[] raw = "[1,2]".getBytes(StandardCharsets.UTF_8);
        SourceRecord record = LearningHistory.read("E10023", JSON.readTree(raw), raw, CompletionStatuses.DEFAULT);

        assertThat(record.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
        assertThat(record.key()).startsWith("learninghistory/E10023/sha256:");
    }

    @Verifies({"URS-INT-004", "URS-INT-015", "URS-DI-002"})
    @Test
    void aLearningHistoryAnswerThatIsNotJsonIsOneUnreadableRecordKeptWhole() {
        byte[] raw = "{\"value\":[{\"componentID\":".getBytes(StandardCharsets.UTF_8);

        var page = SuccessFactorsLearningSource.historyPage("E10023", raw, CompletionStatuses.DEFAULT);

        assertThat(page.records()).singleElement().satisfies(r -> {
            assertThat(r.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
            assertThat(r.problem().reason()).startsWith("the learning history of E10023 is not JSON");
            assertThat(r.raw()).isEqualTo(raw);
        });
        assertThat(page.next()).isNull();
    }

    @Verifies("URS-INT-004")
    @Test
    void aLearningHistoryAnswerOfAnotherShapeIsDrift() {
        byte[] raw = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);

        var page = SuccessFactorsLearningSource.historyPage("E10023", raw, CompletionStatuses.DEFAULT);

        assertThat(page.records().getFirst().problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
    }

    @Verifies({"URS-INT-004", "URS-INT-015"})
    @Test
    void oneBadRecordDoesNotStopTheOthersOfItsPage() {
        String page = "{\"d\":{\"results\":[" + RECORDED + ","
                + RECORDED.replace("\"completionDate\":1763542800000", "\"completionDate\":\"soon\"") + "]}}";

        var read = SuccessFactorsLearningSource.historyPage(
                "E10023", page.getBytes(StandardCharsets.UTF_8), CompletionStatuses.DEFAULT);

        assertThat(read.records()).hasSize(2);
        assertThat(read.records().get(0).problem()).isNull();
        assertThat(read.records().get(1).problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
    }

    @Verifies({"URS-INT-004", "URS-DI-004"})
    @Test
    void odataDatesParseOnlyTheDocumentedShapes() {
        assertThat(ODataDate.parse("/Date(1700000000000+0000)/")).contains(Instant.ofEpochMilli(1700000000000L));
        assertThat(ODataDate.parse("/Date(1700000000000)/")).contains(Instant.ofEpochMilli(1700000000000L));
        assertThat(ODataDate.parse("/Date(1700000000000-0530)/")).contains(Instant.ofEpochMilli(1700000000000L));
        assertThat(ODataDate.parse("/Date(abc)/")).isEmpty();
        assertThat(ODataDate.parse("2026-11-01T00:00:00")).isEmpty();
        assertThat(ODataDate.parse("/Date(99999999999999999999)/")).isEmpty();
    }

    @Verifies("URS-INT-004")
    @Test
    void bothCollectionShapesAndTheirNextLinksAreRead() {
        JsonNode v2 = JSON.readTree(
                "{\"d\":{\"results\":[{\"userId\":\"a\"}],\"__next\":\"https://x/odata/v2/User?$skiptoken=1\"}}");
        JsonNode v4 = JSON.readTree("{\"value\":[{},{}],\"@odata.nextLink\":\"learninghistorys?$skip=2\"}");
        JsonNode neither = JSON.readTree("{\"results\":[]}");

        assertThat(ODataCalls.page(v2).orElseThrow().entries()).hasSize(1);
        assertThat(ODataCalls.page(v2).orElseThrow().next()).hasToString("https://x/odata/v2/User?$skiptoken=1");
        assertThat(ODataCalls.page(v4).orElseThrow().entries()).hasSize(2);
        assertThat(ODataCalls.page(neither)).isEmpty();
    }

    @Verifies("URS-SEC-003")
    @Test
    void settingsNeverShowTheirSecrets() {
        SuccessFactorsSettings settings = new SuccessFactorsSettings(
                "successfactors",
                java.net.URI.create("https://api4.successfactors.com"),
                java.net.URI.create("https://tenant.plateau.com"),
                "ACME",
                "api",
                "s3cret-password",
                "s3cret-token",
                100,
                false,
                CompletionStatuses.DEFAULT,
                java.time.Duration.ofSeconds(5),
                3,
                java.time.Duration.ofSeconds(30),
                new SuccessFactorsSettings.LearningAuth(
                        "ACME", "s3cret-client-secret", "qualigate-api", "admin", null));

        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    private static SourceRecord read(String json) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        return LearningHistory.read("E10023", JSON.readTree(raw), raw, CompletionStatuses.DEFAULT);
    }
}
