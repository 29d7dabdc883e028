package org.qualigate.environment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One reading of one sensor as the EMS published it, and where it was read from (topic, partition, offset). */
record EmsReading(
        String readingId,
        String room,
        String sensor,
        String parameter,
        double value,
        String unit,
        Instant measuredAt,
        String position) {

    /** The reading as an audit entry or an excursion keeps it: a map, because its bytes are hashed into the chain. */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("readingId", readingId);
        m.put("room", room);
        m.put("sensor", sensor);
        m.put("parameter", parameter);
        m.put("value", value);
        m.put("unit", unit);
        m.put("measuredAt", measuredAt.toString());
        m.put("position", position);
        return m;
    }
}
