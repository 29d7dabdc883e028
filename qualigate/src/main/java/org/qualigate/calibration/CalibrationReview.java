package org.qualigate.calibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Records kept for review because they could not be used, with the field, the reason and the raw record. */
    public List<Map<String, Object>> unreadable() {
        return jdbc.sql("SELECT * FROM calibration_unreadable ORDER BY last_seen_at DESC, id LIMIT 1000")
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getObject("id", UUID.class));
                    m.put("system", rs.getString("system"));
                    m.put("key", rs.getString("record_key"));
                    m.put("field", rs.getString("field"));
                    m.put("reason", rs.getString("reason"));
                    m.put("raw", rs.getString("raw"));
                    m.put("firstSeenAt", rs.getTimestamp("first_seen_at").toInstant());
                    m.put("lastSeenAt", rs.getTimestamp("last_seen_at").toInstant());
                    return m;
                })
                .list();
    }
}
