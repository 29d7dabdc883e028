package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.OutboundEvents;
import org.qualigate.jobs.LeasedQueue;
import org.qualigate.jobs.QueueTable;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox of the outcomes subscribers are told of ({@code quality_outbound_event}): an outcome is added in the
 * transaction of its audit entry, with an id it keeps for every attempt, and only when a subscriber is configured
 * (without one nothing is kept to send). A worker leases the due events from the one leased queue; an event is
 * claimable only when no earlier event of its subject is still to be sent, so a subject's events leave in order. A sent
 * or refused event stays, as the record of what left and when.
 */
@Component
class QualityOutbox {

    /** A leased event, ready to send. */
    record Pending(long seq, UUID token, int attempts, OutboundEvents.Event event) {

        List<Object> key() {
            return List.of(seq);
        }
    }

    static final QueueTable EVENTS = QueueTable.of("quality_outbound_event", "seq")
            .orderedBy("seq")
            .claimableWhen("(lease_token IS NULL OR lease_until < :now) AND NOT EXISTS (SELECT 1 FROM"
                    + " quality_outbound_event earlier WHERE earlier.subject = quality_outbound_event.subject"
                    + " AND earlier.seq < quality_outbound_event.seq AND earlier.due_at IS NOT NULL)")
            .errorsUpTo(1000);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectProvider<OutboundEvents> subscriber;
    private final LeasedQueue queue;
    private final JsonMapper json = JsonMapper.builder().build();

    QualityOutbox(JdbcClient jdbc, Clock clock, ObjectProvider<OutboundEvents> subscriber) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.subscriber = subscriber;
        this.queue = new LeasedQueue(jdbc, clock, EVENTS);
    }

    /** Whether outcomes are kept to be sent (a subscriber is configured). */
    boolean on() {
        return subscriber.getIfAvailable() != null;
    }

    /** Adds the outcome to be sent now, under the trace in force (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    void add(OutcomeEvent outcome) {
        if (!on()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        INSERT INTO quality_outbound_event (event_id, type, subject, occurred_at, dataschema, data,
                            traceparent, due_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        outcome.type(),
                        outcome.subject(),
                        Timestamp.from(now),
                        outcome.dataschema(),
                        json.writeValueAsString(outcome.data()),
                        Traces.current().map(TraceParent::header).orElse(null),
                        Timestamp.from(now))
                .update();
    }

    /** Leases up to {@code limit} due events, each the earliest of its subject still to be sent. */
    @Transactional
    List<Pending> claim(int limit, Duration leaseFor) {
        return queue.claim(
                limit,
                leaseFor,
                "seq, lease_token, attempts, event_id, type, subject, occurred_at, dataschema, data, traceparent",
                (rs, n) -> new Pending(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        new OutboundEvents.Event(
                                rs.getObject(4, UUID.class),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getTimestamp(7).toInstant(),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10))),
                Map.of());
    }

    /** Sent: kept as sent, no longer due; false when the lease was lost (another instance has it). */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean delivered(Pending p) {
        return finish(p, "delivered_at = :now", null);
    }

    /** Refused by the subscriber for good: kept with the reason, no longer due; false when the lease was lost. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean refused(Pending p, String reason) {
        return finish(p, "refused_at = :now, refused_reason = :reason", reason);
    }

    /** Failed in a way that may pass: due again at {@code due}. */
    void retry(Pending p, Instant due, String error) {
        queue.retry(p.key(), p.token(), due, error);
    }

    private boolean finish(Pending p, String set, @Nullable String reason) {
        return jdbc.sql("UPDATE quality_outbound_event SET " + set + ", due_at = NULL, attempts = attempts + 1,"
                                + " last_error = NULL, lease_token = NULL, lease_until = NULL"
                                + " WHERE seq = :seq AND lease_token = :token")
                        .param("now", Timestamp.from(clock.instant()))
                        .param("reason", reason == null ? "" : truncated(reason))
                        .param("seq", p.seq())
                        .param("token", p.token())
                        .update()
                == 1;
    }

    private static String truncated(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
