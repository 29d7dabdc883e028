package org.qualigate.connector.successfactors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.connector.contract.DocumentedPayloads.assertSameShape;
import static org.qualigate.connector.contract.DocumentedPayloads.bytes;
import static org.qualigate.connector.contract.DocumentedPayloads.json;
import static org.qualigate.connector.successfactors.SuccessFactorsSandbox.completion;
import static org.qualigate.connector.successfactors.SuccessFactorsSandbox.settings;
import static org.qualigate.connector.successfactors.SuccessFactorsSandbox.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.Worker;
import org.qualigate.sandbox.successfactors.SuccessFactorsSimulator;
import org.qualigate.support.SharedSandbox;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SuccessFactors as its public documentation shows it (SAP's Learning OData reference for {@code learninghistorys}
 * and its token server, the HCM OData v2 {@code User} entity): the adapter reads each documented payload, and the
 * sandbox's simulator answers in the same shape — so neither can hide a wrong assumption behind the other.
 */
class SuccessFactorsContractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final String RUN =
            Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();

    private final Sandbox sandbox = SharedSandbox.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @Verifies({"URS-INT-051", "URS-INT-004"})
    @Test
    void aLearningHistoryRecordWithEveryDocumentedFieldIsReadAndNothingIsQuarantined() {
        SuccessFactorsLearningSource.HistoryPage page = SuccessFactorsLearningSource.historyPage(
                "E10023", bytes("sf-learninghistorys.json"), CompletionStatuses.DEFAULT);

        SourceRecord record = page.records().getFirst();
        assertThat(record.problem()).isNull();
        assertThat(page.unmapped()).isEmpty();
        SourceRecord.CertificationFields f = record.fields();
        // DOC-C is no status the configuration names: the record's own provideCredit says it gives credit
        assertThat(f.eventType()).isEqualTo("certification.completed");
        assertThat(f.certificationId()).isEqualTo("SF-ITM-GMP101");
        assertThat(f.completedOn())
                .isEqualTo(Instant.ofEpochMilli(1781704713000L).toString());
        // the record's own last change, not the item's revision, is its version
        assertThat(f.sourceVersion()).isEqualTo(1781704730293L);
        assertThat(f.sourceRecordId()).isEqualTo("E10023/DOC/SF-ITM-GMP101/1781704713000");
    }

    @Verifies("URS-INT-051")
    @Test
    void aFieldNoDocumentNamesIsRecordedWithThePageNotQuarantined() {
        String withUnknown = new String(bytes("sf-learninghistorys.json"), StandardCharsets.UTF_8)
                .replace("\"componentTypeID\"", "\"retrainingDueDate\": 1790000000000, \"componentTypeID\"");

        SuccessFactorsLearningSource.HistoryPage page = SuccessFactorsLearningSource.historyPage(
                "E10023", withUnknown.getBytes(StandardCharsets.UTF_8), CompletionStatuses.DEFAULT);

        assertThat(page.records().getFirst().problem()).isNull();
        assertThat(page.unmapped()).containsExactly("retrainingDueDate");
    }

    @Verifies({"URS-INT-051", "URS-INT-004"})
    @Test
    void aFieldTheMappingReadsThatChangedItsTypeIsDrift() {
        String retyped = new String(bytes("sf-learninghistorys.json"), StandardCharsets.UTF_8)
                .replace("\"lastUpdateTimestamp\": 1781704730293", "\"lastUpdateTimestamp\": true");

        SourceRecord record = SuccessFactorsLearningSource.historyPage(
                        "E10023", retyped.getBytes(StandardCharsets.UTF_8), CompletionStatuses.DEFAULT)
                .records()
                .getFirst();

        assertThat(record.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
        assertThat(record.problem().field()).isEqualTo("lastUpdateTimestamp");
    }

    @Verifies({"URS-INT-051", "URS-INT-052"})
    @Test
    void theSimulatorsLearningHistoryHasTheDocumentedShapeAndIsReadTheSameWay() {
        String learner = newLearner();
        Instant approved = Instant.parse("2026-11-19T15:00:00Z");
        sandbox.hris().putCertification(completion("TR-" + learner, learner, "WD-CERT-1001", approved));

        JsonNode answer = learningGet(learner, token());

        JsonNode documented = json("sf-learninghistorys.json");
        assertSameShape(documented.get("value").get(0), answer.get("value").get(0), "learninghistorys");
        SuccessFactorsLearningSource.HistoryPage page = SuccessFactorsLearningSource.historyPage(
                learner, JSON.writeValueAsBytes(answer), CompletionStatuses.DEFAULT);
        assertThat(page.records().getFirst().problem()).isNull();
        assertThat(page.unmapped()).isEmpty();
    }

    @Verifies("URS-INT-052")
    @Test
    void theLearningTokenAnswerHasTheDocumentedShapeAndTheLearningApiTakesOnlyItsOwnTokens() throws Exception {
        HttpResponse<String> answer = tokenRequest(SuccessFactorsSimulator.LEARNING_CLIENT_SECRET);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertSameShape(json("sf-learning-token.json"), JSON.readTree(answer.body()), "token");

        // the OData API's own credentials open no door to the Learning API
        HttpResponse<String> withODataCredentials = http.send(
                HttpRequest.newBuilder(historyUri("E10001"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((SuccessFactorsSimulator.USERNAME + "@"
                                                                + SuccessFactorsSimulator.COMPANY_ID + ":"
                                                                + SuccessFactorsSimulator.PASSWORD)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withODataCredentials.statusCode()).isEqualTo(401);
        assertThat(tokenRequest("not-the-secret").statusCode()).isEqualTo(401);
    }

    @Verifies("URS-INT-052")
    @Test
    void theLearningSourceGetsItsOwnTokenAndANewOneWhenTheOldIsRefused() {
        String learner = newLearner();
        sandbox.hris()
                .putCertification(
                        completion("TR-" + learner, learner, "WD-CERT-1001", Instant.parse("2026-11-19T15:00:00Z")));
        SuccessFactorsLearningSource source =
                new SuccessFactorsLearningSource(settings(sandbox), Clock.systemUTC(), Traces.CallRecorder.NONE);
        int before = sandbox.successFactors().learningTokensIssued();
        HrisSource.PullWindow window =
                new HrisSource.PullWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"));

        assertThat(recordsOf(source, window, learner)).hasSize(1);
        sandbox.successFactors().expireLearningTokens();
        assertThat(recordsOf(source, window, learner)).hasSize(1);

        assertThat(sandbox.successFactors().learningTokensIssued() - before).isEqualTo(2);
    }

    @Verifies("URS-INT-052")
    @Test
    void aRefusedLearningClientIsAPermanentFailureThatNamesTheClientNeverTheSecret() {
        SuccessFactorsSettings s = settings(sandbox);
        SuccessFactorsSettings wrong = new SuccessFactorsSettings(
                s.source(),
                s.apiBaseUrl(),
                s.learningBaseUrl(),
                s.companyId(),
                s.username(),
                s.password(),
                null,
                s.pageSize(),
                false,
                s.statuses(),
                s.requestTimeout(),
                s.maxRetries(),
                s.maxRetryWait(),
                new SuccessFactorsSettings.LearningAuth(
                        SuccessFactorsSimulator.COMPANY_ID, "s3cret-but-wrong", "qualigate-lms-admin", "admin", null));
        String learner = newLearner();
        SuccessFactorsLearningSource source =
                new SuccessFactorsLearningSource(wrong, Clock.systemUTC(), Traces.CallRecorder.NONE);

        assertThatThrownBy(() -> recordsOf(
                        source,
                        new HrisSource.PullWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.now()),
                        learner))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining(SuccessFactorsSimulator.COMPANY_ID)
                .hasMessageNotContaining("s3cret-but-wrong");
    }

    @Verifies({"URS-INT-050", "URS-INT-004"})
    @Test
    void aUserPageShapedAsDocumentedGivesWorkersWithStatusLineManagerAndChangeMoment() {
        JsonNode results = json("sf-user-page.json").get("d").get("results");

        HrisDirectory.Worker inactive = SuccessFactorsDirectory.worker("E20001", results.get(0));
        HrisDirectory.Worker active = SuccessFactorsDirectory.worker("E20002", results.get(1));

        assertThat(inactive.status()).isEqualTo("TERMINATED");
        assertThat(inactive.site()).isEqualTo("LOC_BSL");
        assertThat(inactive.line()).isEqualTo("BSL-FILL-1");
        assertThat(inactive.supervisorId()).isEqualTo("E20000");
        assertThat(inactive.hireDate()).isEqualTo(LocalDate.parse("2024-01-15"));
        assertThat(inactive.changedAt()).isEqualTo(Instant.ofEpochMilli(1781704730000L));
        assertThat(inactive.unreadable()).isNull();
        assertThat(active.status()).isEqualTo("ACTIVE");
        assertThat(active.supervisorId()).isNull();
        assertThat(active.line()).isNull();
    }

    @Verifies({"URS-INT-050", "URS-DI-002"})
    @Test
    void aUserWhoseChangeMomentIsNoODataDateIsSetAsideWithTheField() {
        JsonNode user = json("sf-user-page.json").get("d").get("results").get(0);
        ((tools.jackson.databind.node.ObjectNode) user).put("lastModifiedDateTime", "2026-11-18T09:00:00Z");

        assertThat(SuccessFactorsDirectory.worker("E20001", user).unreadable())
                .startsWith("lastModifiedDateTime: expected /Date(ms+0000)/");
    }

    @Verifies({"URS-INT-050", "URS-INT-004"})
    @Test
    void theSimulatorsUserPageHasTheDocumentedShapeAndTheDirectoryReadsItsInactiveUsers() throws Exception {
        String manager = newLearner();
        String leaver = newLearner();
        sandbox.hris().put(worker(manager, "BSL", Worker.ACTIVE, null));
        sandbox.hris().put(worker(leaver, "BSL", Worker.ACTIVE, manager));
        sandbox.hris().line(leaver, "BSL-FILL-1");
        sandbox.hris().terminate(leaver, LocalDate.parse("2026-11-30"), Instant.parse("2026-11-18T09:00:00Z"));

        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(sandbox.successFactorsBaseUri()
                                + "/odata/v2/User?$format=json&$expand=manager&$filter="
                                + java.net.URLEncoder.encode(
                                                "userId eq '" + leaver + "' and status in 't','f','T','F','e','d'",
                                                StandardCharsets.UTF_8)
                                        .replace("+", "%20")))
                        .header("Authorization", "Bearer " + SuccessFactorsSimulator.BEARER_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode documented = json("sf-user-page.json").get("d").get("results").get(0);
        JsonNode simulated = JSON.readTree(page.body()).get("d").get("results").get(0);
        assertSameShape(documented, simulated, "User");

        List<HrisDirectory.Worker> workers =
                new SuccessFactorsDirectory(settings(sandbox), Clock.systemUTC(), Traces.CallRecorder.NONE).workers();
        HrisDirectory.Worker read = workers.stream()
                .filter(w -> w.employeeId().equals(leaver))
                .findFirst()
                .orElseThrow();
        assertThat(read.status()).isEqualTo("TERMINATED");
        assertThat(read.line()).isEqualTo("BSL-FILL-1");
        assertThat(read.supervisorId()).isEqualTo(manager);
        assertThat(read.changedAt()).isEqualTo(Instant.parse("2026-11-18T09:00:00Z"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private String newLearner() {
        String id = "C" + RUN + String.format("%04d", PEOPLE.incrementAndGet());
        sandbox.hris().put(worker(id, "BSL", Worker.ACTIVE, null));
        return id;
    }

    private static List<SourceRecord> recordsOf(
            SuccessFactorsLearningSource source, HrisSource.PullWindow window, String learner) {
        List<SourceRecord> all = new java.util.ArrayList<>();
        String token = null;
        do {
            HrisSource.PullPage page = source.pull(window, token);
            page.records().stream()
                    .filter(r -> r.fields() != null && r.fields().employeeId().equals(learner))
                    .forEach(all::add);
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    private String token() {
        try {
            return JSON.readTree(tokenRequest(SuccessFactorsSimulator.LEARNING_CLIENT_SECRET)
                            .body())
                    .get("access_token")
                    .asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> tokenRequest(String secret) throws Exception {
        String body = JSON.writeValueAsString(Map.of(
                "grant_type",
                "client_credentials",
                "scope",
                Map.of(
                        "userId",
                        SuccessFactorsSimulator.LEARNING_ADMIN,
                        "companyId",
                        SuccessFactorsSimulator.COMPANY_ID,
                        "userType",
                        "admin",
                        "resourceType",
                        "learning_public_api")));
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                sandbox.successFactorsBaseUri() + SuccessFactorsSimulator.LEARNING_TOKEN_PATH))
                        .header("Content-Type", "application/json")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((SuccessFactorsSimulator.COMPANY_ID + ":" + secret)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI historyUri(String learner) {
        return ODataPaths.learningHistory(sandbox.successFactorsBaseUri(), learner);
    }

    private JsonNode learningGet(String learner, String token) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(historyUri(learner))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
