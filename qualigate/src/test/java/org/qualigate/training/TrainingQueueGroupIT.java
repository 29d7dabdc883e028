package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.QualificationRecorded;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.support.PulledRecords;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The QMS sync's queue receives an intake group's requests together, in one statement before the group commits:
 * the rows it leaves are the ones one request per event left — one per person, the sequence number moved on, the
 * earliest due time unless the item is backing off after failed attempts, its attempts and error kept.
 */
class TrainingQueueGroupIT extends DrivenWorkersIT {

    private static final String SOURCE = "csv";

    @Autowired
    IntakeService intake;

    @Autowired
    TrainingQueue queue;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-INT-082")
    @Test
    void aGroupLeavesTheQueueRowsThatItsEventsLeftOneAtATime() {
        for (boolean newerFirst : new boolean[] {true, false}) {
            Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(1));
            Instant later = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofHours(1));
            // three people of a group and three who get the same events one at a time: the first with two versions
            // of one record and another record, the second backing off after two failed attempts, the third with
            // an item due later
            List<String> grouped = List.of(newPerson("BSL"), newPerson("BSL"), newPerson("BSL"));
            List<String> alone = List.of(newPerson("BSL"), newPerson("BSL"), newPerson("BSL"));
            List<List<SourceRecord>> events = new ArrayList<>();
            for (List<String> people : List.of(grouped, alone)) {
                jdbc.sql("DELETE FROM training_sync_item WHERE employee_id IN (?, ?, ?)")
                        .params(people.get(0), people.get(1), people.get(2))
                        .update();
                item(people.get(1), later, 2, "QMS unavailable", created);
                item(people.get(2), later, 0, null, created);
                String serial = "R-" + UUID.randomUUID();
                SourceRecord v2 = record(serial + "/2", people.get(0), serial, 2, "WD-CERT-3010");
                SourceRecord v3 = record(serial + "/3", people.get(0), serial, 3, "WD-CERT-3010");
                events.add(List.of(
                        newerFirst ? v3 : v2,
                        record("b-" + UUID.randomUUID(), people.get(1), "R-" + UUID.randomUUID(), 1, "WD-CERT-1001"),
                        record("c-" + UUID.randomUUID(), people.get(2), "R-" + UUID.randomUUID(), 1, "WD-CERT-1001"),
                        record("a-" + UUID.randomUUID(), people.get(0), "R-" + UUID.randomUUID(), 1, "WD-CERT-1002"),
                        newerFirst ? v2 : v3));
            }
            long seqBefore = jdbc.sql("SELECT last_value FROM training_request_seq")
                    .query(Long.class)
                    .single();

            Instant from = clock.instant().minusMillis(1);
            List<IntakeResult> inOneGroup = intake.receiveRecords(SOURCE, events.get(0));
            List<IntakeResult> oneByOne = events.get(1).stream()
                    .map(r -> intake.receiveRecord(SOURCE, r))
                    .toList();

