package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every quality event as it came ({@code quality_inbound_event}): a webhook's body or a pulled row, stored in the
 * transaction that applies it, before it is acknowledged, once per delivery id (a repeat stores nothing), and then
 * marked with what became of it — the field and the reason when it could not be used.
 */
@Component
class QualityInbound {

    private final JdbcClient jdbc;
    private final Clock clock;

    QualityInbound(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores the event as {@code id}; empty when the delivery was stored already. */
    Optional<UUID> store(
            UUID id,
            String source,
            String deliveryId,
            @Nullable String type,
            @Nullable Integer schemaVersion,
            @Nullable String recordId,
            @Nullable Instant recordVersion,
            byte[] body) {
        return jdbc.sql("""
                        INSERT INTO quality_inbound_event (id, source, delivery_id, event_type, schema_version, record_id,
                            record_version, body, outcome, received_at, traceparent)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'KEPT', ?, ?)
                        ON CONFLICT (source, delivery_id) WHERE delivery_id IS NOT NULL DO NOTHING
                        RETURNING id""")
                .params(
                        id,
                        source,
                        deliveryId,
                        type,
                        schemaVersion,
                        recordId,
                        recordVersion == null ? null : Timestamp.from(recordVersion),
                        body,
                        Timestamp.from(clock.instant()),
                        Traces.current().map(TraceParent::header).orElse(null))
                .query(UUID.class)
                .optional();
    }

    /** Records what became of the event. */
    void outcome(QualityIntakeResult result) {
        jdbc.sql("UPDATE quality_inbound_event SET outcome = ?, field = ?, reason = ? WHERE id = ?")
                .params(result.outcome().name(), result.field(), result.reason(), result.eventId())
                .update();
    }
}
