package org.qualigate.environment;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qualigate.environment.RoomLimits.Level;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batch's readings summed per room, parameter and minute of the reading's own time, then added to the stored
 * sums in one batched statement: what is kept of every reading (decision 0066).
 */
final class MinuteSums {

    private static final class Sum {
        int readings;
        int alert;
        int action;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
    }

    private record Key(String room, String parameter, Instant minute) {}

    private final Map<Key, Sum> sums = new LinkedHashMap<>();

    void add(EmsReading r, Level level) {
        Sum s = sums.computeIfAbsent(
                new Key(r.room(), r.parameter(), r.measuredAt().truncatedTo(ChronoUnit.MINUTES)), k -> new Sum());
        s.readings++;
        s.alert += level == Level.WITHIN ? 0 : 1;
        s.action += level == Level.ACTION ? 1 : 0;
        s.min = Math.min(s.min, r.value());
        s.max = Math.max(s.max, r.value());
        s.sum += r.value();
    }

    /** Adds the batch's sums to the stored ones (an alert count includes the readings beyond the action limit). */
    void store(JdbcTemplate jdbc) {
        if (sums.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(sums.size());
        sums.forEach((k, s) -> rows.add(new Object[] {
            k.room(), k.parameter(), Timestamp.from(k.minute()), s.readings, s.alert, s.action, s.min, s.max, s.sum
        }));
        jdbc.batchUpdate("""
                INSERT INTO ems_reading_minute
                    (room, parameter, minute, readings, beyond_alert, beyond_action, min_value, max_value, sum_value)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (room, parameter, minute) DO UPDATE SET
                    readings = ems_reading_minute.readings + EXCLUDED.readings,
                    beyond_alert = ems_reading_minute.beyond_alert + EXCLUDED.beyond_alert,
                    beyond_action = ems_reading_minute.beyond_action + EXCLUDED.beyond_action,
                    min_value = LEAST(ems_reading_minute.min_value, EXCLUDED.min_value),
                    max_value = GREATEST(ems_reading_minute.max_value, EXCLUDED.max_value),
                    sum_value = ems_reading_minute.sum_value + EXCLUDED.sum_value""", rows);
    }
}
