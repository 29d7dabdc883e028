package org.qualigate.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound events as stored: each raw body inserted once per delivery id, what became of each written in one
 * statement per group, and a parked event read back (its canonical fields or its body) and marked reprocessed.
 */
@Component
class InboundRows {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    private static final String INSERT = """
            INSERT INTO inbound_event (id, source, webhook_id, received_at, body, body_sha256, outcome, content_type,
                fields, traceparent, employee_id, event_type, source_record_id, source_version)
            SELECT i, s, w, r, b, h, 'APPLIED', c, f::jsonb, tp, emp, et, sr, sv
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::bytea[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS t(i, s, w, r, b, h, c, f, tp, emp, et, sr, sv)
            ON CONFLICT (source, webhook_id) DO NOTHING RETURNING source, webhook_id, id""";

    private static final String[] INSERT_TYPES = {
        "uuid", "text", "text", "timestamptz", "bytea", "text", "text", "text", "text", "text", "text", "text", "bigint"
    };

    InboundRows(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /**
     * Inserts the raw items not seen before, in one statement in the order of their delivery ids (so that
     * concurrent groups wait for each other in one order); returns the new event id of each stored item by
     * its index. An item whose delivery id was stored before, or earlier in the group, is not in the map.
     */
    Map<Integer, UUID> storeAll(List<Inbound> items, boolean withFields) {
        return storeAll(items, withFields, null);
    }

    /**
     * {@link #storeAll(List, boolean)} with the items' fields, telling {@code outcomes} what each stored row already
     * says, so that an outcome that would change nothing is not written.
     */
    Map<Integer, UUID> storeAll(List<Inbound> items, Outcomes outcomes) {
        return storeAll(items, true, outcomes);
    }

    private Map<Integer, UUID> storeAll(List<Inbound> items, boolean withFields, @Nullable Outcomes outcomes) {
        Map<String, Integer> firstOfKey = new java.util.TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            firstOfKey.putIfAbsent(items.get(i).source() + '\n' + items.get(i).deliveryId(), i);
        }
        Object[][] columns = new Object[INSERT_TYPES.length][];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = column(INSERT_TYPES[c], firstOfKey.size());
        }
        Map<String, Integer> indexOfKey = new java.util.HashMap<>();
        int k = 0;
        for (Map.Entry<String, Integer> e : firstOfKey.entrySet()) {
            Object[] row = row(items.get(e.getValue()), withFields);
            for (int c = 0; c < columns.length; c++) {
                columns[c][k] = row[c];
            }
            if (outcomes != null) {
                outcomes.stored((UUID) row[0], (String) row[9], (String) row[10], (String) row[11], (Long) row[12]);
            }
            indexOfKey.put(e.getKey(), e.getValue());
            k++;
        }
        Map<Integer, UUID> stored = new java.util.HashMap<>();
        batch.query(
                con -> {
                    var ps = con.prepareStatement(INSERT);
                    for (int c = 0; c < columns.length; c++) {
                        ps.setArray(c + 1, con.createArrayOf(INSERT_TYPES[c], columns[c]));
                    }
                    return ps;
                },
                rs -> {
                    stored.put(indexOfKey.get(rs.getString(1) + '\n' + rs.getString(2)), rs.getObject(3, UUID.class));
                });
        return stored;
    }

    /** An item's values in the order of {@link #INSERT}, under a new event id. */
    private static @Nullable Object[] row(Inbound item, boolean withFields) {
        @Nullable
        Object[] row = {
            UUID.randomUUID(),
            item.source(),
            item.deliveryId(),
            Timestamp.from(item.receivedAt()),
            item.body(),
            IntakeService.sha256(item.body()),
            item.contentType(),
            !withFields || item.record() == null || item.record().fields() == null
                    ? null
                    : JSON.writeValueAsString(item.record().fields()),
            item.trace().header(),
            null,
            null,
            null,
            null
        };
        if (withFields && item.parsed() instanceof JsonNode json) {
            // What the event will most likely be recorded as, so that its outcome changes no row when it is applied
            // as it says (Outcomes.write updates only what differs).
            row[9] = usable(item.employeeId(), 64);
            row[10] = usable(EventBody.text(json, "eventType"), 128);
            row[11] = usable(EventBody.text(json, "sourceRecordId"), 128);
            row[12] = version(json);
        }
        return row;
    }

    /** An empty array of {@code n} values of the SQL type, as the driver sends it. */
    static Object[] column(String type, int n) {
        return switch (type) {
            case "uuid" -> new UUID[n];
            case "timestamptz" -> new Timestamp[n];
            case "bytea" -> new byte[n][];
            case "bigint" -> new Long[n];
            default -> new String[n];
        };
    }

    private static @Nullable Long version(JsonNode json) {
        JsonNode version = EventBody.node(json, "sourceVersion");
        return version != null && version.isIntegralNumber() && version.canConvertToLong() ? version.asLong() : null;
    }

    private static @Nullable String usable(@Nullable String text, int maxLength) {
        return text == null || text.length() > maxLength ? null : text;
    }

    /** The event id stored under each delivery id of the group that was not stored by this group. */
    Map<String, UUID> storedIds(List<Inbound> items, Map<Integer, UUID> stored) {
        Map<String, UUID> ids = new java.util.HashMap<>();
        List<String> sources = new ArrayList<>();
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String key = items.get(i).source() + '\n' + items.get(i).deliveryId();
            if (stored.containsKey(i)) {
                ids.put(key, stored.get(i));
            } else {
                sources.add(items.get(i).source());
                deliveries.add(items.get(i).deliveryId());
            }
        }
        batch.query(
                con -> {
                    var ps = con.prepareStatement("""
                            SELECT source, webhook_id, id FROM inbound_event
                            WHERE (source, webhook_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))""");
                    ps.setArray(1, con.createArrayOf("text", sources.toArray()));
                    ps.setArray(2, con.createArrayOf("text", deliveries.toArray()));
                    return ps;
                },
                rs -> {
                    ids.putIfAbsent(rs.getString(1) + '\n' + rs.getString(2), rs.getObject(3, UUID.class));
                });
        return ids;
    }

    /** A parked event's source and what it said (its canonical fields, or its body when it has none). */
    record Parked(String source, JsonNode json) {}

    /**
     * The parked, unresolved event, read as intake reads it; empty when it is not parked, is being reprocessed
     * elsewhere ({@code lock}: locked for this transaction, skipping a locked one) or cannot be read.
     */
    Optional<Parked> parked(UUID eventId, boolean lock) {
        record Row(String source, @Nullable String fields, byte[] body) {}
        Optional<Row> row = jdbc.sql("SELECT source, fields::text, body FROM inbound_event WHERE id = ? "
                        + "AND outcome = 'PARKED' AND resolved_at IS NULL" + (lock ? " FOR UPDATE SKIP LOCKED" : ""))
                .param(eventId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode json = row.get().fields() != null
                    ? JSON.readTree(row.get().fields())
                    : EventBody.STRICT.readTree(row.get().body());
            return Optional.of(new Parked(row.get().source(), json));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** Marks a parked event as processed again by {@code actor}. */
    void reprocessed(UUID eventId, String actor) {
        jdbc.sql("UPDATE inbound_event SET resolved_at = ?, resolved_by = ?, reason = NULL, field = NULL, "
                        + "resolution = 'REPROCESSED' WHERE id = ?")
                .params(Timestamp.from(clock.instant()), actor, eventId)
                .update();
    }

    /** Writes what became of each event of a group. */
    void write(Outcomes outcomes) {
        outcomes.write(batch);
    }

    /**
     * What became of each event of a group, written in one statement once the group is processed; an event whose
     * stored row already says it (an applied webhook, whose fields were stored with its body) is not written again.
     */
    static final class Outcomes {
        private final List<Object[]> rows = new ArrayList<>();
        private final Map<UUID, List<@Nullable Object>> asStored = new java.util.HashMap<>();

        /** What an event's row says as inserted: applied, with these fields. */
        void stored(
                UUID eventId,
                @Nullable String employeeId,
                @Nullable String eventType,
                @Nullable String sourceRecordId,
                @Nullable Long sourceVersion) {
            asStored.put(
                    eventId,
                    java.util.Arrays.asList(
                            "APPLIED", null, null, eventType, employeeId, sourceRecordId, sourceVersion));
        }

        void add(
                UUID eventId,
                String outcome,
                @Nullable String reason,
                @Nullable String field,
                @Nullable String eventType,
                @Nullable String employeeId,
                @Nullable String sourceRecordId,
                @Nullable Long sourceVersion) {
            rows.add(new Object[] {outcome, reason, field, eventType, employeeId, sourceRecordId, sourceVersion, eventId
            });
        }

        /** One statement for the whole group, however many events it has; none when no row would change. */
        void write(JdbcTemplate jdbc) {
            List<Object[]> changed = rows.stream()
                    .filter(r -> !java.util.Arrays.asList(r).subList(0, 7).equals(asStored.get((UUID) r[7])))
                    .toList();
            if (changed.isEmpty()) {
                return;
            }
            String[] types = {"text", "text", "text", "text", "text", "text", "bigint", "uuid"};
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                                UPDATE inbound_event e SET outcome = t.o, reason = t.r, field = t.f, event_type = t.et,
                                    employee_id = t.emp, source_record_id = t.sr, source_version = t.sv
                                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::bigint[], ?::uuid[]) AS t(o, r, f, et, emp, sr, sv, i)
                                WHERE e.id = t.i AND (e.outcome, e.reason, e.field, e.event_type, e.employee_id,
                                    e.source_record_id, e.source_version)
                                    IS DISTINCT FROM (t.o, t.r, t.f, t.et, t.emp, t.sr, t.sv)""");
                for (int column = 0; column < types.length; column++) {
                    Object[] values = column(types[column], changed.size());
                    for (int row = 0; row < values.length; row++) {
                        values[row] = changed.get(row)[column];
                    }
                    ps.setArray(column + 1, con.createArrayOf(types[column], values));
                }
                return ps;
            });
        }
    }
}
