package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.connector.qms.QmsSettings;
import org.qualigate.connector.qms.SalesforceQms;
import org.qualigate.intake.HrisPulls;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.qms.TrainingRecord;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** HRIS completions written to the TrackWise-style QMS, its own records respected and read back, its errors kept. */
class QmsTrainingSyncIT extends QualigateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TrainingReviews reviews;

    @Autowired
    HrisPulls pulls;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SalesforceQms qms;

    @org.junit.jupiter.api.BeforeEach
    void startOfTheStory() {
        clock.set(START);
    }

    @Verifies({"URS-INT-010", "URS-AUD-001"})
    @Test
    void writesAnHrisCompletionAsAQmsTrainingRecordAndKeepsTheCertificationStatusCurrent() {
        String person = newPerson("BSL");
        Event gmp = certification(person, "WD-CERT-1001");
        assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);

        String externalId = "QG-hris-" + gmp.sourceRecordId();
        TrainingRecord written = await().atMost(WAIT)
                .until(() -> sandbox().qms().byExternalId(externalId).orElse(null), r -> r != null);
        assertThat(written.courseCode()).isEqualTo("TW-CRS-0001");
        assertThat(written.dataSource()).isEqualTo("HRIS");
        assertThat(written.completionDate()).isEqualTo(LocalDate.parse("2026-11-19"));
        await().atMost(WAIT)
                .until(() -> "Certified"
                        .equals(sandbox().qms().user(person).orElseThrow().certificationStatus()));

        // a newer version of the HRIS record updates the same QMS record
        assertThat(hook(gmp.version(2).completed("2026-11-18").json()).statusCode())
                .isEqualTo(202);
        await().atMost(WAIT)
                .until(
                        () -> sandbox()
                                .qms()
                                .byExternalId(externalId)
                                .orElseThrow()
                                .completionDate(),
                        d -> d.equals(LocalDate.parse("2026-11-18")));
        assertThat(sandbox().qms().records(person)).hasSize(1);
        JsonNode audit = json(get("/api/v1/audit?employeeId=" + person + "&action=training-record.synced"));
        assertThat(audit.toString()).contains(externalId);
    }

    @Verifies("URS-INT-010")
    @Test
    void acceptsCreatedOnCreateAndBothTwoHundredAndNoContentOnUpdate() {
        String person = newPerson("BSL");
        QmsSettings current = qms.settings();
        for (String version : List.of("60.0", "45.0")) {
            SalesforceQms client = new SalesforceQms("qms-" + version, settings(current, version));
            TrainingTarget.TrainingRecord record = new TrainingTarget.TrainingRecord(
                    null,
                    "QG-test-" + person + "-" + version,
                    EmployeeId.of(person),
                    "TW-CRS-0002",
                    LocalDate.parse("2026-11-01"),
                    null,
                    false,
                    "HRIS",
                    null);
            assertThat(client.upsert(record)).isInstanceOf(TrainingTarget.UpsertOutcome.Created.class);
            TrainingTarget.UpsertOutcome update = client.upsert(new TrainingTarget.TrainingRecord(
                    null,
                    record.externalId(),
                    record.employeeId(),
                    record.courseCode(),
                    LocalDate.parse("2026-11-02"),
                    null,
                    false,
                    "HRIS",
                    null));
            assertThat(update).isInstanceOf(TrainingTarget.UpsertOutcome.Updated.class);
            // 200 with the id from API 46.0 on, 204 without a body before
            assertThat(((TrainingTarget.UpsertOutcome.Updated) update).id())
                    .satisfies(id -> assertThat(id == null).isEqualTo(version.equals("45.0")));
        }
    }

    @Verifies("URS-INT-011")
    @Test
    void neverOverwritesARecordTheQmsOwnsAndListsTheCollisionForReview() {
        String person = newPerson("BSL");
        TrainingRecord manual = sandbox()
                .qms()
                .addOwnedRecord(
                        person,
                        "TW-CRS-0001",
                        LocalDate.parse("2026-10-01"),
                        null,
                        "MANUAL",
                        clock.instant().minusSeconds(3600));
        Event gmp = certification(person, "WD-CERT-1001");
        // an owned record that even carries the external id the sync would use
        sandbox()
                .qms()
                .putRecord(new TrainingRecord(
                        "a0Tcollide" + person,
                        "QG-hris-" + gmp.sourceRecordId(),
                        person,
                        "TW-CRS-0001",
                        LocalDate.parse("2026-09-01"),
                        null,
                        "Complete",
                        "TRACKWISE",
                        clock.instant().minusSeconds(3600)));
        hook(gmp.json());

        await().atMost(WAIT)
                .until(() ->
                        reviews.list(person).stream().anyMatch(r -> r.kind().equals("AUTHORITY")));
        assertThat(sandbox().qms().records(person))
                .extracting(TrainingRecord::dataSource)
                .containsOnly("MANUAL", "TRACKWISE");
        assertThat(sandbox().qms().records(person)).contains(manual);
        assertThat(sandbox().qms().upsertAttempts("QG-hris-" + gmp.sourceRecordId()))
                .isZero();
        JsonNode audit = json(get("/api/v1/audit?employeeId=" + person + "&action=training-record.skipped-authority"));
        assertThat(audit.toString()).contains("is not written");
    }

    @Verifies("URS-INT-014")
    @Test
    void keepsAQmsValidationErrorWithItsOwnMessageAndDoesNotSendTheSameRecordAgain() {
        String person = newPerson("SGP");
        sandbox().qms().deleteCourse("TW-CRS-0402");
        try {
            Event solvent = certification(person, "WD-CERT-5002");
            hook(solvent.json());
            String externalId = "QG-hris-" + solvent.sourceRecordId();
            TrainingReviews.Entry review = await().atMost(WAIT)
                    .until(
                            () -> reviews.list(person).stream()
                                    .filter(r -> r.kind().equals("REJECTED"))
                                    .findFirst()
                                    .orElse(null),
                            r -> r != null);
            assertThat(review.errorCode()).isEqualTo("ENTITY_IS_DELETED");
            assertThat(review.message()).contains("entity is deleted");
            assertThat(review.externalId()).isEqualTo(externalId);

            // another change for the person syncs them again; the refused record is not sent again
            Event gmp = certification(person, "WD-CERT-1001");
            hook(gmp.json());
            await().atMost(WAIT)
                    .until(() -> sandbox()
                            .qms()
                            .byExternalId("QG-hris-" + gmp.sourceRecordId())
                            .isPresent());
            assertThat(sandbox().qms().upsertAttempts(externalId)).isEqualTo(1);
            assertThat(get("/api/v1/review/training-records?employeeId=" + person)
                            .body())
                    .contains("ENTITY_IS_DELETED");
        } finally {
            sandbox().qms().addCourse("TW-CRS-0402");
        }
    }

    @Verifies("URS-INT-014")
    @Test
    void refreshesAnExpiredTokenOnceAndCarriesOn() {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-2101").json());
        await().atMost(WAIT).until(() -> !sandbox().qms().records(person).isEmpty());
        int tokens = sandbox().qms().tokensIssued();

        sandbox().qms().expireTokens();
        Event gmp = certification(person, "WD-CERT-1001");
        hook(gmp.json());

        await().atMost(WAIT)
                .until(() -> sandbox()
                        .qms()
                        .byExternalId("QG-hris-" + gmp.sourceRecordId())
                        .isPresent());
        assertThat(sandbox().qms().tokensIssued()).isEqualTo(tokens + 1);
    }

    @Verifies({"URS-INT-014", "URS-BCP-001"})
    @Test
    void waitsAndTriesAgainWhenTheQmsApiLimitIsExhausted() {
        String person = newPerson("BSL");
        Event gmp = certification(person, "WD-CERT-1001");
        String externalId = "QG-hris-" + gmp.sourceRecordId();
        // the exhausted limit is played on this record's upsert alone: no other test's write to the QMS can use it up
        Fault limit = Fault.error("qms", "PATCH /sobjects", 403, 1).onPathContaining("/" + externalId);
        sandbox().faults().inject(limit);
        try {
            hook(gmp.json());
            await().atMost(WAIT)
                    .until(() -> sandbox().qms().byExternalId(externalId).isPresent());
            assertThat(sandbox().faults().active())
                    .as("the record's first upsert was refused with 403 REQUEST_LIMIT_EXCEEDED")
                    .doesNotContain(limit);
            assertThat(sandbox().qms().upsertAttempts(externalId))
                    .as("the upsert that reached the QMS after the refusal")
                    .isEqualTo(1);
            assertThat(reviews.list(person)).isEmpty();
        } finally {
            sandbox().faults().clear();
        }
    }

    @Verifies({"URS-INT-011", "URS-SEQ-001"})
    @Test
    void pullsTheQmsOwnRecordsIntoTheLedgerSoTheyJustifyTheFillingOperatorRole() {
        String person = newPerson("BSL");
        for (String cert : List.of(
                "WD-CERT-1001", "WD-CERT-1002", "WD-CERT-2101", "WD-CERT-2102", "WD-CERT-2110", "WD-CERT-2120")) {
            assertThat(hook(certification(person, cert).json()).statusCode()).isEqualTo(202);
        }
        assertThat(json(get("/api/v1/people/" + person + "/access")).toString())
                .doesNotContain("\"BSL.FILL-1.OPERATOR\"");

        sandbox()
                .qms()
                .addOwnedRecord(
                        person,
                        "TW-CRS-0103",
                        LocalDate.parse("2026-06-01"),
                        LocalDate.parse("2027-06-01"),
                        "TRACKWISE",
                        clock.instant().minusSeconds(300));
        sandbox()
                .qms()
                .addOwnedRecord(
                        person,
                        "TW-SOP-BSL-FILL-014",
                        LocalDate.parse("2026-10-15"),
                        null,
                        "MANUAL",
                        clock.instant().minusSeconds(300));
        jdbc.sql("UPDATE source_watermark SET watermark = NULL WHERE source = 'qms'")
                .update();
        await().atMost(WAIT).until(() -> pulls.pullNow("qms").isPresent());

        await().atMost(WAIT).until(() -> mesGroupsOf(person).contains("BSL.FILL-1.OPERATOR"));
        JsonNode personView = json(get("/api/v1/people/" + person));
        assertThat(personView.toString()).contains("\"authority\":\"QMS\"");
        // the QMS's own records are not written back by the sync
        assertThat(sandbox().qms().records(person))
                .filteredOn(r -> r.dataSource().equals("HRIS"))
                .extracting(TrainingRecord::courseCode)
                .doesNotContain("TW-CRS-0103", "TW-SOP-BSL-FILL-014");
    }

    private static QmsSettings settings(QmsSettings s, String apiVersion) {
        return new QmsSettings(
                s.baseUrl(),
                s.clientId(),
                s.clientSecret(),
                apiVersion,
                s.requestTimeout(),
                s.limitWait(),
                s.owners(),
                s.ownDataSource(),
                s.fields(),
                s.values(),
                s.writeExpiry(),
                s.writeCertificationStatus());
    }
}
