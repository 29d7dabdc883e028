package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The QMS writes the sync has decided to make and not yet audited ({@code training_write_intent}). An intent
 * is committed before the QMS is called and removed in the transaction that audits the write; an intent
 * still there when the QMS is found to hold its content means the process died between the two, and the
 * write is audited then, with the cause and the old value recorded at the decision.
 */
@Component
class TrainingWriteIntents {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    TrainingWriteIntents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A write decided and not yet audited. */
    record Intent(
            String externalId,
            String contentSha256,
            @Nullable Map<String, Object> oldValue,
            Map<String, Object> newValue,
            String reason,
            @Nullable String cause) {}

    /** Records (or replaces) the intent to write this content, in a transaction of its own, before the call. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void record(EmployeeId employeeId, Intent intent) {
        jdbc.sql("""
                        INSERT INTO training_write_intent (external_id, employee_id, content_sha256, old_value, new_value,
                            reason, cause, recorded_at)
                        VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)
                        ON CONFLICT (external_id) DO UPDATE SET content_sha256 = EXCLUDED.content_sha256,
                            old_value = EXCLUDED.old_value, new_value = EXCLUDED.new_value, reason = EXCLUDED.reason,
                            cause = EXCLUDED.cause, recorded_at = EXCLUDED.recorded_at""")
                .params(
                        intent.externalId(),
                        employeeId.value(),
                        intent.contentSha256(),
                        intent.oldValue() == null ? null : JSON.writeValueAsString(intent.oldValue()),
                        JSON.writeValueAsString(intent.newValue()),
                        intent.reason(),
                        intent.cause(),
                        Timestamp.from(clock.instant()))
                .update();
    }

    /** The person's open intents by external id. */
    Map<String, Intent> of(EmployeeId employeeId) {
        Map<String, Intent> open = new HashMap<>();
        jdbc.sql("SELECT external_id, content_sha256, old_value::text, new_value::text, reason, cause "
                        + "FROM training_write_intent WHERE employee_id = ?")
                .param(employeeId.value())
                .query((rs, n) -> new Intent(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3) == null ? null : map(rs.getString(3)),
                        map(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6)))
                .list()
                .forEach(i -> open.put(i.externalId(), i));
        return open;
    }

    /** The write is audited (or refused): the intent goes, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void done(String externalId) {
        jdbc.sql("DELETE FROM training_write_intent WHERE external_id = ?")
                .param(externalId)
                .update();
    }

    /** A stored audit value read back as the map it was, to be appended to the chain as written. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        return JSON.readValue(json, Map.class);
    }
}
