package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.TraceSteps;
import org.qualigate.trace.Traces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The batches NCs name ({@code quality_batch}): what the rules want of each, what the ERP was last seen to hold, and
 * the level-triggered item "bring this batch's stock in line", leased with a fencing token (only the holder may
 * complete it) and coalesced (a request while it is leased moves its sequence on, so it is worked again).
 */
@Component
class BatchWork {

    /** A lease on one batch's item. */
    record Lease(
            Lot lot,
            UUID token,
            long requestedSeq,
            int attempts,
            StockPlan.ErpState erpState,
            boolean parked,
            @Nullable String traceparent) {

        List<Object> key() {
            return List.of(lot.material(), lot.batch());
        }
    }

    /** One row per batch, due while {@code due_at} is set; a closed batch has none and is never claimed. */
    static final QueueTable BATCHES = QueueTable.of("quality_batch", "material", "batch")
            .claimableWhen("(lease_token IS NULL OR lease_until < :now)")
            .releasing("updated_at = :now")
            .errorsUpTo(1000);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LeasedQueue queue;
    private final TraceSteps steps;

    BatchWork(JdbcClient jdbc, Clock clock, TraceSteps steps) {
        this.jdbc = jdbc;
        this.steps = steps;
        this.clock = clock;
        this.queue = new LeasedQueue(jdbc, clock, BATCHES);
    }

    /** The decision changed or may have: store it and have the batch worked now (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    void request(HoldDecision decision) {
        Instant now = clock.instant();
        Lot lot = decision.lot();
        jdbc.sql("""
                        INSERT INTO quality_batch (material, batch, plant, desired, explanation, due_at, requested_seq,
                            updated_at, traceparent)
                        VALUES (?, ?, ?, ?, ?, ?, nextval('quality_batch_request_seq'), ?, ?)
                        ON CONFLICT (material, batch) DO UPDATE SET plant = EXCLUDED.plant, desired = EXCLUDED.desired,
                            traceparent = COALESCE(EXCLUDED.traceparent, quality_batch.traceparent),
                            explanation = EXCLUDED.explanation, requested_seq = EXCLUDED.requested_seq,
                            due_at = CASE WHEN quality_batch.attempts > 0 AND quality_batch.due_at IS NOT NULL
                                          THEN quality_batch.due_at ELSE EXCLUDED.due_at END,
                            updated_at = EXCLUDED.updated_at""")
                .params(
                        lot.material(),
                        lot.batch(),
                        lot.plant(),
                        decision.desired().name(),
                        decision.explanation(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        Traces.current().map(TraceParent::header).orElse(null))
                .update();
        steps.planned(
                lot.spoken(),
                "ERP work on " + lot.spoken() + ": " + decision.desired().name().toLowerCase());
    }

    @Transactional
    List<Lease> lease(int limit, Duration leaseFor) {
        return queue.claim(
                limit,
                leaseFor,
                "material, plant, batch, lease_token, requested_seq, attempts, erp_state, parked_reason IS NOT NULL, "
                        + "traceparent",
                (rs, n) -> new Lease(
                        new Lot(rs.getString(1), rs.getString(2), rs.getString(3)),
                        rs.getObject(4, UUID.class),
                        rs.getLong(5),
                        rs.getInt(6),
                        StockPlan.ErpState.valueOf(rs.getString(7)),
                        rs.getBoolean(8),
                        rs.getString(9)),
                java.util.Map.of());
    }

    /**
     * Done: the ERP holds what the rules want (or there is nothing to do); the item is closed unless it was
     * requested again meanwhile. {@code erpState} null leaves the last seen state as it is.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void complete(Lease lease, HoldDecision decision, StockPlan.@Nullable ErpState erpState, boolean unpark) {
        Instant now = clock.instant();
        // the decision the worker acted on is the one kept: a request decided concurrently from an older view of the
        // batch's holds (an NC and a recall's plan committed at the same moment) must not outlive it
        jdbc.sql("UPDATE quality_batch SET desired = ?, explanation = ? WHERE material = ? AND batch = ?"
                        + " AND lease_token = ?")
                .params(
                        decision.desired().name(),
                        decision.explanation(),
                        lease.lot().material(),
                        lease.lot().batch(),
                        lease.token())
                .update();
        jdbc.sql("""
                        UPDATE quality_batch SET
                            due_at = CASE WHEN requested_seq = ? THEN NULL ELSE LEAST(coalesce(due_at, ?), ?) END,
                            erp_state = coalesce(?::text, erp_state),
                            erp_checked_at = CASE WHEN ?::text IS NULL THEN erp_checked_at ELSE ? END,
                            parked_reason = CASE WHEN ?::boolean THEN NULL ELSE parked_reason END,
                            parked_at = CASE WHEN ?::boolean THEN NULL ELSE parked_at END,
                            attempts = 0, last_error = NULL, lease_token = NULL, lease_until = NULL, updated_at = ?
                        WHERE material = ? AND batch = ? AND lease_token = ?""")
                .params(
                        lease.requestedSeq(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        erpState == null ? null : erpState.name(),
                        erpState == null ? null : erpState.name(),
                        Timestamp.from(now),
                        unpark,
                        unpark,
                        Timestamp.from(now),
                        lease.lot().material(),
                        lease.lot().batch(),
                        lease.token())
                .update();
    }

    /** Parked (the ERP does not know the batch, or refused it): kept, with the reason, and checked again at {@code recheckAt}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void park(Lease lease, String reason, StockPlan.ErpState erpState, Instant recheckAt) {
        Instant now = clock.instant();
        jdbc.sql("""
                        UPDATE quality_batch SET parked_reason = ?, parked_at = coalesce(parked_at, ?), due_at = ?,
                            erp_state = ?, erp_checked_at = ?, attempts = 0, last_error = NULL, lease_token = NULL,
                            lease_until = NULL, updated_at = ?
                        WHERE material = ? AND batch = ? AND lease_token = ?""")
                .params(
                        reason,
                        Timestamp.from(now),
                        Timestamp.from(recheckAt),
                        erpState.name(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        lease.lot().material(),
                        lease.lot().batch(),
                        lease.token())
                .update();
    }

    /** Failed in a way that may pass (the ERP down, slow or busy): tried again at {@code retryAt}. */
    @Transactional
    void retry(Lease lease, Instant retryAt, String error) {
        queue.retry(lease.key(), lease.token(), retryAt, error);
    }

