package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.qms.QmsSettings;
import org.qualigate.connector.qms.SalesforceQms;
import org.qualigate.faults.CrashPoints;
import org.qualigate.intake.HrisPulls;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.qms.TrainingRecord;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The QMS on Salesforce where it differs from the happy path: JSON {@code null}s (an assignment without completion
 * date), the org's API limit spent for everyone, a QMS whose training object has no expiry field, and records the QMS
 * refused sent again once the cause is fixed.
 */
class QmsVendorEdgesIT extends QualigateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private TrainingSync trainingSync;

    @Autowired
    private TrainingReviews reviews;

    @Autowired
    private TargetPauses pauses;

    @Autowired
    private HrisPulls pulls;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private SalesforceQms qms;

    @Autowired
    private PlantDefinition plant;

    @Autowired
    private AuditTrail audit;

    @Verifies({"URS-INT-056", "URS-INT-010"})
    @Test
    void anAssignmentWithNoCompletionDateNeitherBlocksThePersonsSyncNorThePullOfTheQmsOwnRecords() {
        clock.set(Instant.now());
        String person = newPerson("BSL");
        sandbox()
                .qms()
                .addAssignment(person, "TW-CRS-0001", "TRACKWISE", Instant.now().minusSeconds(30));

        Event gmp = certification(person, "WD-CERT-1001");
        assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);

        await().atMost(WAIT)
                .until(() -> sandbox()
                        .qms()
                        .byExternalId("QG-hris-" + gmp.sourceRecordId())
                        .isPresent());
        assertThat(reviews.list(person)).isEmpty();
        jdbc.sql("UPDATE source_watermark SET watermark = NULL WHERE source = 'qms'")
                .update();
        HrisPulls.Summary pulled = await().atMost(WAIT)
                .until(() -> pulls.pullNow("qms"), p -> p.isPresent())
                .orElseThrow();
        assertThat(pulled.error()).isNull();
    }

    @Verifies({"URS-INT-057", "URS-AUD-001"})
    @Test
    void aSpentOrgLimitPausesEveryCallForEveryoneUntilTheWaitIsOverAndCostsNoAttempts() {
        clock.set(Instant.now());
        Instant started = clock.instant();
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            people.add(newPerson("BSL"));
        }
        Instant limitedUntil = Instant.now().plusSeconds(3);
        sandbox().qms().limitExceededUntil(limitedUntil);
        List<String> externalIds = new ArrayList<>();
        try {
            for (String p : people) {
                Event gmp = certification(p, "WD-CERT-1001");
                externalIds.add("QG-hris-" + gmp.sourceRecordId());
                assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> Instant.now().isAfter(limitedUntil));
            // one call per pause (a second each), not one per person and retry
            assertThat(sandbox().qms().callsWhileLimited()).isBetween(1, 5);
        } finally {
            sandbox().qms().limitExceededUntil(null);
        }
        await().atMost(WAIT)
                .until(() -> externalIds.stream()
                        .allMatch(id -> sandbox().qms().byExternalId(id).isPresent()));
        for (String p : people) {
            assertThat(reviews.list(p)).isEmpty();
        }
        // the pauses of this test: the QMS's, since it began
        JsonNode paused = auditEntries("entityType=target&entityId=qms&action=target.paused&from=" + started);
        assertThat(paused).isNotEmpty();
        assertThat(paused.findValuesAsString("reason")).allMatch(r -> r.contains("REQUEST_LIMIT_EXCEEDED"));
        // other tests move the clock back; a pause that is over must not be left in their way
        jdbc.sql("DELETE FROM target_pause WHERE target = 'qms'").update();
    }

    @Verifies("URS-INT-057")
    @Test
    void aPauseIsJudgedOnThisInstancesClockWithinTheToleratedSkew() {
        Instant taken = Instant.now();
        clock.set(taken);
        pauses.pause("skew-check", taken.plusSeconds(30), "REQUEST_LIMIT_EXCEEDED (test)");
        try {
            assertThat(pauses.pausedUntil("skew-check"))
                    .contains(taken.plusSeconds(30).truncatedTo(ChronoUnit.MICROS));
            // an instance whose clock runs a few seconds behind still honours the pause
            clock.set(taken.minusSeconds(5));
            assertThat(pauses.pausedUntil("skew-check")).isPresent();
            // a clock set back by a day is not held for the whole day
            clock.set(taken.minus(Duration.ofDays(1)));
            assertThat(pauses.pausedUntil("skew-check")).isEmpty();
            // and a new pause taken there replaces the one from the future instead of extending it
            Instant again = clock.instant().plusSeconds(10);
            pauses.pause("skew-check", again, "REQUEST_LIMIT_EXCEEDED (again)");
            assertThat(pauses.pausedUntil("skew-check"))
                    .hasValueSatisfying(u -> assertThat(u).isCloseTo(again, within(1, ChronoUnit.MILLIS)));
            clock.set(taken.plusSeconds(31));
            assertThat(pauses.pausedUntil("skew-check")).isEmpty();
        } finally {
            jdbc.sql("DELETE FROM target_pause WHERE target = 'skew-check'").update();
        }
    }

    @Verifies({"URS-INT-057", "URS-INT-014", "URS-AUD-001"})
    @Test
    void aRefusalWhoseCauseWasFixedIsSentAgainByOneAuditedAction() {
        clock.set(Instant.now());
        String person = newPerson("BSL");
        sandbox().qms().deleteCourse("TW-CRS-0002");
        Event gdp = certification(person, "WD-CERT-1002");
        String externalId = "QG-hris-" + gdp.sourceRecordId();
        try {
            assertThat(hook(gdp.json()).statusCode()).isEqualTo(202);
            await().atMost(WAIT)
                    .until(() ->
                            reviews.list(person).stream().anyMatch(r -> "ENTITY_IS_DELETED".equals(r.errorCode())));
            assertThat(sandbox().qms().byExternalId(externalId)).isEmpty();
        } finally {
            sandbox().qms().addCourse("TW-CRS-0002");
        }
        String body =
                "{\"errorCode\":\"ENTITY_IS_DELETED\",\"reason\":\"course TW-CRS-0002 restored in the catalogue\"}";

        assertThat(postAs(USER, "/api/v1/review/training-records/resend", body).statusCode())
                .isEqualTo(403);
        assertThat(postAs("admin", "/api/v1/review/training-records/resend", "{\"errorCode\":\"ENTITY_IS_DELETED\"}")
                        .statusCode())
                .isEqualTo(400);
        var resent = postAs("admin", "/api/v1/review/training-records/resend", body);

        assertThat(resent.statusCode()).isEqualTo(202);
        assertThat(json(resent).get("released").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT)
                .until(() -> sandbox().qms().byExternalId(externalId).isPresent());
        // the newest release by this error code is this one, and it names this record
        assertThat(auditEntries(
                        "entityType=training-review&entityId=error-code:ENTITY_IS_DELETED&action=training-record.resend"
                                + "&limit=1"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("reason").asString()).isEqualTo("course TW-CRS-0002 restored in the catalogue");
                    assertThat(e.get("new").get("records"))
                            .extracting(JsonNode::asString)
                            .contains(externalId);
                });
        assertThat(json(get("/api/v1/review/training-records?employeeId=" + person))
                        .get("entries")
                        .get(0)
                        .get("releasedBy")
                        .asString())
                .isEqualTo("user:admin");
    }

    @Verifies({"URS-INT-056", "URS-INT-010"})
    @Test
    void aQmsWithoutExpiryOrCertificationStatusGetsNeitherAndIsNotWrittenAgainAndAgain() {
        clock.set(Instant.now());
        String person = newPerson("BSL");
        Event gmp = certification(person, "WD-CERT-1001").expiring("2027-11-19");
        assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);
        try (Sandbox other = Sandbox.start(SandboxOptions.forTests())) {
            other.qms().addUser(person, person.toLowerCase() + "@plant.example");
            QmsSettings s = qms.settings();
            SalesforceQms withoutExpiry = new SalesforceQms(
                    "qms-without-expiry",
                    new QmsSettings(
                            other.qmsBaseUri().toString(),
                            s.clientId(),
                            s.clientSecret(),
                            s.apiVersion(),
                            s.requestTimeout(),
                            s.limitWait(),
                            s.owners(),
                            s.ownDataSource(),
                            s.fields(),
                            s.values(),
                            false,
                            false));
            TrainingSync sync = trainingSync.with(withoutExpiry, CrashPoints.none());

            sync.sync(EmployeeId.of(person));
            sync.sync(EmployeeId.of(person));

            String externalId = "QG-hris-" + gmp.sourceRecordId();
            TrainingRecord written = other.qms().byExternalId(externalId).orElseThrow();
            assertThat(written.expirationDate()).isNull();
            assertThat(other.qms().upsertAttempts(externalId)).isEqualTo(1);
            assertThat(other.qms().user(person).orElseThrow().certificationStatus())
                    .isNull();
        }
    }
}
