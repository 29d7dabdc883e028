package org.qualigate.sandbox.ems;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of one sensor, as the EMS publishes it (JSON, schema version 1).
 *
 * @param parameter {@code PARTICLES_0_5_UM}, {@code PARTICLES_5_0_UM}, {@code TEMPERATURE} or
 *     {@code DIFFERENTIAL_PRESSURE}
 * @param unit {@code particles/m3}, {@code Cel} or {@code Pa}
 * @param excursion whether the generator meant it to lie beyond the room's limit (not in the message: the
 *     consumer judges by its own limits)
 */
public record Reading(
        String readingId,
        Room room,
        String sensor,
        String parameter,
        double value,
        String unit,
        Instant measuredAt,
        boolean excursion) {

    public static final int SCHEMA_VERSION = 1;

    /** The message value's fields, in order. */
    public Map<String, Object> message() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("readingId", readingId);
        m.put("room", room.room());
        m.put("site", room.site());
        m.put("grade", room.grade());
        m.put("sensor", sensor);
        m.put("parameter", parameter);
        m.put("value", value);
        m.put("unit", unit);
        m.put("measuredAt", measuredAt.toString());
        m.put("operatingState", "IN_OPERATION");
        return m;
    }
}