    /** The batch's row as the API and the pages show it. */
    Optional<BatchState> find(String material, String batch) {
        return jdbc.sql(SELECT + " WHERE material = ? AND batch = ?")
                .params(material, batch)
                .query(BatchWork::state)
                .optional();
    }

    List<BatchState> all(boolean parkedOnly, int limit) {
        return jdbc.sql(SELECT + (parkedOnly ? " WHERE parked_reason IS NOT NULL" : "")
                        + " ORDER BY updated_at DESC, material, batch LIMIT ?")
                .param(limit)
                .query(BatchWork::state)
                .list();
    }

    private static final String SELECT = "SELECT material, plant, batch, desired, explanation, erp_state, "
            + "erp_checked_at, parked_reason, parked_at, due_at, attempts, last_error, updated_at FROM quality_batch";

    private static BatchState state(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new BatchState(
                new Lot(rs.getString(1), rs.getString(2), rs.getString(3)),
                HoldDecision.Desired.valueOf(rs.getString(4)),
                rs.getString(5),
                StockPlan.ErpState.valueOf(rs.getString(6)),
                instant(rs.getTimestamp(7)),
                rs.getString(8),
                instant(rs.getTimestamp(9)),
                instant(rs.getTimestamp(10)),
                rs.getInt(11),
                rs.getString(12),
                instant(rs.getTimestamp(13)));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
