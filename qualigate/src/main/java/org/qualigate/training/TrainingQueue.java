package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.QualificationRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sync's work queue: one row per person, written in the transaction that changed their qualifications,
 * leased with a fencing token (only the current holder may complete or fail it) and coalesced: a request
 * while the item is leased moves its sequence number on, so the item is worked again.
 */
@Component
class TrainingQueue {

    /** One row per person, leased with a fresh UUID; claimable when it holds no lease or its lease ran out. */
    static final QueueTable SYNC_ITEMS = QueueTable.of("training_sync_item", "employee_id")
            .claimableWhen("(lease_token IS NULL OR lease_until < :now)")
            .releasing("updated_at = :now")
            .errorsUpTo(Integer.MAX_VALUE);

    private final JdbcClient jdbc;
    private final Persons persons;
    private final Clock clock;
    private final LeasedQueue queue;

    TrainingQueue(JdbcClient jdbc, Persons persons, Clock clock) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.clock = clock;
        this.queue = new LeasedQueue(jdbc, clock, SYNC_ITEMS);
    }

    /** A lease on one person's item. */
    record Lease(EmployeeId employeeId, UUID token, long requestedSeq, int attempts) {

        List<Object> key() {
            return List.of(employeeId.value());
        }
    }

    /**
     * A qualification changed: bring the person up to date in the QMS, in the caller's transaction. The people
     * announced in one transaction (an intake group's) are written together, in one statement just before it
     * commits, or before the queue's own next statement in it, whichever comes first.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(QualificationRecorded event) {
        Instant now = clock.instant();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            request(event.employeeId(), now);
            return;
        }
        Announced announced = (Announced) TransactionSynchronizationManager.getResource(this);
        if (announced == null) {
            announced = new Announced();
            TransactionSynchronizationManager.bindResource(this, announced);
            TransactionSynchronizationManager.registerSynchronization(announced);
        }
        announced.add(event.employeeId().value(), now);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void request(EmployeeId employeeId, Instant dueAt) {
        writeAnnounced();
        Instant now = clock.instant();
        upsert(
                new String[] {employeeId.value()},
                new String[] {dueAt.toString()},
                new String[] {now.toString()},
                new String[] {now.toString()});
    }

    /**
     * Requests one item per person in one statement, in the order of their IDs (so that two transactions lock the
     * rows in one order). On conflict the request moves the sequence number on; the due time moves earlier only
     * while the item was not tried yet (a failing item keeps its backoff).
     */
    private void upsert(String[] people, String[] dueAt, String[] createdAt, String[] updatedAt) {
        jdbc.sql("""
                        INSERT INTO training_sync_item (employee_id, due_at, requested_seq, created_at, updated_at)
                        SELECT employee_id, due_at, nextval('training_request_seq'), created_at, updated_at
                        FROM unnest(?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[],
                            ?::text[]::timestamptz[]) AS r(employee_id, due_at, created_at, updated_at)
                        ORDER BY employee_id
                        ON CONFLICT (employee_id) DO UPDATE SET requested_seq = EXCLUDED.requested_seq,
                            due_at = CASE WHEN training_sync_item.attempts > 0 THEN training_sync_item.due_at
                                          ELSE LEAST(training_sync_item.due_at, EXCLUDED.due_at) END,
                            updated_at = EXCLUDED.updated_at""").params(people, dueAt, createdAt, updatedAt).update();
    }

    /** Writes the people announced so far in the current transaction, if any were not written yet. */
    private void writeAnnounced() {
        if (TransactionSynchronizationManager.getResource(this) instanceof Announced announced) {
            announced.write();
        }
    }

    /**
     * The people announced in the current transaction and not yet written, each with the first and the last
     * instant it was announced at: one row each gives what one upsert per announcement would have left (the
     * earliest due time, the first creation and the last update).
     */
    private final class Announced implements TransactionSynchronization {

        private final SortedMap<String, Instant[]> people = new TreeMap<>();
        private boolean committing;

        void add(String employeeId, Instant at) {
            Instant[] seen = people.get(employeeId);
            if (seen == null) {
                people.put(employeeId, new Instant[] {at, at});
            } else {
                seen[0] = seen[0].isAfter(at) ? at : seen[0];
                seen[1] = at;
            }
            if (committing) {
                // announced by another synchronization after this one wrote its rows: written at once
                write();
            }
        }

        void write() {
            if (people.isEmpty()) {
                return;
            }
            String[] ids = people.keySet().toArray(String[]::new);
            String[] first = people.values().stream().map(t -> t[0].toString()).toArray(String[]::new);
            String[] last = people.values().stream().map(t -> t[1].toString()).toArray(String[]::new);
            people.clear();
            upsert(ids, first, first, last);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            committing = true;
            write();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TrainingQueue.this);
        }
    }

    /** Every active person of the site is to be brought up to date (or observed) again, e.g. after a mode switch. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int requestSite(String site) {
        writeAnnounced();
        Instant now = clock.instant();
        // the site's active people come from the ledger, which owns them
        String[] people = persons.idsAtSite(site, Person.Status.ACTIVE).toArray(String[]::new);
        return jdbc.sql("""
                        INSERT INTO training_sync_item (employee_id, due_at, requested_seq, created_at, updated_at)
                        SELECT employee_id, ?, nextval('training_request_seq'), ?, ?
                        FROM unnest(?::text[]) AS people(employee_id)
                        ON CONFLICT (employee_id) DO UPDATE SET requested_seq = EXCLUDED.requested_seq,
                            due_at = LEAST(training_sync_item.due_at, EXCLUDED.due_at), updated_at = EXCLUDED.updated_at""")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now), people)
                .update();
    }

    @Transactional
    List<Lease> lease(int limit, Duration leaseFor) {
        writeAnnounced();
        return queue.claim(
                limit,
                leaseFor,
                "employee_id, lease_token, requested_seq, attempts",
                (rs, n) -> new Lease(
                        EmployeeId.of(rs.getString(1)), rs.getObject(2, UUID.class), rs.getLong(3), rs.getInt(4)),
                java.util.Map.of());
    }

    /** Done: removed, or kept for {@code nextAt} (the next expiry); worked again at once if re-requested meanwhile. */
    @Transactional
    void complete(Lease lease, @Nullable Instant nextAt) {
        writeAnnounced();
        int kept = nextAt == null
                ? (queue.removeIfUnchanged(lease.key(), lease.token(), "requested_seq", lease.requestedSeq()) ? 1 : 0)
                : jdbc.sql("""
                                UPDATE training_sync_item SET due_at = ?, attempts = 0, lease_token = NULL,
                                    lease_until = NULL, last_error = NULL, updated_at = ?
                                WHERE employee_id = ? AND lease_token = ? AND requested_seq = ?""")
                        .params(
                                Timestamp.from(nextAt),
                                Timestamp.from(clock.instant()),
                                lease.employeeId().value(),
                                lease.token(),
                                lease.requestedSeq())
                        .update();
        if (kept == 0) {
            jdbc.sql("""
                            UPDATE training_sync_item SET attempts = 0, lease_token = NULL, lease_until = NULL,
                                last_error = NULL, due_at = LEAST(due_at, ?)
                            WHERE employee_id = ? AND lease_token = ?""")
                    .params(Timestamp.from(clock.instant()), lease.employeeId().value(), lease.token())
                    .update();
        }
    }

    /** Failed transiently: tried again at {@code retryAt}. */
    @Transactional
    void retry(Lease lease, Instant retryAt, @Nullable String error) {
        writeAnnounced();
        queue.retry(lease.key(), lease.token(), retryAt, error);
    }

    /** Not tried at all (calls to the QMS are paused): due again at {@code at}, without counting an attempt. */
    @Transactional
    void postpone(Lease lease, Instant at, @Nullable String why) {
        writeAnnounced();
        queue.postpone(lease.key(), lease.token(), at, why);
    }

    /** Given up (permanent failure, or too many attempts): removed; the reason is kept for review by the caller. */
    @Transactional(propagation = Propagation.MANDATORY)
    void giveUp(Lease lease) {
        writeAnnounced();
        queue.remove(lease.key(), lease.token());
    }

    /** The item waiting for the person: when it is due, how often it was tried, and the last error. */
    record Pending(Instant dueAt, int attempts, @Nullable String lastError) {}

    /** The item waiting for the person, if any. */
    Optional<Pending> pending(EmployeeId employeeId) {
        writeAnnounced();
        return jdbc.sql("SELECT due_at, attempts, last_error FROM training_sync_item WHERE employee_id = ?")
                .param(employeeId.value())
                .query((rs, n) -> new Pending(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getString(3)))
                .optional();
    }
}
