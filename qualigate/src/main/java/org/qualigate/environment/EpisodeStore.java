package org.qualigate.environment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.environment.RoomLimits.Limit;
import org.qualigate.environment.RoomLimits.Room;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The open excursion episodes read (locked) and the changed ones written back, a batch at a time. */
final class EpisodeStore {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final RoomLimits limits;

    EpisodeStore(JdbcTemplate jdbc, RoomLimits limits) {
        this.jdbc = jdbc;
        this.limits = limits;
    }

    /** The open episodes of these rooms by room and parameter, locked until the transaction ends. */
    Map<String, Episode> openOf(Collection<String> rooms) {
        Map<String, Episode> open = new HashMap<>();
        if (rooms.isEmpty()) {
            return open;
        }
        String marks = String.join(", ", rooms.stream().map(r -> "?").toList());
        jdbc.query(
                "SELECT * FROM ems_excursion WHERE ended_at IS NULL AND room IN (" + marks + ") FOR UPDATE",
                rs -> {
                    episode(rs)
                            .ifPresent(
                                    e -> open.put(key(e.room().room(), e.limit().parameter()), e));
                },
                rooms.toArray());
        return open;
    }

    static String key(String room, String parameter) {
        return room + "/" + parameter;
    }

    /** Inserts the new episodes and updates the others, each batched. */
    void write(Collection<Episode> inserted, Collection<Episode> updated) {
        // the updates first: an episode ended and a new one opened in one batch share the open index's key
        if (!updated.isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            for (Episode e : updated) {
                rows.add(new Object[] {
                    e.worst(),
                    e.readingsBeyond(),
                    e.sensorsBeyond().toArray(String[]::new),
                    timestamp(e.draftAt()),
                    timestamp(e.endedAt()),
                    e.last() == null ? null : JSON.writeValueAsString(e.last().view()),
                    e.draftAt() != null,
                    e.id()
                });
            }
            jdbc.batchUpdate("""
                    UPDATE ems_excursion SET worst_value = ?, readings_beyond = ?, sensors_beyond = ?, draft_at = ?,
                        ended_at = ?, last_reading = ?::jsonb,
                        review = CASE WHEN review = 'NONE' AND ? THEN 'PENDING' ELSE review END
                    WHERE id = ?""", rows);
        }
        if (!inserted.isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            for (Episode e : inserted) {
                rows.add(new Object[] {
                    e.id(),
                    e.room().room(),
                    e.room().site(),
                    e.room().grade(),
                    e.limit().parameter(),
                    e.limit().unit(),
                    e.limit().action(),
                    e.limit().below(),
                    Timestamp.from(e.startedAt()),
                    JSON.writeValueAsString(e.first().view()),
                    e.first().position(),
                    e.worst(),
                    e.readingsBeyond(),
                    e.sensorsBeyond().toArray(String[]::new),
                    timestamp(e.draftAt()),
                    timestamp(e.endedAt()),
                    e.last() == null ? null : JSON.writeValueAsString(e.last().view()),
                    e.draftAt() == null ? "NONE" : "PENDING"
                });
            }
            jdbc.batchUpdate("""
                    INSERT INTO ems_excursion (id, room, site, grade, parameter, unit, limit_value, limit_below,
                        started_at, first_reading, first_position, worst_value, readings_beyond, sensors_beyond,
                        draft_at, ended_at, last_reading, review)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", rows);
        }
    }

    /** The episode of a row, with the room's current limit; none when the room or its limit is no longer set. */
    private Optional<Episode> episode(ResultSet rs) throws SQLException {
        Optional<Room> room = limits.room(rs.getString("room"));
        String parameter = rs.getString("parameter");
        Optional<Limit> limit = room.flatMap(r -> limits.limit(r, parameter));
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        String last = rs.getString("last_reading");
        return Optional.of(new Episode(
                rs.getObject("id", UUID.class),
                room.get(),
                limit.get(),
                rs.getTimestamp("started_at").toInstant(),
                reading(rs.getString("first_reading")),
                rs.getDouble("worst_value"),
                rs.getInt("readings_beyond"),
                Set.copyOf(
                        Arrays.asList((String[]) rs.getArray("sensors_beyond").getArray())),
                instant(rs.getTimestamp("draft_at")),
                null,
                last == null ? null : reading(last)));
    }

    static EmsReading reading(String json) {
        JsonNode n = JSON.readTree(json);
        return new EmsReading(
                n.path("readingId").asString(),
                n.path("room").asString(),
                n.path("sensor").asString(),
                n.path("parameter").asString(),
                n.path("value").asDouble(),
                n.path("unit").asString(),
                Instant.parse(n.path("measuredAt").asString()),
                n.path("position").asString());
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
