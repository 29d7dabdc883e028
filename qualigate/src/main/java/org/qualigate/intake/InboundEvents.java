package org.qualigate.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored inbound events: the raw payload archive and the review list of those that could not be used. */
@Repository
public class InboundEvents {

    private final JdbcClient jdbc;

    public InboundEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Authentic events set aside (rejected or parked) and not yet resolved, oldest first. */
    public List<StoredEvent> awaitingReview(int limit) {
        return jdbc.sql(
                        "SELECT * FROM inbound_event WHERE outcome IN ('REJECTED', 'PARKED', 'QUARANTINED') AND resolved_at IS NULL "
                                + "ORDER BY received_at LIMIT ?")
                .param(limit)
                .query(InboundEvents::event)
                .list();
    }

    public Optional<StoredEvent> find(UUID id) {
        return jdbc.sql("SELECT * FROM inbound_event WHERE id = ?")
                .param(id)
                .query(InboundEvents::event)
                .optional();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM inbound_event").query(Long.class).single();
    }

    private static StoredEvent event(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new StoredEvent(
                rs.getObject("id", UUID.class),
                rs.getString("source"),
                rs.getString("webhook_id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("outcome"),
                rs.getString("reason"),
                rs.getString("field"),
                rs.getString("event_type"),
                rs.getString("employee_id"),
                rs.getString("source_record_id"),
                rs.getObject("source_version", Long.class),
                rs.getString("body_sha256"),
                rs.getBytes("body"));
    }

    /** One stored inbound event with its raw body. */
    public record StoredEvent(
            UUID id,
            String source,
            String webhookId,
            Instant receivedAt,
            String outcome,
            @Nullable String reason,
            @Nullable String field,
            @Nullable String eventType,
            @Nullable String employeeId,
            @Nullable String sourceRecordId,
            @Nullable Long sourceVersion,
            String bodySha256,
            byte[] body) {

        /** The body as text when it is valid UTF-8. */
        public Optional<String> bodyText() {
            try {
                return Optional.of(StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body))
                        .toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }
    }
}
