package org.qualigate.training;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the sync would have written to the QMS for people of a site in observe mode: one row per record (and
 * one for the certification status), replaced at each computation and cleared once the person is synced in
 * enforce mode.
 */
@Component
public class TrainingObservations {

    /** The kind of write the sync held back. */
    public enum Action {
        CREATE,
        UPDATE,
        CERTIFICATION_STATUS
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    TrainingObservations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void clear(EmployeeId employeeId) {
        jdbc.sql("DELETE FROM training_observation WHERE employee_id = ?")
                .param(employeeId.value())
                .update();
    }

    void record(
            String site,
            EmployeeId employeeId,
            String externalId,
            Action action,
            @Nullable Map<String, Object> current,
            Map<String, Object> wouldWrite) {
        jdbc.sql("""
                        INSERT INTO training_observation (employee_id, external_id, site, action, current, would_write,
                            observed_at) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
                        ON CONFLICT (employee_id, external_id) DO UPDATE SET site = EXCLUDED.site,
                            action = EXCLUDED.action, current = EXCLUDED.current, would_write = EXCLUDED.would_write,
                            observed_at = EXCLUDED.observed_at""")
                .params(
                        employeeId.value(),
                        externalId,
                        site,
                        action.name(),
                        current == null ? null : TrainingConflicts.JSON.writeValueAsString(current),
                        TrainingConflicts.JSON.writeValueAsString(wouldWrite),
                        Timestamp.from(clock.instant()))
                .update();
    }

    /** Whether a write of this record is being held back by observe mode. */
    public boolean heldBack(String employeeId, String externalId) {
        return jdbc.sql("SELECT count(*) FROM training_observation WHERE employee_id = ? AND external_id = ?")
                        .params(employeeId, externalId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * One write held back: the record as the QMS holds it now (null when it holds none) and as the sync would write
     * it, both as stored (objects keyed by the record's fields).
     */
    public record Observation(
            String employeeId,
            String externalId,
            String action,
            @Nullable Map<String, Object> current,
            Map<String, Object> wouldWrite,
            Instant observedAt) {}

    /** What would change at the site, by person. */
    public List<Observation> of(String site) {
        return jdbc.sql("""
                        SELECT employee_id, external_id, action, current, would_write, observed_at
                        FROM training_observation WHERE site = ? ORDER BY employee_id, external_id LIMIT 10000""")
                .param(site)
                .query(TrainingObservations::observation)
                .list();
    }

    @SuppressWarnings("unchecked")
    static Observation observation(ResultSet rs, int n) throws SQLException {
        String current = rs.getString(4);
        return new Observation(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                current == null ? null : TrainingConflicts.JSON.readValue(current, Map.class),
                TrainingConflicts.JSON.readValue(rs.getString(5), Map.class),
                rs.getTimestamp(6).toInstant());
    }
}
