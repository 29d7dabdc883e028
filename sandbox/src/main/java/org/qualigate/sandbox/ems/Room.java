package org.qualigate.sandbox.ems;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A monitored cleanroom and its in-operation limits.
 *
 * @param particles05Limit the limit of particles ≥ 0.5 µm per m³
 * @param particles50Limit the limit of particles ≥ 5.0 µm per m³, null when the grade sets none in operation
 * @param sensors how many sensor positions the room has
 */
public record Room(
        String room,
        String site,
        String grade,
        int sensors,
        long particles05Limit,
        @Nullable Long particles50Limit) {

    /** The smallest differential pressure to the adjacent lower grade, in pascal (a 10-15 Pa cascade). */
    public static final double MIN_DIFFERENTIAL_PRESSURE = 10.0;

    public Room {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(grade, "grade");
        if (sensors < 1) {
            throw new IllegalArgumentException("a room needs at least one sensor: " + room);
        }
        if (particles05Limit < 1) {
            throw new IllegalArgumentException("a room needs a 0.5 µm limit: " + room);
        }
    }
}
