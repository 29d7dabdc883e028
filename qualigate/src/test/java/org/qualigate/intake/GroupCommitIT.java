package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.support.PulledRecords;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Intake commits many events per transaction and answers each only once its group is durable; within a
 * group, a delivery id seen twice is stored once, the newer of two versions of one record wins whatever their
 * order, and an event that cannot be applied is set aside without failing the others.
 */
class GroupCommitIT extends QualigateIT {

    private static final String SOURCE = "csv";

    @Autowired
    IntakeService intake;

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-INT-001", "URS-INT-082"})
    @Test
    void eachEventIsAcknowledgedOnlyOnceItIsStoredAndApplied() throws Exception {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            people.add(newPerson("BSL"));
        }
        List<Future<String>> checks = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(12)) {
            for (String p : people) {
                checks.add(senders.submit(() -> {
                    HttpResponse<String> r =
                            hook(certification(p, "WD-CERT-1001").json());
                    assertThat(r.statusCode()).isEqualTo(202);
                    // Checked the instant the answer arrived: the event, its ledger change and its plan are there.
                    String eventId = json(r).get("eventId").asString();
                    assertThat(jdbc.sql("SELECT outcome FROM inbound_event WHERE id = ?::uuid")
                                    .param(eventId)
                                    .query(String.class)
                                    .single())
                            .isEqualTo("APPLIED");
                    assertThat(jdbc.sql(
                                            "SELECT count(*) FROM qualification WHERE employee_id = ? AND event_id = ?::uuid")
                                    .params(p, eventId)
                                    .query(Long.class)
                                    .single())
                            .isEqualTo(1);
                    return eventId;
                }));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : checks) {
            ids.add(f.get());
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(people.size());
    }

    @Verifies({"URS-DI-001", "URS-SEQ-004"})
    @Test
    void eachStoredEventSaysWhatBecameOfItAndEveryAppliedVersionIsKept() {
        String p = newPerson("BSL");
        String record = "TR-" + UUID.randomUUID().toString().substring(0, 8);
        var first = certification(p, "WD-CERT-1001").record(record).version(2);
        String applied = send(first.json());
        String newer = send(first.version(3).level(2).json());
        String stale = send(first.version(1).json());
        String unknown =
                send(certification("NOBODY-" + UUID.randomUUID().toString().substring(0, 8), "WD-CERT-1001")
                        .json());

        assertThat(row(applied)).isEqualTo("APPLIED certification.completed " + p + " " + record + " 2 null");
        assertThat(row(newer)).isEqualTo("APPLIED certification.completed " + p + " " + record + " 3 null");
        assertThat(row(stale)).isEqualTo("STALE certification.completed " + p + " " + record + " 1 null");
        assertThat(row(unknown))
                .matches("(PARKED|REJECTED) certification\\.completed NOBODY-\\S+ TR-\\S+ null employeeId");
        assertThat(jdbc.sql("""
                        SELECT string_agg(v.source_version || ':' || v.level || ':' || i.webhook_id, ','
                            ORDER BY v.source_version)
                        FROM qualification_version v JOIN qualification q ON q.id = v.qualification_id
                            JOIN inbound_event i ON i.id = v.event_id
                        WHERE q.source_record_id = ?""").param(record).query(String.class).single())
                .isEqualTo("2:1:" + applied + ",3:2:" + newer);
    }

    /** Sends the event under a new webhook id, which it returns once the event was answered. */
    private String send(String body) {
        String webhookId = "msg_" + UUID.randomUUID();
        assertThat(hook(webhookId, clock.instant().getEpochSecond(), body, SECRET)
                        .statusCode())
                .isBetween(200, 499);
        return webhookId;
    }

    /** The stored event's outcome, type, employee, record, version and field, in one line. */
    private String row(String webhookId) {
        return jdbc.sql("""
                        SELECT concat_ws(' ', outcome, coalesce(event_type, 'null'), coalesce(employee_id, 'null'),
                            coalesce(source_record_id, 'null'), coalesce(source_version::text, 'null'),
                            coalesce(field, 'null'))
                        FROM inbound_event WHERE webhook_id = ?""").param(webhookId).query(String.class).single();
    }

    @Verifies({"URS-INT-082", "URS-SEQ-004"})
    @Test
    void aDeliveryIdTwiceInOneGroupIsStoredAndAppliedOnce() {
        String p = newPerson("BSL");
        SourceRecord r = record("dup-" + UUID.randomUUID(), p, "R-" + UUID.randomUUID(), 1, "WD-CERT-1001");

        List<IntakeResult> results = intake.receiveRecords(SOURCE, List.of(r, r));

        assertThat(results.get(0).outcome()).isEqualTo(IntakeResult.Outcome.APPLIED);
        assertThat(results.get(1).outcome()).isEqualTo(IntakeResult.Outcome.DUPLICATE_DELIVERY);
        assertThat(results.get(1).eventId()).isEqualTo(results.get(0).eventId());
        assertThat(count("SELECT count(*) FROM inbound_event WHERE source = ? AND webhook_id = ?", SOURCE, r.key()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM qualification WHERE employee_id = ?", p))
                .isEqualTo(1);
    }

    @Verifies({"URS-INT-082", "URS-SEQ-003"})
    @Test
    void theNewerOfTwoVersionsInOneGroupWinsWhateverTheirOrder() {
        for (boolean newerFirst : new boolean[] {true, false}) {
            String p = newPerson("BSL");
            String recordId = "R-" + UUID.randomUUID();
            SourceRecord v2 = record(recordId + "/2", p, recordId, 2, "WD-CERT-1001");
            SourceRecord v3 = record(recordId + "/3", p, recordId, 3, "WD-CERT-1002");

            List<IntakeResult> results = intake.receiveRecords(SOURCE, newerFirst ? List.of(v3, v2) : List.of(v2, v3));

            IntakeResult older = results.get(newerFirst ? 1 : 0);
            IntakeResult newer = results.get(newerFirst ? 0 : 1);
            assertThat(newer.outcome()).isEqualTo(IntakeResult.Outcome.APPLIED);
            assertThat(older.outcome())
                    .isEqualTo(newerFirst ? IntakeResult.Outcome.STALE : IntakeResult.Outcome.APPLIED);
            assertThat(jdbc.sql("SELECT source_version FROM qualification WHERE source = ? AND source_record_id = ?")
                            .params(SOURCE, recordId)
                            .query(Long.class)
                            .single())
                    .isEqualTo(3);
            assertThat(jdbc.sql("SELECT code FROM qualification WHERE source = ? AND source_record_id = ?")
                            .params(SOURCE, recordId)
                            .query(String.class)
                            .single())
                    .isEqualTo("GDP-DOC");
        }
    }

    @Verifies({"URS-INT-082", "URS-INT-002"})
    @Test
    void anEventThatCannotBeAppliedIsSetAsideAndTheRestOfItsGroupApplies() {
        String owner = newPerson("BSL");
        String other = newPerson("BSL");
        String first = newPerson("BSL");
        String last = newPerson("BSL");
        String recordId = "R-" + UUID.randomUUID();
        assertThat(intake.receiveRecord(SOURCE, record(recordId + "/1", owner, recordId, 1, "WD-CERT-1001"))
                        .outcome())
                .isEqualTo(IntakeResult.Outcome.APPLIED);

        // The source sends a newer version of the same record under another person: the ledger refuses it.
        SourceRecord poison = record(recordId + "/2", other, recordId, 2, "WD-CERT-1001");
        List<IntakeResult> results = intake.receiveRecords(
                SOURCE,
                List.of(
                        record("ok-" + UUID.randomUUID(), first, "R-" + UUID.randomUUID(), 1, "WD-CERT-1001"),
                        poison,
                        record("ok-" + UUID.randomUUID(), last, "R-" + UUID.randomUUID(), 1, "WD-CERT-1001")));

        assertThat(results.get(0).outcome()).isEqualTo(IntakeResult.Outcome.APPLIED);
        assertThat(results.get(2).outcome()).isEqualTo(IntakeResult.Outcome.APPLIED);
        assertThat(results.get(1).outcome()).isEqualTo(IntakeResult.Outcome.PARKED);
        assertThat(results.get(1).reason()).contains("could not be applied").contains("belongs to");
        assertThat(jdbc.sql("SELECT body FROM inbound_event WHERE id = ?")
                        .param(results.get(1).eventId())
                        .query(byte[].class)
                        .single())
                .isEqualTo(poison.raw());
        assertThat(count("SELECT count(*) FROM qualification WHERE employee_id IN (?, ?)", first, last))
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT employee_id FROM qualification WHERE source = ? AND source_record_id = ?")
                        .params(SOURCE, recordId)
                        .query(String.class)
                        .single())
                .isEqualTo(owner);
        assertThat(json(get("/api/v1/audit?action=event.parked&entityId="
                                + results.get(1).eventId()))
                        .get("entries"))
                .hasSize(1);
    }

    @Verifies({"URS-INT-230", "URS-SEQ-003", "URS-INT-082"})
    @Test
    void aPersonWithSeveralEventsInOneGroupIsPlannedOnceAsIfTheyCameOneAtATime() {
        for (boolean newerFirst : new boolean[] {false, true}) {
            for (boolean withPoison : new boolean[] {false, true}) {
                plannedAsIfOneAtATime(newerFirst, withPoison);
            }
        }
    }

    /**
     * One person's four events in one group (two versions of one record, in order or reversed), perhaps with a
     * poison event among them, against another person's same events sent one at a time.
     */
    private void plannedAsIfOneAtATime(boolean newerFirst, boolean withPoison) {
        String grouped = newPerson("BSL");
        String alone = newPerson("BSL");
        String owner = newPerson("BSL");
        String taken = "R-" + UUID.randomUUID();
        intake.receiveRecord(SOURCE, record(taken + "/1", owner, taken, 1, "WD-CERT-1001"));
        List<List<SourceRecord>> events = new ArrayList<>();
        for (String p : List.of(grouped, alone)) {
            String serial = "R-" + UUID.randomUUID();
            SourceRecord v2 = record(serial + "/2", p, serial, 2, "WD-CERT-3010");
            SourceRecord v3 = record(serial + "/3", p, serial, 3, "WD-CERT-3010");
            List<SourceRecord> of = new ArrayList<>(List.of(
                    record("gmp-" + UUID.randomUUID(), p, "R-" + UUID.randomUUID(), 1, "WD-CERT-1001"),
                    newerFirst ? v3 : v2,
                    record("gdp-" + UUID.randomUUID(), p, "R-" + UUID.randomUUID(), 1, "WD-CERT-1002"),
                    newerFirst ? v2 : v3));
            if (withPoison) {
                // a newer version of another person's record: the ledger refuses it, so the group is split
                of.add(2, record(taken + "/" + p, p, taken, 2, "WD-CERT-1001"));
            }
            events.add(of);
        }

        List<IntakeResult> inOneGroup = intake.receiveRecords(SOURCE, events.get(0));
        List<IntakeResult> oneByOne =
                events.get(1).stream().map(r -> intake.receiveRecord(SOURCE, r)).toList();

        List<IntakeResult.Outcome> expected = new ArrayList<>(List.of(
                IntakeResult.Outcome.APPLIED,
                IntakeResult.Outcome.APPLIED,
                IntakeResult.Outcome.APPLIED,
                newerFirst ? IntakeResult.Outcome.STALE : IntakeResult.Outcome.APPLIED));
        if (withPoison) {
            expected.add(2, IntakeResult.Outcome.PARKED);
        }
        assertThat(inOneGroup.stream().map(IntakeResult::outcome).toList()).isEqualTo(expected);
        assertThat(oneByOne.stream().map(IntakeResult::outcome).toList()).isEqualTo(expected);
        for (String p : List.of(grouped, alone)) {
            assertThat(count(
                            "SELECT max(source_version) FROM qualification WHERE employee_id = ? AND code = ?",
                            p,
                            "PACK-SERIAL"))
                    .isEqualTo(3);
            assertThat(count("SELECT count(*) FROM qualification WHERE employee_id = ?", p))
                    .isEqualTo(3);
        }
        // the poison event is kept as received, parked for review, whether it came in a group or alone
        for (List<IntakeResult> results : List.of(inOneGroup, oneByOne)) {
            for (IntakeResult r : results) {
                if (r.outcome() == IntakeResult.Outcome.PARKED) {
                    assertThat(jdbc.sql("SELECT outcome FROM inbound_event WHERE id = ?")
                                    .param(r.eventId())
                                    .query(String.class)
                                    .single())
                            .isEqualTo("PARKED");
                }
            }
        }
        // the same audit entries of the ledger, in the same order, whether planned as a group or alone
        sealAuditTrail();
        List<String> recorded =
                new ArrayList<>(List.of("qualification.recorded", "qualification.recorded", "qualification.recorded"));
        if (!newerFirst) {
            recorded.add("qualification.updated");
        }
        assertThat(ledgerActions(grouped)).containsExactlyElementsOf(recorded);
        assertThat(ledgerActions(alone)).containsExactlyElementsOf(recorded);
        // the same answer of the rules, justified over the same stretches
        assertThat(currentRows(grouped)).anyMatch(r -> r.startsWith("BSL.PACK-3.OPERATOR "));
        assertThat(currentRows(grouped)).isEqualTo(currentRows(alone));
        // and the role reaches the MES through the work items of each person and target
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mesGroupsOf(grouped).contains("BSL.PACK-3.OPERATOR")
                        && mesGroupsOf(alone).contains("BSL.PACK-3.OPERATOR"));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(grouped, alone)) == 0);
        assertThat(assignmentActions(grouped)).isEqualTo(assignmentActions(alone));
    }

    private List<String> ledgerActions(String person) {
        return jdbc.sql("SELECT action FROM audit_event WHERE employee_id = ? AND entity_type = 'qualification'"
                        + " ORDER BY seq")
                .param(person)
                .query(String.class)
                .list();
    }

    /** The person's entitlement rows as known now: role, and the stretch it is justified for. */
    private List<String> currentRows(String person) {
        return jdbc.sql("SELECT role || ' ' || valid_from || ' ' || coalesce(valid_to::text, '') FROM"
                        + " entitlement_interval WHERE employee_id = ? AND known_to IS NULL ORDER BY 1")
                .param(person)
                .query(String.class)
                .list();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private static SourceRecord record(String key, String person, String recordId, long version, String cert) {
        return PulledRecords.certification(key, person, recordId, version, cert);
    }
}