            IntakeResult.Outcome last = newerFirst ? IntakeResult.Outcome.STALE : IntakeResult.Outcome.APPLIED;
            assertThat(inOneGroup.stream().map(IntakeResult::outcome).toList())
                    .containsExactly(
                            IntakeResult.Outcome.APPLIED,
                            IntakeResult.Outcome.APPLIED,
                            IntakeResult.Outcome.APPLIED,
                            IntakeResult.Outcome.APPLIED,
                            last);
            assertThat(oneByOne.stream().map(IntakeResult::outcome).toList())
                    .isEqualTo(inOneGroup.stream().map(IntakeResult::outcome).toList());
            Instant to = clock.instant().plusMillis(1);
            for (int i = 0; i < 3; i++) {
                assertThat(rows(grouped.get(i), created, later, from, to))
                        .hasSize(1)
                        .isEqualTo(rows(alone.get(i), created, later, from, to));
                assertThat(seq(grouped.get(i))).isGreaterThan(seqBefore);
            }
            // the newest version of the record is the one stored, whatever the order
            assertThat(jdbc.sql("SELECT max(source_version) FROM qualification WHERE employee_id = ? AND code = ?")
                            .params(grouped.get(0), "PACK-SERIAL")
                            .query(Long.class)
                            .single())
                    .isEqualTo(3);
            // and what that means: due now, a failing item keeps its backoff, an item due later is due now
            assertThat(rows(grouped.get(0), created, later, from, to))
                    .containsExactly("due-now 0 null created-now updated-now free");
            assertThat(rows(grouped.get(1), created, later, from, to))
                    .containsExactly("due-later 2 QMS unavailable created-before updated-now free");
            assertThat(rows(grouped.get(2), created, later, from, to))
                    .containsExactly("due-now 0 null created-before updated-now free");
        }
    }

    @Verifies("URS-INT-082")
    @Test
    void requestsAnnouncedInATransactionAreSeenByTheQueueWithinItAndGoWithItsRollback() {
        String kept = newPerson("BSL");
        String rolledBack = newPerson("BSL");
        jdbc.sql("DELETE FROM training_sync_item WHERE employee_id IN (?, ?)")
                .params(kept, rolledBack)
                .update();
        TransactionTemplate tx = new TransactionTemplate(transactions);

        boolean seenWithin = tx.execute(s -> {
            announce(kept);
            announce(kept);
            return queue.pending(EmployeeId.of(kept)).isPresent();
        });
        tx.executeWithoutResult(s -> {
            announce(rolledBack);
            s.setRollbackOnly();
        });

        assertThat(seenWithin).isTrue();
        assertThat(count(kept)).isEqualTo(1);
        assertThat(count(rolledBack)).isZero();
    }

    private void announce(String person) {
        events.publishEvent(new QualificationRecorded(EmployeeId.of(person), Qualification.Authority.HRIS));
    }

    private void item(String person, Instant dueAt, int attempts, String lastError, Instant created) {
        jdbc.sql("""
                        INSERT INTO training_sync_item (employee_id, due_at, requested_seq, attempts, last_error,
                            created_at, updated_at)
                        VALUES (?, ?::timestamptz, nextval('training_request_seq'), ?, ?, ?::timestamptz,
                            ?::timestamptz)""")
                .params(person, dueAt.toString(), attempts, lastError, created.toString(), created.toString())
                .update();
    }

    /**
     * The person's queue rows: due, attempts, error, created, updated, and whether it is leased, each instant named
     * as the one set before the events ({@code before}, {@code later}) or as one while they were sent ({@code from}
     * to {@code to}, the clock runs on).
     */
    private List<String> rows(String person, Instant before, Instant later, Instant from, Instant to) {
        return jdbc.sql("""
                        WITH t AS (SELECT ?::timestamptz AS before, ?::timestamptz AS later, ?::timestamptz AS from_,
                            ?::timestamptz AS to_)
                        SELECT concat_ws(' ',
                            CASE WHEN due_at = later THEN 'due-later' WHEN due_at BETWEEN from_ AND to_
                                 AND due_at <= updated_at THEN 'due-now'
                                 ELSE due_at::text END,
                            attempts, coalesce(last_error, 'null'),
                            CASE WHEN created_at = before THEN 'created-before'
                                 WHEN created_at BETWEEN from_ AND to_ THEN 'created-now' ELSE created_at::text END,
                            CASE WHEN updated_at BETWEEN from_ AND to_ AND updated_at >= created_at THEN 'updated-now'
                                 ELSE updated_at::text END,
                            CASE WHEN lease_token IS NULL THEN 'free' ELSE 'leased' END)
                        FROM training_sync_item, t WHERE employee_id = ?""")
                .params(before.toString(), later.toString(), from.toString(), to.toString(), person)
                .query(String.class)
                .list();
    }

    private long count(String person) {
        return jdbc.sql("SELECT count(*) FROM training_sync_item WHERE employee_id = ?")
                .param(person)
                .query(Long.class)
                .single();
    }

    private long seq(String person) {
        return jdbc.sql("SELECT requested_seq FROM training_sync_item WHERE employee_id = ?")
                .param(person)
                .query(Long.class)
                .single();
    }

    private static SourceRecord record(String key, String person, String recordId, long version, String cert) {
        return PulledRecords.certification(key, person, recordId, version, cert);
    }
}
