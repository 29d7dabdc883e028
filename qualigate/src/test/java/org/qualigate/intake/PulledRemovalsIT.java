package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.workday.WorkdayWorkersSource;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Removals seen by a full read of workers in Workday: a certification gone from the worker's answer is revoked with
 * that answer as evidence, unless one read would take too much of a site at once — a truncated answer must not
 * wipe a site — when the removals are held, alerted and applied only when an operator accepts them.
 */
class PulledRemovalsIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";
    private static final String RAAS = "workday-raas";

    @Autowired
    private HrisPulls pulls;

    @Autowired
    private WorkdayWorkersSource workday;

    @Autowired
    private IntakeService intake;

    @Autowired
    private Qualifications qualifications;

    @Autowired
    private Persons persons;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditTrail audit;

    @Autowired
    private TransactionTemplate tx;

    @Autowired
    private ApplicationEventPublisher events;

    /**
     * The tests' tenant is also read by the Workday RaaS source ({@code workday-raas}), pulled on its schedule, and
     * the tests set the clock past that schedule: a RaaS pull between a record's arrival and its removal would
     * record it as a second, valid record that still justifies the role after Workday's own record is revoked, and
     * one after the removal would record a second revocation. No RaaS pull runs while a test here runs: the
     * source is marked as being pulled (as a pull in progress marks it, once none is) and released afterwards.
     */
    @BeforeEach
    void noScheduledRaasPullMeanwhile() {
        jdbc.sql("INSERT INTO source_watermark (source, state, next_attempt_at) VALUES (?, 'NEW', ?) "
                        + "ON CONFLICT (source) DO NOTHING")
                .params(RAAS, java.sql.Timestamp.from(clock.instant()))
                .update();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("UPDATE source_watermark SET running_until = 'infinity' "
                                        + "WHERE source = ? AND running_until IS NULL")
                                .param(RAAS)
                                .update()
                        == 1);
    }

    @AfterEach
    void raasPulledOnItsScheduleAgain() {
        jdbc.sql("UPDATE source_watermark SET running_until = NULL WHERE source = ? AND running_until = 'infinity'")
                .param(RAAS)
                .update();
    }

    @Verifies({"URS-INT-054", "URS-AUD-001"})
    @Test
    void aCertificationGoneFromTheWorkersFullReadIsRevokedUnderTheSource() {
        String person = newPerson("BSL");
        inHris(person, "WD-CERT-1001");
        inHris(person, "WD-CERT-1002");
        CertificationRecord sop = inHris(person, "WD-CERT-6001");
        pullWorkdayNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(REVIEWER));

        // the certification is removed in Workday: Get_Workers no longer lists it
        sandbox().hris().putCertification(sop.next(sop.completedOn(), sop.expiresOn(), Instant.now(), true));
        pullWorkdayNow();

        Qualification q =
                qualifications.bySourceRecord("workday", sop.sourceRecordId()).orElseThrow();
        assertThat(q.status()).isEqualTo(Qualification.Status.REVOKED);
        JsonNode revoked = json(get("/api/v1/audit?employeeId=" + person + "&action=qualification.revoked"))
                .get("entries");
        assertThat(revoked)
                .singleElement()
                .satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo("source:workday"));
        // the evidence is the worker's read that lacks the record
        JsonNode stored = json(get("/api/v1/inbound-events/" + q.evidence().eventId()));
        assertThat(stored.toString()).contains(person).doesNotContain(sop.sourceRecordId() + "</");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !mesGroupsOf(person).contains(REVIEWER));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the MES still holds " + REVIEWER + "; " + deliveryStateOf(person), e);
        }
    }

    @Verifies({"URS-INT-054", "URS-INT-059", "URS-AUD-001"})
    @Test
    void aTruncatedReadThatWouldTakeTooMuchOfASiteIsHeldAlertedAndAppliedOnlyWhenAnOperatorAccepts() {
        List<String> people = List.of(newPerson("SGP"), newPerson("SGP"));
        for (String p : people) {
            inHris(p, "WD-CERT-1001");
            inHris(p, "WD-CERT-1002");
        }
        List<HrisSource.CompleteRead> reads = readIntoLedger(people);
        PulledRemovals strict = strictRemovals();

        // an answer that lost one certification of each: more than the limit allows at SGP
        PulledRemovals.Outcome outcome = strict.apply("workday", truncated(reads));

        assertThat(outcome.applied()).isZero();
        assertThat(outcome.heldSites()).containsExactly("SGP");
        assertThat(validRecordsOf(people)).hasSize(4);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo("qa-operations@plant.example").stream()
                        .anyMatch(s -> s.contains("workday") && s.contains("removals held at SGP")));
        JsonNode hold = heldAt("SGP");
        assertThat(hold.get("removing").asInt()).isEqualTo(2);
        assertThat(hold.get("records").findValuesAsString("employeeId")).containsExactlyInAnyOrderElementsOf(people);

        var accepted = postAs(
                "admin",
                "/api/v1/sources/removal-holds/" + hold.get("id").asString() + "/accept",
                "{\"reason\":\"HR confirms both certifications were withdrawn\"}");

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(json(accepted).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(validRecordsOf(people)).hasSize(2);
        String holdId = hold.get("id").asString();
        assertThat(auditEntries("entityType=source&entityId=workday&action=source.removals-accepted"))
                .filteredOn(e -> e.get("new").get("hold").asString().equals(holdId))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString())
                        .isEqualTo("HR confirms both certifications were withdrawn"));
        assertThat(postAs(
                                "admin",
                                "/api/v1/sources/removal-holds/"
                                        + hold.get("id").asString() + "/accept",
                                "{\"reason\":\"twice\"}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Verifies({"URS-INT-054", "URS-AUD-001"})
    @Test
    void aDismissedHoldRemovesNothingAndOnlyAnAdministratorDecides() {
        List<String> people = List.of(newPerson("IND"), newPerson("IND"));
        for (String p : people) {
            inHris(p, "WD-CERT-4001");
            inHris(p, "WD-CERT-1001");
        }
        List<HrisSource.CompleteRead> reads = readIntoLedger(people);
        strictRemovals().apply("workday", truncated(reads));
        JsonNode hold = heldAt("IND");
        String path = "/api/v1/sources/removal-holds/" + hold.get("id").asString();

        assertThat(postAs("qa-approver", path + "/accept", "{\"reason\":\"no\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(postAs("admin", path + "/dismiss", "{}").statusCode()).isEqualTo(400);
        var dismissed = postAs("admin", path + "/dismiss", "{\"reason\":\"the Workday answer was cut short\"}");

        assertThat(dismissed.statusCode()).isEqualTo(200);
        assertThat(json(dismissed).get("status").asString()).isEqualTo("DISMISSED");
        assertThat(validRecordsOf(people)).hasSize(4);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Removals with no allowance at all, so any removal at a site is held whatever else the site holds. */
    private PulledRemovals strictRemovals() {
        PullSettings settings = new PullSettings(null, null, null, null, null, null, true, 0.0, 0);
        return new PulledRemovals(
                jdbc, persons, qualifications, intake, audit, tx, Clock.systemUTC(), settings, events);
    }

    /** Reads the people back from Workday (a full read each) and stores their records, as a pull would. */
    private List<HrisSource.CompleteRead> readIntoLedger(List<String> people) {
        List<HrisSource.CompleteRead> reads = new java.util.ArrayList<>();
        for (String p : people) {
            HrisSource.PullPage page = workday.worker("Employee_ID", p);
            for (SourceRecord r : page.records()) {
                intake.receiveRecord("workday", r);
            }
            reads.addAll(page.completeReads());
        }
        assertThat(validRecordsOf(people)).hasSize(4);
        return reads;
    }

    /** The same reads, each missing its first record: what a cut-short answer looks like. */
    private static List<HrisSource.CompleteRead> truncated(List<HrisSource.CompleteRead> reads) {
        return reads.stream()
                .map(r -> new HrisSource.CompleteRead(
                        r.employeeId(),
                        r.sourceRecordIds().stream().sorted().skip(1).collect(Collectors.toSet()),
                        r.version(),
                        r.raw(),
                        r.contentType()))
                .toList();
    }

    private List<Qualification> validRecordsOf(List<String> people) {
        return people.stream()
                .flatMap(p -> qualifications.of(org.qualigate.ledger.EmployeeId.of(p)).stream())
                .filter(q -> q.evidence().source().equals("workday") && q.status() == Qualification.Status.VALID)
                .toList();
    }

    private JsonNode heldAt(String site) {
        for (JsonNode h : json(get("/api/v1/sources/removal-holds?status=HELD")).get("holds")) {
            if (h.get("site").asString().equals(site)
                    && h.get("source").asString().equals("workday")) {
                return h;
            }
        }
        throw new AssertionError("no removal hold at " + site);
    }

    private void pullWorkdayNow() {
        // Workday refuses an Updated_Through later than its clock: the window ends a moment before now
        Instant changed = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(changed.plusMillis(1200)));
        clock.set(Instant.now().plusSeconds(59));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> pulls.pullNow("workday").isPresent());
    }
}
