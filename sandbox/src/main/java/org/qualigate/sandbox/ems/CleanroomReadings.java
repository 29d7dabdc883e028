package org.qualigate.sandbox.ems;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Generates the readings of every sensor of the rooms in turn. Most lie well inside the room's limits; with the
 * given share a reading is an excursion: particle counts above the in-operation limit, or a differential pressure
 * below 10 Pa that then stays low for 90 seconds (Annex 1 counts a pressure drop lasting over 60 s). Temperatures
 * stay around 20 °C: the demo plant sets no temperature limit.
 */
public final class CleanroomReadings {

    static final Duration PRESSURE_DROP = Duration.ofSeconds(90);
    private static final String[] PARAMETERS = {
        "PARTICLES_0_5_UM", "PARTICLES_5_0_UM", "TEMPERATURE", "DIFFERENTIAL_PRESSURE"
    };

    private final List<Room> rooms;
    private final Clock clock;
    private final RandomGenerator random;
    private final double excursionShare;
    private final Map<String, Instant> pressureLowUntil = new HashMap<>();
    private long sequence;
    private int room;
    private int sensor;
    private int parameter;

    /** @param excursionShare the chance that a reading is an excursion, in [0, 1] */
    public CleanroomReadings(List<Room> rooms, Clock clock, RandomGenerator random, double excursionShare) {
        if (rooms.isEmpty()) {
            throw new IllegalArgumentException("no rooms to monitor");
        }
        if (!(excursionShare >= 0 && excursionShare <= 1)) {
            throw new IllegalArgumentException("excursion share must be in [0, 1]: " + excursionShare);
        }
        this.rooms = List.copyOf(rooms);
        this.clock = clock;
        this.random = random;
        this.excursionShare = excursionShare;
    }

    public List<Room> rooms() {
        return rooms;
    }

    /** The next reading: sensors of each room in turn, each sensor's parameters in turn. */
    public synchronized Reading next() {
        Room r = rooms.get(room);
        String position = r.room() + "-S" + (sensor + 1);
        String name = PARAMETERS[parameter];
        advance(r);
        Instant now = clock.instant();
        boolean excursion = random.nextDouble() < excursionShare;
        String id = position + "-" + String.format(Locale.ROOT, "%09d", ++sequence);
        return switch (name) {
            case "PARTICLES_0_5_UM" -> particles(id, r, position, name, r.particles05Limit(), excursion, now);
            case "PARTICLES_5_0_UM" ->
                r.particles50Limit() == null
                        ? new Reading(
                                id, r, position, name, Math.floor(random.nextDouble() * 3), "particles/m3", now, false)
                        : particles(id, r, position, name, r.particles50Limit(), excursion, now);
            case "TEMPERATURE" ->
                new Reading(id, r, position, name, round(19.5 + random.nextDouble()), "Cel", now, false);
            default -> pressure(id, r, position, excursion, now);
        };
    }

    private Reading particles(
            String id, Room r, String sensorId, String name, long limit, boolean excursion, Instant now) {
        double value = excursion
                ? Math.ceil(limit * (1.05 + random.nextDouble()))
                : Math.floor(limit * random.nextDouble() * 0.3);
        return new Reading(id, r, sensorId, name, value, "particles/m3", now, excursion);
    }

    private Reading pressure(String id, Room r, String sensorId, boolean excursion, Instant now) {
        Instant lowUntil = pressureLowUntil.get(r.room());
        if (excursion && (lowUntil == null || !now.isBefore(lowUntil))) {
            lowUntil = now.plus(PRESSURE_DROP);
            pressureLowUntil.put(r.room(), lowUntil);
        }
        boolean low = lowUntil != null && now.isBefore(lowUntil);
        double value = low ? round(4 + random.nextDouble() * 5.5) : round(11 + random.nextDouble() * 4);
        return new Reading(id, r, sensorId, "DIFFERENTIAL_PRESSURE", value, "Pa", now, low);
    }

    private void advance(Room r) {
        parameter++;
        if (parameter == PARAMETERS.length) {
            parameter = 0;
            sensor++;
            if (sensor == r.sensors()) {
                sensor = 0;
                room = (room + 1) % rooms.size();
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
