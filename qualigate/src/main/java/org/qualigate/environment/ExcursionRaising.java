package org.qualigate.environment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.NonconformanceRaiser;
import org.qualigate.connector.TargetException;
import org.qualigate.jobs.Backoff;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises each accepted excursion as a non-conformance in the QMS, level-triggered: an excursion QA accepted is due
 * from its acceptance until the QMS's record is stored on it. One instance at a time holds it under a lease; the
 * QMS is asked for the record under the excursion's key before one is created, so a retry, a crash after the QMS
 * made the record, or a second instance finds that record rather than making another. A failure is retried after the
 * shared {@link Backoff}; the record's id and number are stored and audited in one transaction. Without a QMS
 * nothing is raised and the excursions stay due.
 */
@Component
public class ExcursionRaising {

    private static final Logger log = LoggerFactory.getLogger(ExcursionRaising.class);

    static final String ACTOR = "system:environment";

    /** One row per excursion, due from QA's acceptance until the QMS's record is stored. */
    static final QueueTable TO_RAISE = QueueTable.of("ems_excursion", "id")
            .dueFrom("qms_due_at")
            .claimableWhen(
                    "review = 'ACCEPTED' AND qms_record_id IS NULL AND (lease_until IS NULL OR lease_until < :now)")
            .errorsUpTo(1000);

    /** Where raising an excursion in the QMS stands. */
    public enum State {
        /** Not accepted: nothing to raise. */
        NOT_ACCEPTED,
        /** Accepted before the service raised excursions itself: QA raised it in the QMS by hand. */
        BY_HAND,
        /** Accepted and waiting to be raised (again, after a failure, when {@code attempts} is above 0). */
        WAITING,
        /** Raised: the QMS's record is stored. */
        RAISED
    }

    /** An excursion's raising as the page and the API show it. */
    public record Raising(
            State state,
            @Nullable String recordId,
            @Nullable String recordName,
            @Nullable Instant raisedAt,
            int attempts,
            @Nullable String lastError,
            @Nullable Instant nextAttemptAt,
            boolean qmsConfigured) {}

    private record Lease(UUID id, UUID token, int attempts) {}

    private final JdbcClient jdbc;
    private final Excursions excursions;
    private final ObjectProvider<NonconformanceRaiser> raiser;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LeasedQueue queue;
    private final Backoff backoff;

    ExcursionRaising(
            JdbcClient jdbc,
            Excursions excursions,
            ObjectProvider<NonconformanceRaiser> raiser,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            @Value("${qualigate.ems.raise.backoff-initial:PT10S}") Duration backoffInitial,
            @Value("${qualigate.ems.raise.backoff-max:PT15M}") Duration backoffMax) {
        this.jdbc = jdbc;
        this.excursions = excursions;
        this.raiser = raiser;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.queue = new LeasedQueue(jdbc, clock, TO_RAISE);
        this.backoff = new Backoff(backoffInitial, backoffMax);
    }

    @Scheduled(
            initialDelayString = "${qualigate.ems.raise.initial-delay:PT10S}",
            fixedDelayString = "${qualigate.ems.raise.poll-interval:PT5S}")
    void poll() {
        try {
            for (int rounds = 0; rounds < 100 && workDue() > 0; rounds++) {
                // each round raises one claim of due excursions
            }
        } catch (RuntimeException e) {
            log.error("raising accepted excursions in the QMS failed", e);
        }
    }

    /** Raises the excursions that are due; answers how many were taken (none without a QMS). */
    public int workDue() {
        NonconformanceRaiser qms = raiser.getIfAvailable();
        if (qms == null) {
            return 0;
        }
        List<Lease> leases = tx.execute(s -> queue.claim(
                20,
                Duration.ofMinutes(2),
                "id, lease_token, attempts",
                (rs, n) -> new Lease(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3)),
                Map.of()));
        for (Lease lease : leases) {
            try {
                raise(qms, lease);
            } catch (TargetException e) {
                retry(lease, e.retryAfter().orElse(backoff.after(lease.attempts())), e.getMessage());
                log.warn("raising excursion {} in the QMS failed ({})", lease.id(), e.getMessage());
            } catch (RuntimeException e) {
                retry(lease, backoff.after(lease.attempts()), String.valueOf(e));
                log.error("raising excursion {} in the QMS failed", lease.id(), e);
            }
        }
        return leases.size();
    }

    private void raise(NonconformanceRaiser qms, Lease lease) {
        ExcursionDraft d = excursions.find(lease.id()).orElseThrow();
        NonconformanceRaiser.Raised raised = qms.raise(ExcursionNonconformance.of(d));
        tx.executeWithoutResult(s -> record(d, lease, raised));
    }

    /** Stores the QMS's record and audits it, unless the lease was lost (whoever holds it now stores it). */
    private void record(ExcursionDraft d, Lease lease, NonconformanceRaiser.Raised raised) {
        if (!queue.holds(List.of(lease.id()), lease.token(), true)) {
            return;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        UPDATE ems_excursion SET qms_record_id = ?, qms_record_name = ?, qms_raised_at = ?,
                            qms_due_at = NULL, last_error = NULL, lease_token = NULL, lease_until = NULL
                        WHERE id = ? AND lease_token = ?""")
                .params(raised.recordId(), raised.name(), Timestamp.from(now), d.id(), lease.token())
                .update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("qmsRecordId", raised.recordId());
        after.put("qmsRecord", raised.name());
        after.put("key", ExcursionNonconformance.key(d));
        after.put("createdNow", raised.created());
        audit.append(new AuditRecord(
                ACTOR,
                "ems.excursion.raised",
                Excursions.RECORD_TYPE,
                d.id().toString(),
                null,
                null,
                after,
                "raised in the QMS as " + raised.name() + (raised.created() ? "" : " (found there under its key)")
                        + " because excursion " + d.room() + " " + d.parameter() + " " + d.limitWords() + " since "
                        + d.startedAt() + " was accepted by " + d.reviewedBy() + " with reason \"" + d.reviewReason()
                        + "\"",
                null));
    }

    private void retry(Lease lease, Duration wait, String error) {
        queue.retry(List.of(lease.id()), lease.token(), clock.instant().plus(wait), error);
    }

    /** Where raising the excursion in the QMS stands; empty when there is no such excursion. */
    public Optional<Raising> of(UUID id) {
        boolean configured = raiser.getIfAvailable() != null;
        return jdbc.sql("""
                        SELECT review, qms_due_at, qms_record_id, qms_record_name, qms_raised_at, attempts, last_error
                        FROM ems_excursion WHERE id = ?""").param(id).query((rs, n) -> raising(rs, configured)).optional();
    }

    private static Raising raising(ResultSet rs, boolean configured) throws SQLException {
        Instant due = instant(rs.getTimestamp("qms_due_at"));
        String recordId = rs.getString("qms_record_id");
        State state = !"ACCEPTED".equals(rs.getString("review"))
                ? State.NOT_ACCEPTED
                : recordId != null ? State.RAISED : due == null ? State.BY_HAND : State.WAITING;
        return new Raising(
                state,
                recordId,
                rs.getString("qms_record_name"),
                instant(rs.getTimestamp("qms_raised_at")),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                state == State.WAITING ? due : null,
                configured);
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
