package org.qualigate.connector.qms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.connector.contract.DocumentedPayloads.assertSameShape;
import static org.qualigate.connector.contract.DocumentedPayloads.bytes;
import static org.qualigate.connector.contract.DocumentedPayloads.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.CallPauses;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.contract.FixtureServer;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.qms.QmsSimulator;
import org.qualigate.support.SharedSandbox;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The QMS on Salesforce as Salesforce's REST API documentation shows it: JSON {@code null} for every empty field, error
 * arrays, {@code 403 REQUEST_LIMIT_EXCEEDED} for the org's spent API limit. The adapter reads the documented payloads
 * served as they are, and the sandbox's QMS answers in the same shape.
 */
class SalesforceContractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] TOKEN =
            "{\"access_token\":\"00Dtoken\",\"instance_url\":\"%s\",\"token_type\":\"Bearer\"}".getBytes();

    @Verifies({"URS-INT-056", "URS-INT-015"})
    @Test
    void nullFieldsAreNormalAnAssignmentIsNoCompletionAndAnUnreadableRowIsKeptWithItsReason() {
        try (FixtureServer server = new FixtureServer()) {
            server.json("/services/oauth2/token", 200, token(server))
                    .json("/services/data/v60.0/query", 200, bytes("salesforce-query-nulls.json"));
            SalesforceQms qms = new SalesforceQms("qms", settings(server.uri(), true, true));

            List<TrainingTarget.TrainingRecord> records = qms.recordsOf(EmployeeId.of("E30001"));
            HrisSource.PullPage owned = new QmsOwnedRecordsSource(qms)
                    .pull(new HrisSource.PullWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.now()), null);

            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.courseCode()).isEqualTo("TW-CRS-0002");
                assertThat(r.expiresOn()).isNull();
            });
            // the assignment is passed over; the record without an employee is kept, with its field and reason
            assertThat(owned.records()).hasSize(2);
            SourceRecord unreadable = owned.records().stream()
                    .filter(r -> r.problem() != null)
                    .findFirst()
                    .orElseThrow();
            assertThat(unreadable.problem().field()).isEqualTo("CMPL123TMS__Employee_Id__c");
            assertThat(unreadable.problem().reason()).contains("missing");
            assertThat(owned.records().stream().filter(r -> r.fields() != null))
                    .singleElement()
                    .satisfies(r -> assertThat(r.fields().certificationId()).isEqualTo("TW-CRS-0002"));
        }
    }

    @Verifies({"URS-INT-057", "URS-INT-014"})
    @Test
    void theOrgsSpentApiLimitPausesEveryCallUntilTheWaitIsOver() {
        try (FixtureServer server = new FixtureServer()) {
            server.json("/services/oauth2/token", 200, token(server))
                    .json("/services/data/v60.0/query", 403, bytes("salesforce-request-limit.json"));
            MemoryPauses pauses = new MemoryPauses();
            Clock clock = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
            SalesforceQms qms = new SalesforceQms(
                    "qms", settings(server.uri(), true, true), pauses, clock, Traces.CallRecorder.NONE);

            assertThatThrownBy(() -> qms.recordsOf(EmployeeId.of("E30001")))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.isHeldBack()).isFalse();
                        assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED");
                    });
            assertThat(pauses.pausedUntil("qms")).contains(Instant.parse("2026-11-20T08:15:00Z"));
            // every further call, from any person, is held back here without reaching the org
            for (String person : List.of("E30001", "E30002", "E30003")) {
                assertThatThrownBy(() -> qms.recordsOf(EmployeeId.of(person)))
                        .isInstanceOfSatisfying(TargetException.class, e -> {
                            assertThat(e.isHeldBack()).isTrue();
                            assertThat(e.retryAfter()).contains(Duration.ofMinutes(15));
                        });
            }
            assertThat(server.hits("/services/data/v60.0/query")).isEqualTo(1);
        }
    }

    @Verifies("URS-INT-056")
    @Test
    void anOrgWithoutAnExpiryFieldIsNeitherAskedForItNorSentIt() {
        Sandbox sandbox = SharedSandbox.get();
        SalesforceQms qms = new SalesforceQms("qms", settings(sandbox.qmsBaseUri(), false, false));
        String person = "SFX" + Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();
        sandbox.qms().addUser(person, person.toLowerCase() + "@plant.example");

        TrainingTarget.UpsertOutcome outcome = qms.upsert(new TrainingTarget.TrainingRecord(
                null,
                "QG-contract-" + person,
                EmployeeId.of(person),
                "TW-CRS-0001",
                java.time.LocalDate.parse("2026-11-02"),
                java.time.LocalDate.parse("2027-11-02"),
                false,
                "HRIS",
                null));

        assertThat(outcome).isInstanceOf(TrainingTarget.UpsertOutcome.Created.class);
        assertThat(sandbox.qms()
                        .byExternalId("QG-contract-" + person)
                        .orElseThrow()
                        .expirationDate())
                .isNull();
        assertThat(qms.recordsOf(EmployeeId.of(person)))
                .singleElement()
                .satisfies(r -> assertThat(r.expiresOn()).isNull());
        assertThat(qms.holdsExpiry()).isFalse();
        assertThat(qms.updateCertificationStatus(EmployeeId.of(person), TrainingTarget.CertificationStatus.CERTIFIED))
                .isEqualTo(TrainingTarget.StatusUpdate.UNCHANGED);
        assertThat(sandbox.qms().user(person).orElseThrow().certificationStatus())
                .isNull();
    }

    @Verifies({"URS-INT-056", "URS-INT-057"})
    @Test
    void theSandboxsQmsAnswersNullsAndItsSpentLimitInTheDocumentedShapes() throws Exception {
        Sandbox sandbox = SharedSandbox.get();
        String person = "SFN" + Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();
        sandbox.qms().addAssignment(person, "TW-CRS-0001", "TRACKWISE", Instant.now());
        HttpClient http = HttpClient.newHttpClient();
        String token = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(sandbox.qmsBaseUri() + "/services/oauth2/token"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "grant_type=client_credentials&client_id=" + QmsSimulator.CLIENT_ID
                                                        + "&client_secret=" + QmsSimulator.CLIENT_SECRET))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("access_token")
                .asString();
        String soql = "SELECT Id, CMPL123TMS__External_Id__c, CMPL123TMS__Employee_Id__c, CMPL123TMS__Course_Code__c,"
                + " CMPL123TMS__Completion_Date__c, CMPL123TMS__Expiration_Date__c, CMPL123TMS__Status__c,"
                + " CMPL123TMS__Data_Source__c, LastModifiedDate FROM CMPL123TMS__Training_Record__c"
                + " WHERE CMPL123TMS__Employee_Id__c = '" + person + "'";
        HttpRequest query = HttpRequest.newBuilder(URI.create(sandbox.qmsBaseUri() + "/services/data/v60.0/query?q="
                        + java.net.URLEncoder.encode(soql, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .build();

        JsonNode answer = JSON.readTree(
                http.send(query, HttpResponse.BodyHandlers.ofString()).body());
        assertSameShape(
                json("salesforce-query-nulls.json").get("records").get(0),
                answer.get("records").get(0),
                "row");
        assertThat(answer.get("records")
                        .get(0)
                        .get("CMPL123TMS__Completion_Date__c")
                        .isNull())
                .isTrue();

        sandbox.qms().limitExceededUntil(Instant.now().plusSeconds(60));
        try {
            HttpResponse<String> limited = http.send(query, HttpResponse.BodyHandlers.ofString());
            assertThat(limited.statusCode()).isEqualTo(403);
            assertSameShape(json("salesforce-request-limit.json"), JSON.readTree(limited.body()), "limit error");
        } finally {
            sandbox.qms().limitExceededUntil(null);
        }
    }

    private static byte[] token(FixtureServer server) {
        return new String(TOKEN).formatted(server.uri()).getBytes(StandardCharsets.UTF_8);
    }

    private static QmsSettings settings(URI base, boolean expiry, boolean certificationStatus) {
        return new QmsSettings(
                base.toString(),
                QmsSimulator.CLIENT_ID,
                QmsSimulator.CLIENT_SECRET,
                "60.0",
                Duration.ofSeconds(5),
                Duration.ofMinutes(15),
                null,
                null,
                null,
                null,
                expiry,
                certificationStatus);
    }

    /** Pauses kept in memory: this adapter-only test has no database. */
    private static final class MemoryPauses implements CallPauses {

        private final Map<String, Instant> until = new ConcurrentHashMap<>();

        @Override
        public Optional<Instant> pausedUntil(String target) {
            return Optional.ofNullable(until.get(target));
        }

        @Override
        public void pause(String target, Instant at, String reason) {
            until.merge(target, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }
}
