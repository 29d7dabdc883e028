package org.qualigate.calibration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The comparisons run so far and the records either side sent that could not be used, newest first. */
@Component
public class CalibrationReview {

    private final JdbcClient jdbc;

    CalibrationReview(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest comparisons, newest first. */
    public List<CalibrationRun> runs(int limit) {
        return jdbc.sql("SELECT * FROM calibration_run ORDER BY started_at DESC, id LIMIT ?")
                .param(Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new CalibrationRun(
                        rs.getObject("id", UUID.class),
                        rs.getString("trigger"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at").toInstant(),
                        rs.getInt("maintenance_read"),
                        rs.getInt("qms_read"),
                        rs.getInt("unreadable"),
                        rs.getInt("agreed"),
                        rs.getInt("opened"),
                        rs.getInt("superseded"),
                        rs.getInt("only_maintenance"),
                        rs.getInt("only_qms"),
                        rs.getString("error")))
                .list();
    }

    /**
     * A record one system sent that could not be used: which system, its key, the field and why, the record as
     * received, and when it was first and last seen.
     */
    public record UnreadableRecord(
            UUID id,
            String system,
            String key,
            String field,
            String reason,
            String raw,
            Instant firstSeenAt,
            Instant lastSeenAt) {}

    /** Records kept for review because they could not be used, with the field, the reason and the raw record. */
    public List<UnreadableRecord> unreadable() {
        return jdbc.sql("SELECT * FROM calibration_unreadable ORDER BY last_seen_at DESC, id LIMIT 1000")
                .query((rs, n) -> new UnreadableRecord(
                        rs.getObject("id", UUID.class),
                        rs.getString("system"),
                        rs.getString("record_key"),
                        rs.getString("field"),
                        rs.getString("reason"),
                        rs.getString("raw"),
                        rs.getTimestamp("first_seen_at").toInstant(),
                        rs.getTimestamp("last_seen_at").toInstant()))
                .list();
    }
}
