package org.qualigate.environment;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.environment.RoomLimits.Limit;
import org.qualigate.environment.RoomLimits.Room;

/**
 * An excursion episode of one room's parameter: from the first reading beyond the action limit until every sensor
 * that went beyond it is back within; an NC draft from the moment it has lasted as long as the limit asks.
 *
 * @param sensorsBeyond the sensors whose last reading lay beyond the action limit
 * @param draftAt when it became an NC draft for QA (null: not yet, or never, when it ended in time)
 */
record Episode(
        UUID id,
        Room room,
        Limit limit,
        Instant startedAt,
        EmsReading first,
        double worst,
        int readingsBeyond,
        Set<String> sensorsBeyond,
        @Nullable Instant draftAt,
        @Nullable Instant endedAt,
        @Nullable EmsReading last) {

    Episode {
        Objects.requireNonNull(id, "id");
        sensorsBeyond = Set.copyOf(sensorsBeyond);
    }

    static Episode start(UUID id, Room room, Limit limit, EmsReading r) {
        return new Episode(id, room, limit, r.measuredAt(), r, r.value(), 1, Set.of(r.sensor()), null, null, r);
    }

    boolean open() {
        return endedAt == null;
    }

    /** A further reading beyond the action limit. */
    Episode beyond(EmsReading r) {
        Set<String> sensors = new LinkedHashSet<>(sensorsBeyond);
        sensors.add(r.sensor());
        double w = limit.below() ? Math.min(worst, r.value()) : Math.max(worst, r.value());
        return new Episode(id, room, limit, startedAt, first, w, readingsBeyond + 1, sensors, draftAt, null, r);
    }

    /** A sensor that was beyond is back within; the episode ends when it was the last one. */
    Episode within(EmsReading r) {
        Set<String> sensors = new LinkedHashSet<>(sensorsBeyond);
        sensors.remove(r.sensor());
        return new Episode(
                id,
                room,
                limit,
                startedAt,
                first,
                worst,
                readingsBeyond,
                sensors,
                draftAt,
                sensors.isEmpty() ? r.measuredAt() : null,
                r);
    }

    Episode drafted(Instant at) {
        return new Episode(id, room, limit, startedAt, first, worst, readingsBeyond, sensorsBeyond, at, endedAt, last);
    }

    /** The draft's title: "BSL-FILL-1-ISO PARTICLES_0_5_UM above 3520 particles/m3 (worst 4210)". */
    String title() {
        return room.room() + " " + limit.parameter() + " " + limit.words() + " (worst " + RoomLimits.number(worst)
                + ")";
    }
}
