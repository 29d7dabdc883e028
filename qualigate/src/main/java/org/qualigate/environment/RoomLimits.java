package org.qualigate.environment;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitored rooms and the limits of each grade's parameters, as the plant sets them; a pure value. A parameter
 * without a limit for the room's grade (the demo plant sets none for temperature) is summed but never judged.
 */
record RoomLimits(Map<String, Room> rooms, Map<String, Limit> limits) {

    /** Where the rooms of every grade share a limit. */
    static final String EVERY_GRADE = "*";

    /** A monitored room with its site and cleanroom grade. */
    record Room(String room, String site, String grade) {
        Room {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(grade, "grade");
        }
    }

    /** How a reading stands against a limit. */
    enum Level {
        WITHIN,
        /** Beyond the alert limit, within the action limit: counted, no excursion. */
        ALERT,
        /** Beyond the action limit: an excursion. */
        ACTION
    }

    /**
     * A parameter's limits: beyond {@code action} an excursion, which is an NC draft once it lasted {@code lasting};
     * beyond {@code alert} an alert. {@code below}: the limits are minimums. "Beyond" is strict: a reading equal
     * to the limit is within it.
     */
    record Limit(String parameter, String unit, double alert, double action, boolean below, Duration lasting) {
        Limit {
            Objects.requireNonNull(parameter, "parameter");
            Objects.requireNonNull(unit, "unit");
            if (below ? alert < action : alert > action) {
                throw new IllegalArgumentException("the alert limit of " + parameter + " (" + alert
                        + ") lies beyond its action limit (" + action + ")");
            }
            if (lasting.isNegative()) {
                throw new IllegalArgumentException("a negative duration for " + parameter + ": " + lasting);
            }
        }

        Level level(double value) {
            if (below ? value < action : value > action) {
                return Level.ACTION;
            }
            return (below ? value < alert : value > alert) ? Level.ALERT : Level.WITHIN;
        }

        /** The limit in words: "above 3520 particles/m3" or "below 10 Pa for more than 60 s". */
        String words() {
            String bound = (below ? "below " : "above ") + number(action) + " " + unit;
            return lasting.isZero() ? bound : bound + " for " + lasting.toSeconds() + " s or more";
        }
    }

    static RoomLimits of(EmsSettings settings) {
        Map<String, Room> rooms = new LinkedHashMap<>();
        settings.rooms().forEach(r -> rooms.put(r.room(), new Room(r.room(), r.site(), r.grade())));
        Map<String, Limit> limits = new LinkedHashMap<>();
        for (EmsSettings.LimitSetting l : settings.limits()) {
            Limit limit = new Limit(
                    l.parameter(),
                    l.unit(),
                    l.alert(),
                    l.action(),
                    l.below(),
                    l.lasting() == null ? Duration.ZERO : l.lasting());
            if (limits.putIfAbsent(key(l.grade(), l.parameter()), limit) != null) {
                throw new IllegalArgumentException("two limits for grade " + l.grade() + " and " + l.parameter());
            }
        }
        return new RoomLimits(Map.copyOf(rooms), Map.copyOf(limits));
    }

    Optional<Room> room(String room) {
        return Optional.ofNullable(rooms.get(room));
    }

    /** The limit of the room's grade for the parameter, else the one every grade shares, if any. */
    Optional<Limit> limit(Room room, String parameter) {
        Limit own = limits.get(key(room.grade(), parameter));
        return Optional.ofNullable(own != null ? own : limits.get(key(EVERY_GRADE, parameter)));
    }

    private static String key(String grade, String parameter) {
        return grade + "/" + parameter;
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
