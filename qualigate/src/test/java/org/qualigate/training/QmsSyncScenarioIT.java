package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.intake.HrisPulls;
import org.qualigate.sandbox.qms.TrainingRecord;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The QMS sync story as a QA reviewer would tell it: HRIS completions reach the QMS, a hand-entered record is
 * left alone, a date conflict waits in the queue until QA resolves it with a reason, and a reconciliation and a
 * parallel-run report account for every record. Then a site in observe mode writes nothing until enforced.
 */
class QmsSyncScenarioIT extends QualigateIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    HrisPulls pulls;

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-INT-010", "URS-INT-011", "URS-INT-012", "URS-DI-005", "URS-DI-006"})
    @Test
    void completionsReachTheQmsConflictsAreResolvedByQaAndReconciliationAndParallelRunAccountForEveryRecord() {
        // August 2026 at the Basel site (Europe/Zurich): the month of the parallel run.
        clock.set(Instant.parse("2026-08-20T08:00:00Z"));
        String person = newPerson("BSL");

        // The QMS already holds two records it owns: a GDP course entered by hand, a media fill by TrackWise.
        TrainingRecord manual = sandbox()
                .qms()
                .addOwnedRecord(
                        person,
                        "TW-CRS-0002",
                        LocalDate.parse("2026-07-01"),
                        null,
                        "MANUAL",
                        clock.instant().minusSeconds(300));
        sandbox()
                .qms()
                .addOwnedRecord(
                        person,
                        "TW-CRS-0103",
                        LocalDate.parse("2026-08-05"),
                        null,
                        "TRACKWISE",
                        clock.instant().minusSeconds(300));

        // The HRIS reports GMP fundamentals, cleanroom behaviour (just before midnight UTC, already the next day
        // in Basel), GDP on another date than the hand-entered record, and a certification nobody mapped yet.
        Event gmp = certification(person, "WD-CERT-1001").completed("2026-08-10");
        Event cleanroom = certification(person, "WD-CERT-2101").completed("2026-08-14T23:30:00Z");
        Event gdp = certification(person, "WD-CERT-1002").completed("2026-08-12");
        assertThat(hook(gmp.json()).statusCode()).isEqualTo(202);
        assertThat(hook(cleanroom.json()).statusCode()).isEqualTo(202);
        assertThat(hook(gdp.json()).statusCode()).isEqualTo(202);
        assertThat(hook(certification(person, "WD-CERT-9999")
                                .completed("2026-08-18")
                                .json())
                        .statusCode())
                .isBetween(400, 499);

        // The GMP completion arrives in the QMS as an HRIS-sourced training record; cleanroom on the Basel day.
        TrainingRecord written = await().atMost(WAIT)
                .until(
                        () -> sandbox()
                                .qms()
                                .byExternalId("QG-hris-" + gmp.sourceRecordId())
                                .orElse(null),
                        r -> r != null);
        assertThat(written.courseCode()).isEqualTo("TW-CRS-0001");
        assertThat(written.completionDate()).isEqualTo(LocalDate.parse("2026-08-10"));
        assertThat(written.dataSource()).isEqualTo("HRIS");
        assertThat(await().atMost(WAIT)
                        .until(
                                () -> sandbox()
                                        .qms()
                                        .byExternalId("QG-hris-" + cleanroom.sourceRecordId())
                                        .orElse(null),
                                r -> r != null)
                        .completionDate())
                .isEqualTo(LocalDate.parse("2026-08-15"));

        // The GDP dates differ: a conflict with both versions lands in the queue; the MANUAL record is untouched.
        JsonNode conflict = await().atMost(WAIT).until(() -> openConflictOf(person), c -> c != null);
        assertThat(conflict.path("courseCode").asString()).isEqualTo("TW-CRS-0002");
        assertThat(conflict.path("hris").path("completedOn").asString()).isEqualTo("2026-08-12");
        assertThat(conflict.path("qms").path("completedOn").asString()).isEqualTo("2026-07-01");
        assertThat(conflict.path("qms").path("dataSource").asString()).isEqualTo("MANUAL");
        assertThat(conflict.path("differences").asString()).contains("completion date");
        assertThat(sandbox().qms().records(person)).contains(manual);
        assertThat(sandbox().qms().byExternalId("QG-hris-" + gdp.sourceRecordId()))
                .isEmpty();

        // Nothing is resolved silently: no reason, no resolution; an auditor may not resolve at all.
        String conflictId = conflict.path("id").asString();
        String path = "/api/v1/qms/conflicts/" + conflictId + "/resolve";
        String signing = ",\"userId\":\"qa-approver\",\"password\":\"" + PASSWORD + "\"";
        HttpResponse<String> noReason = postAs("qa-approver", path, "{\"resolution\":\"KEEP_HRIS\"" + signing + "}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        assertThat(post(path, "{\"resolution\":\"KEEP_HRIS\",\"reason\":\"x\"}").statusCode())
                .isEqualTo(403);

        // The resolution is signed: a wrong password is refused, counted, and resolves nothing.
        HttpResponse<String> wrongPassword = postAs(
                "qa-approver",
                path,
                "{\"resolution\":\"KEEP_HRIS\",\"reason\":\"certificate TC-88\",\"userId\":\"qa-approver\","
                        + "\"password\":\"not-my-password\"}");
        assertThat(wrongPassword.statusCode()).isEqualTo(422);
        assertThat(json(wrongPassword).path("errors").get(0).path("field").asString())
                .isEqualTo("password");
        assertThat(json(get("/api/v1/qms/conflicts/" + conflictId))
                        .path("state")
                        .asString())
                .isEqualTo("OPEN");

        // QA keeps the HRIS version: the training certificate is dated 12 August. Qualigate writes its own record
        // beside the hand-entered one, which stays as it was; the signature is shown with the conflict.
        HttpResponse<String> resolved = postAs(
                "qa-approver",
                path,
                "{\"resolution\":\"KEEP_HRIS\",\"reason\":\"training certificate TC-88 is dated 2026-08-12\"" + signing
                        + "}");
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).path("state").asString()).isEqualTo("RESOLVED");
        assertThat(json(resolved).path("resolvedBy").asString()).isEqualTo("user:qa-approver");
        JsonNode signature = json(get("/api/v1/qms/conflicts/" + conflictId))
                .path("signatures")
                .get(0);
        assertThat(signature.path("meaning").asString()).isEqualTo("RESOLVED");
        assertThat(signature.path("signer").asString()).isEqualTo("qa-approver");
        assertThat(signature.path("reason").asString()).contains("TC-88");
        assertThat(signature.path("valid").asBoolean()).isTrue();
        TrainingRecord kept = await().atMost(WAIT)
                .until(
                        () -> sandbox()
                                .qms()
                                .byExternalId("QG-hris-" + gdp.sourceRecordId())
                                .orElse(null),
                        r -> r != null);
        assertThat(kept.completionDate()).isEqualTo(LocalDate.parse("2026-08-12"));
        assertThat(sandbox().qms().records(person)).contains(manual);
        assertThat(json(get("/api/v1/audit?employeeId=" + person + "&action=training-conflict.resolved"))
                        .toString())
                .contains("training certificate TC-88");

        // The QMS's own records are pulled into the ledger as evidence with authority QMS.
        jdbc.sql("UPDATE source_watermark SET watermark = NULL WHERE source = 'qms'")
                .update();
        await().atMost(WAIT).until(() -> pulls.pullNow("qms").isPresent());

        // Early September the HRIS finally sends a completion of 25 August: it arrives after the period.
        clock.set(Instant.parse("2026-09-05T08:00:00Z"));
        Event lineClearance = certification(person, "WD-CERT-3001").completed("2026-08-25");
        assertThat(hook(lineClearance.json()).statusCode()).isEqualTo(202);
        await().atMost(WAIT)
                .until(() -> sandbox()
                        .qms()
                        .byExternalId("QG-hris-" + lineClearance.sourceRecordId())
                        .isPresent());
        await().atMost(WAIT)
                .until(() -> jdbc.sql("SELECT count(*) FROM training_sync_item WHERE employee_id = ? AND attempts = 0 "
                                        + "AND lease_token IS NULL AND due_at <= now() + interval '1 day'")
                                .param(person)
                                .query(Long.class)
                                .single()
                        == 0);

        // Reconciliation of the site: every record of each side lands in exactly one category, and the only
        // discrepancy for this person is the unmapped certification, with the intake's reason.
        HttpResponse<String> ran = postAs("qa-approver", "/api/v1/qms/reconciliations?site=BSL", "");
        assertThat(ran.statusCode()).isEqualTo(201);
        JsonNode run = json(ran);
        JsonNode counts = run.path("counts");
        assertThat(run.path("error").asString("")).isEmpty();
        assertThat(run.path("finishedAt").asString("")).isNotEmpty();
        assertThat(counts.path("hrisRecords").asLong())
                .isEqualTo(counts.path("hrisVsLedgerMatched").asLong()
                        + counts.path("missingInLedger").asLong()
                        + counts.path("differentInLedger").asLong());
        assertThat(counts.path("ledgerHrisRecords").asLong())
                .isEqualTo(counts.path("notForQms").asLong()
                        + counts.path("ledgerVsQmsMatched").asLong()
                        + counts.path("missingInQms").asLong()
                        + counts.path("differentInQms").asLong());
        assertThat(counts.path("qmsRecords").asLong())
                .isEqualTo(counts.path("qmsOwnedRecords").asLong()
                        + counts.path("ledgerVsQmsMatched").asLong()
                        + counts.path("differentInQms").asLong()
                        + counts.path("extraInQms").asLong());
        assertThat(counts.path("qmsOwnedRecords").asLong())
                .isEqualTo(counts.path("qmsOwnedMatched").asLong()
                        + counts.path("qmsOwnedMissingInLedger").asLong()
                        + counts.path("qmsOwnedDifferentInLedger").asLong());
        String runId = run.path("id").asString();
        JsonNode detail = json(get("/api/v1/qms/reconciliations/" + runId));
        List<JsonNode> mine = detail.path("discrepancies")
                .valueStream()
                .filter(i -> i.path("employeeId").asString().equals(person))
                .toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.getFirst().path("kind").asString()).isEqualTo("MISSING_IN_LEDGER");
        assertThat(mine.getFirst().path("reason").asString()).contains("parked");
        assertThat(csvOf("/api/v1/qms/reconciliations/" + runId)).contains("MISSING_IN_LEDGER," + person);

        // The parallel run of August: the clerks' manual-entry export against what Qualigate did.
        String export = String.join(
                "\n",
                "employee_id,course_code,completion_date,status",
                person + ",TW-CRS-0001,2026-08-10,Complete",
                person + ",TW-CRS-0101,2026-08-14,Complete",
                person + ",TW-CRS-0002,2026-08-12,Complete",
                person + ",TW-CRS-0103,2026-08-05,Complete",
                person + ",TW-CRS-0201,2026-08-25,Complete",
                person + ",TW-CRS-0210,2026-08-18,Complete",
                person + ",TW-CRS-0120,2026-08-20,Complete",
                person + ",TW-CRS-0130,14/08/2026,Complete",
                "");
        HttpResponse<String> compared = postAs(
                "qa-approver",
                "/api/v1/qms/parallel-runs?site=BSL&from=2026-08-01T00:00:00Z&to=2026-09-01T00:00:00Z",
                export);
        assertThat(compared.statusCode()).isEqualTo(201);
        JsonNode report = json(compared);
        Map<String, String> classes = new HashMap<>();
        report.path("lines")
                .valueStream()
                .filter(l -> l.path("employeeId").asString().equals(person))
                .forEach(l -> classes.merge(
                        l.path("courseCode").asString(),
                        l.path("classification").asString(),
                        (a, b) -> a + "+" + b));
        assertThat(classes)
                .containsEntry("TW-CRS-0001", "MATCH")
                .containsEntry("TW-CRS-0101", "TIME_ZONE")
                .containsEntry("TW-CRS-0002", "MATCH")
                .containsEntry("TW-CRS-0103", "AUTHORITY")
                .containsEntry("TW-CRS-0201", "LATE_ARRIVAL")
                .containsEntry("TW-CRS-0210", "UNMAPPED_CODE")
                .containsEntry("TW-CRS-0120", "MANUAL_ERROR")
                .containsEntry("TW-CRS-0130", "MANUAL_ERROR");
        JsonNode summary = report.path("summary");
        long classified = 0;
        for (JsonNode n : summary.path("byClassification").valueStream().toList()) {
            classified += n.asLong();
        }
        assertThat(classified).isEqualTo(summary.path("lines").asLong());
        assertThat(summary.path("lines").asLong())
                .isEqualTo(report.path("lines").size());
        assertThat(summary.path("accuracyPercent").asDouble()).isBetween(0.0, 100.0);
        String csv = csvOf("/api/v1/qms/parallel-runs/" + report.path("id").asString());
        assertThat(csv)
                .startsWith("employee_id,course_code,classification")
                .contains(person + ",TW-CRS-0101,TIME_ZONE");
    }

    @Verifies("URS-INT-013")
    @Test
    void aSiteInObserveModeReportsWhatWouldChangeAndWritesNothingUntilEnforced() {
        clock.set(START);
        String person = newPerson("SGP");
        HttpResponse<String> observe =
                postAs("qa-approver", "/api/v1/qms/modes/SGP", "{\"mode\":\"observe\",\"reason\":\"pilot on SGP\"}");
        assertThat(observe.statusCode()).isEqualTo(200);
        try {
            Event reactor = certification(person, "WD-CERT-5001");
            assertThat(hook(reactor.json()).statusCode()).isEqualTo(202);
            String externalId = "QG-hris-" + reactor.sourceRecordId();
            JsonNode wouldWrite = await().atMost(WAIT)
                    .until(
                            () -> json(get("/api/v1/qms/observations?site=SGP"))
                                    .path("wouldChange")
                                    .valueStream()
                                    .filter(o -> o.path("externalId").asString().equals(externalId))
                                    .findFirst()
                                    .orElse(null),
                            o -> o != null);
            assertThat(wouldWrite.path("action").asString()).isEqualTo("CREATE");
            assertThat(wouldWrite.path("wouldWrite").path("courseCode").asString())
                    .isEqualTo("TW-CRS-0401");
            assertThat(sandbox().qms().upsertAttempts(externalId)).isZero();
            assertThat(sandbox().qms().records(person)).isEmpty();
            // the newest switch at SGP is this one (nothing else switches modes while the test runs)
            assertThat(auditEntries("entityType=site&entityId=SGP&action=training-mode.changed&limit=1"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.get("reason").asString()).isEqualTo("pilot on SGP");
                        assertThat(e.get("new").get("mode").asString()).isEqualTo("OBSERVE");
                    });
            // an auditor cannot switch modes; a switch without a reason is refused naming the field
            assertThat(post("/api/v1/qms/modes/SGP", "{\"mode\":\"enforce\",\"reason\":\"x\"}")
                            .statusCode())
                    .isEqualTo(403);
            HttpResponse<String> noReason = postAs("qa-approver", "/api/v1/qms/modes/SGP", "{\"mode\":\"enforce\"}");
            assertThat(noReason.statusCode()).isEqualTo(400);
            assertThat(noReason.body()).contains("reason");
        } finally {
            assertThat(postAs(
                                    "qa-approver",
                                    "/api/v1/qms/modes/SGP",
                                    "{\"mode\":\"enforce\",\"reason\":\"pilot passed\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
        await().atMost(WAIT).until(() -> !sandbox().qms().records(person).isEmpty());
    }

    private JsonNode openConflictOf(String person) {
        return json(get("/api/v1/qms/conflicts?state=open&employeeId=" + person))
                .path("conflicts")
                .valueStream()
                .findFirst()
                .orElse(null);
    }

    private String csvOf(String path) {
        HttpResponse<String> r = getCsv(path);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
