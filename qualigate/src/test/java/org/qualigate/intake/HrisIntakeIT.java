package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.ScriptedHrisSource;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** File import, the run-time dictionary, parked records released, incremental pulls and the archive. */
class HrisIntakeIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ScriptedHrisSource scripted;

    @Autowired
    HrisPulls pulls;

    @Autowired
    PayloadArchive archive;

    @AfterEach
    void quiet() {
        scripted.failWith(null);
        scripted.serve(List.of());
    }

    @Verifies("URS-INT-005")
    @Test
    void importsACsvRowByRowSettingBadRowsAsideWithTheirLineAndReason() throws Exception {
        String person = newPerson("BSL");
        String csv = "employeeId,certificationId,level,completedOn,expiresOn,sourceRecordId,approvedBy\n"
                + person + ",WD-CERT-1001,1,2026-11-10,2027-11-10,CSV-" + person + "-1,TC-7\n"
                + person + ",WD-CERT-1002,1,2026-11-10,,CSV-" + person + "-2,TC-7\n"
                + person + ",WD-CERT-6001,one,2026-11-10,,CSV-" + person + "-3,TC-7\n"
                + person + ",WD-CERT-6001,1,2026-11-12,2026-11-01,CSV-" + person + "-4,TC-7\n"
                + "E0000000,WD-CERT-6001,1,2026-11-10,,CSV-" + person + "-5,TC-7\n"
                + person + ",\"WD-CERT-6001\",1,2026-11-10,,\"CSV-" + person + "-6\",\"TC-7, QA\"\n";
        JsonNode run = json(upload(csv, "export.csv"));
        assertThat(run.get("summary").get("read").asInt()).isEqualTo(6);
        assertThat(run.get("summary").get("applied").asInt()).isEqualTo(3);
        assertThat(run.get("summary").get("rejected").asInt()).isEqualTo(3);
        JsonNode rejections = run.get("rejections");
        assertThat(rejections.findValuesAsString("field")).containsExactly("level", "expiresOn", "employeeId");
        assertThat(rejections.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(4, 5, 6);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));

        JsonNode again = json(upload(csv, "export.csv"));
        assertThat(again.get("summary").get("duplicate_delivery").asInt()).isEqualTo(6);
        assertThat(again.get("summary").has("applied")).isFalse();

        JsonNode badHeader = json(upload("who,what\nx,y\n", "wrong.csv"));
        assertThat(badHeader.get("rejections").get(0).get("field").asString()).isEqualTo("header");
    }

    @Verifies("URS-INT-007")
    @Test
    void aRecordParkedForAnUnmappedCodeIsAppliedOnceTheCodeIsMapped() throws Exception {
        String person = newPerson("IND");
        String code = "WD-CERT-NEW-" + person;
        var parked = hook(certification(person, code).json());
        assertThat(parked.statusCode()).isEqualTo(422);

        // a mapping goes through change control: drafted and signed by its author, approved by another person
        var drafted = postJson(
                "/api/v1/dictionary",
                "{\"system\":\"workday\",\"sourceCode\":\"" + code + "\",\"code\":\"GMP-BASIC\"}");
        assertThat(drafted.statusCode()).isEqualTo(202);
        long changeSet = json(drafted).get("id").asLong();
        signedByHrEditor(changeSet);
        JsonNode mapped = approvedByQa(changeSet);
        assertThat(mapped.get("effects").get("parkedEventsApplied").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode quals = json(get("/api/v1/people/" + person)).get("qualifications");
        assertThat(quals.findValuesAsString("code")).contains("GMP-BASIC");

        var twice = postJson(
                "/api/v1/dictionary",
                "{\"system\":\"workday\",\"sourceCode\":\"" + code + "\",\"code\":\"GMP-BASIC\"}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(json(twice).get("errors").get(0).get("field").asString()).isEqualTo("sourceCode");
        var unknown =
                postJson("/api/v1/dictionary", "{\"system\":\"workday\",\"sourceCode\":\"X-1\",\"code\":\"NOPE\"}");
        assertThat(json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("code");
    }

    @Verifies({"URS-INT-007", "URS-INT-009"})
    @Test
    void aRecordParkedForAnUnknownEmployeeIsAppliedWhenTheDirectoryKnowsThem() {
        String early = "X" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(hook(certification(early, "WD-CERT-1001").json()).statusCode())
                .isEqualTo(422);
        sandbox()
                .hris()
                .put(new org.qualigate.sandbox.Worker(
                        early,
                        "New",
                        "Hire",
                        "new.hire@plant.example",
                        "SGP",
                        null,
                        "ACTIVE",
                        java.time.LocalDate.parse("2026-11-20"),
                        "Operator"));
        directory.run();
        assertThat(parkedSweep()).isGreaterThanOrEqualTo(1);
        assertThat(json(get("/api/v1/people/" + early)).get("qualifications")).hasSize(1);
    }

    @Verifies({"URS-INT-006", "URS-INT-051", "URS-INT-059"})
    @Test
    void pullsIncrementallyAndCatchesUpAWindowMissedWhileTheSourceWasDown() {
        String person = newPerson("BSL");
        pulls.pullNow(ScriptedHrisSource.NAME);
        Instant firstThrough = scripted.windows().getLast().through();

        scripted.failWith(TargetException.transientFailure("HRIS answered 503", null));
        clock.advance(Duration.ofMinutes(30));
        var failed = pulls.pullNow(ScriptedHrisSource.NAME).orElseThrow();
        assertThat(failed.error()).contains("503");
        JsonNode state = source();
        assertThat(state.get("state").asString()).isEqualTo("UNAVAILABLE");
        assertThat(Instant.parse(state.get("watermark").asString())).isEqualTo(firstThrough);
        assertThat(Instant.parse(state.get("nextAttemptAt").asString()))
                .isAfter(clock.instant().plus(Duration.ofMinutes(59)));
        // a read refused as a whole is an occurrence of the source's one alert (decision 0075)
        await().atMost(Duration.ofSeconds(60))
                .until(() -> org.qualigate.support.SharedMailSink.subjectsTo("qa-operations@plant.example").stream()
                        .anyMatch(s -> s.equals("[Qualigate] Alert: source scripted")));
        assertThat(json(get("/api/v1/alerts?state=open")).get("alerts").toString())
                .contains("\"cause\":\"source:scripted\"");

        scripted.failWith(null);
        scripted.serve(List.of(
                List.of(record(person, "WD-CERT-1001", "P1"), record(person, "WD-CERT-1002", "P2")),
                List.of(
                        record(person, "WD-CERT-6001", "P3"),
                        SourceRecord.drifted(
                                "P4@1",
                                "<x/>".getBytes(StandardCharsets.UTF_8),
                                "application/xml",
                                "Expiration_Date",
                                "expected a date, got 'soon'"))));
        clock.advance(Duration.ofMinutes(30));
        var caughtUp = pulls.pullNow(ScriptedHrisSource.NAME).orElseThrow();
        // the window starts before the last complete one ended: nothing in between is skipped
        assertThat(caughtUp.window().from()).isBefore(firstThrough);
        assertThat(caughtUp.counts()).containsEntry("applied", 3).containsEntry("quarantined", 1);
        assertThat(source().get("state").asString()).isEqualTo("DRIFT");
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER"));
        JsonNode review = json(get("/api/v1/review/events?limit=10000")).get("events");
        assertThat(review.findValuesAsString("reason")).contains("expected a date, got 'soon'");

        var again = pulls.pullNow(ScriptedHrisSource.NAME).orElseThrow();
        // the quarantined record seen again is still drift: a re-pull must not make the source look healthy
        assertThat(again.counts())
                .containsEntry("duplicate_delivery", 3)
                .containsEntry("stillQuarantined", 1)
                .doesNotContainKey("applied");
        assertThat(source().get("state").asString()).isEqualTo("DRIFT");
    }

    @Verifies("URS-RET-001")
    @Test
    void purgesRawPayloadsOnlyAfterTheRetentionPeriodAndSaysSo() {
        UUID old = UUID.randomUUID();
        jdbc.sql("INSERT INTO inbound_event (id, source, webhook_id, received_at, body, body_sha256, outcome) "
                        + "VALUES (?, 'hris', ?, ?, ?, 'abc', 'REJECTED')")
                .params(
                        old,
                        "old-" + old,
                        Timestamp.from(Instant.parse("2015-01-01T00:00:00Z")),
                        "{}".getBytes(StandardCharsets.UTF_8))
                .update();
        String person = newPerson("SGP");
        hook(certification(person, "WD-CERT-1001").json());

        // the scheduled purge (a minute after the start) may have purged it first: either way it is purged and audited
        int purged = archive.purgeExpired();
        assertThat(jdbc.sql("SELECT length(body) FROM inbound_event WHERE id = ?")
                        .param(old)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM inbound_event WHERE employee_id = ? AND purged_at IS NULL")
                        .param(person)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        // the newest purge purged at least this payload, and it is this test's purge when this test purged any
        assertThat(auditEntries("entityType=inbound-event&action=archive.purged&limit=1"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("new").get("payloads").asInt())
                        .isGreaterThanOrEqualTo(1)
                        .isEqualTo(
                                purged > 0
                                        ? purged
                                        : e.get("new").get("payloads").asInt()));
    }

    @Verifies({"URS-INT-009", "URS-AUD-001"})
    @Test
    void aTerminationRevokesEveryRoleAtOnceAndSaysWhy() {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());
        hook(certification(person, "WD-CERT-3010").json());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mesGroupsOf(person).containsAll(List.of("BSL.QA.BATCH_REVIEWER", "BSL.PACK-3.OPERATOR")));

        var worker = sandbox().hris().worker(person).orElseThrow();
        sandbox()
                .hris()
                .put(new org.qualigate.sandbox.Worker(
                        worker.employeeId(),
                        worker.givenName(),
                        worker.familyName(),
                        worker.email(),
                        worker.site(),
                        worker.supervisorId(),
                        "TERMINATED",
                        worker.hireDate(),
                        worker.jobTitle()));
        directory.run();

        // PACK-3 has a 7-day grace period for expiries; a termination ends every role at once
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !mesGroupsOf(person).contains("BSL.QA.BATCH_REVIEWER")
                        && !mesGroupsOf(person).contains("BSL.PACK-3.OPERATOR"));
        // the MES changes before the worker's transaction records it: wait for the records too
        JsonNode revoked = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> json(get("/api/v1/audit?employeeId=" + person + "&action=role.revoked"))
                                .get("entries"),
                        e -> e.size() == 2);
        assertThat(revoked).hasSize(2);
        assertThat(revoked.findValuesAsString("reason"))
                .allSatisfy(r -> assertThat(r).contains("terminated"));
        assertThat(json(get("/api/v1/people/" + person + "/access"))
                        .get("active")
                        .asBoolean())
                .isFalse();
    }

    private int parkedSweep() {
        return parkedEvents.sweep("test");
    }

    @Autowired
    ParkedEvents parkedEvents;

    private JsonNode source() {
        for (JsonNode s : json(get("/api/v1/sources")).get("pulled")) {
            if (s.get("source").asString().equals(ScriptedHrisSource.NAME)) {
                return s;
            }
        }
        throw new AssertionError("no scripted source state");
    }

    private static SourceRecord record(String person, String certificationId, String recordId) {
        var fields = new SourceRecord.CertificationFields(
                "certification.completed",
                person,
                certificationId,
                null,
                1,
                "2026-11-10",
                null,
                recordId + "-" + person,
                1,
                "TC-9",
                null);
        return SourceRecord.read(
                recordId + "-" + person + "@1",
                ("<record id='" + recordId + "'/>").getBytes(StandardCharsets.UTF_8),
                "application/xml",
                fields);
    }

    private HttpResponse<String> upload(String csv, String name) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/api/v1/imports?source=csv&fileName=" + name))
                        .header("authorization", auth("hr-editor"))
                        .header("content-type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("authorization", auth("hr-editor"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String auth(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
