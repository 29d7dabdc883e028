package org.qualigate.environment;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.environment.ExcursionRule.Step;
import org.qualigate.environment.RoomLimits.Limit;
import org.qualigate.environment.RoomLimits.Room;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a batch of EMS records in one transaction: each partition's stored next offset locked and the records
 * below it skipped (a batch delivered again changes nothing), the rest read, the unusable ones kept for review,
 * the readings summed per minute and judged against their room's limits, the episodes they open, draft or end
 * written and audited with the reading that did it, and the next offsets stored — all or nothing.
 */
@Component
class ReadingIntake {

    static final String ACTOR = "system:ems";

    /** What a batch did. */
    record Summary(int delivered, int skipped, int readings, int unreadable, int drafted, int ended) {}

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final RoomLimits limits;
    private final Clock clock;
    private final ReadingParser parser = new ReadingParser();
    private final EpisodeStore episodes;
    private final ApplicationEventPublisher events;

    ReadingIntake(
            JdbcTemplate jdbc, AuditTrail audit, RoomLimits limits, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
        this.episodes = new EpisodeStore(jdbc, limits);
    }

    @Transactional
    public Summary apply(List<DeliveredRecord> delivered) {
        List<DeliveredRecord> fresh = unseen(delivered);
        Instant now = clock.instant();
        List<EmsReading> readings = new ArrayList<>();
        List<Object[]> unreadable = new ArrayList<>();
        for (DeliveredRecord r : fresh) {
            ReadingParser.Parsed p = parser.parse(r);
            EmsReading reading = p.reading();
            if (reading != null && limits.room(reading.room()).isEmpty()) {
                p = ReadingParser.Parsed.refused(
                        "room", "no room " + reading.room() + " is monitored here: kept for review");
                reading = null;
            }
            if (reading == null) {
                unreadable.add(new Object[] {
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    r.key(),
                    String.valueOf(r.value()),
                    p.field(),
                    p.reason(),
                    Timestamp.from(now)
                });
            } else {
                readings.add(reading);
            }
        }
        int[] outcome = judge(readings);
        if (!unreadable.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO ems_unreadable
                        (topic, partition, record_offset, record_key, value, field, reason, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", unreadable);
        }
        storeNextOffsets(fresh, now);
        return new Summary(
                delivered.size(),
                delivered.size() - fresh.size(),
                readings.size(),
                unreadable.size(),
                outcome[0],
                outcome[1]);
    }

    /** The records at or after their partition's stored next offset (the partitions' rows locked). */
    private List<DeliveredRecord> unseen(List<DeliveredRecord> delivered) {
        Map<String, Long> next = new HashMap<>();
        for (DeliveredRecord r : delivered) {
            String key = r.topic() + "/" + r.partition();
            if (!next.containsKey(key)) {
                jdbc.update(
                        "INSERT INTO ems_partition_offset VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
                        r.topic(),
                        r.partition(),
                        Timestamp.from(clock.instant()));
                next.put(
                        key,
                        jdbc.queryForObject(
                                "SELECT next_offset FROM ems_partition_offset WHERE topic = ? AND partition = ?"
                                        + " FOR UPDATE",
                                Long.class,
                                r.topic(),
                                r.partition()));
            }
        }
        return delivered.stream()
                .filter(r -> r.offset() >= next.get(r.topic() + "/" + r.partition()))
                .toList();
    }

    private void storeNextOffsets(List<DeliveredRecord> fresh, Instant now) {
        Map<String, DeliveredRecord> lastOf = new LinkedHashMap<>();
        fresh.forEach(r -> lastOf.merge(r.topic() + "/" + r.partition(), r, (a, b) -> a.offset() > b.offset() ? a : b));
        List<Object[]> rows = new ArrayList<>();
        lastOf.values()
                .forEach(r -> rows.add(new Object[] {r.offset() + 1, Timestamp.from(now), r.topic(), r.partition()}));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE ems_partition_offset SET next_offset = ?, updated_at = ? WHERE topic = ? AND partition = ?",
                    rows);
        }
    }

    /** Sums and judges the readings in order; returns how many episodes became drafts and how many ended. */
    private int[] judge(List<EmsReading> readings) {
        Set<String> rooms = new LinkedHashSet<>();
        readings.forEach(r -> rooms.add(r.room()));
        Map<String, Episode> open = episodes.openOf(rooms);
        Set<UUID> stored = new LinkedHashSet<>();
        open.values().forEach(e -> stored.add(e.id()));
        Map<UUID, Episode> changed = new LinkedHashMap<>();
        MinuteSums sums = new MinuteSums();
        int drafted = 0;
        int ended = 0;
        Map<String, List<RoomExcursions.Drafted>> byRoom = new LinkedHashMap<>();
        for (EmsReading r : readings) {
            Room room = limits.room(r.room()).orElseThrow();
            Optional<Limit> limit = limits.limit(room, r.parameter());
            if (limit.isEmpty()) {
                sums.add(r, RoomLimits.Level.WITHIN);
                continue;
            }
            String key = EpisodeStore.key(r.room(), r.parameter());
            Episode before = open.get(key);
            Step step = ExcursionRule.apply(before, r, room, limit.get(), UUID::randomUUID);
            sums.add(r, step.level());
            if (!step.changed(before)) {
                continue;
            }
            Episode after = step.after();
            changed.put(after.id(), after);
            if (after.open()) {
                open.put(key, after);
            } else {
                open.remove(key);
            }
            if (step.drafted()) {
                drafted++;
                auditDraft(after, r);
                byRoom.computeIfAbsent(r.room(), k -> new ArrayList<>())
                        .add(new RoomExcursions.Drafted(after.id().toString(), after.title()));
            }
            if (step.ended()) {
                ended++;
                auditEnd(after, r);
                byRoom.computeIfAbsent(r.room(), k -> new ArrayList<>());
            }
        }
        List<Episode> inserted =
                changed.values().stream().filter(e -> !stored.contains(e.id())).toList();
        List<Episode> updated =
                changed.values().stream().filter(e -> stored.contains(e.id())).toList();
        episodes.write(inserted, updated);
        sums.store(jdbc);
        // one alert per room, whatever its parameters and sensors (decision 0075)
        byRoom.forEach((room, draftedNow) -> events.publishEvent(
                new RoomExcursions(room, draftedNow, open.keySet().stream().anyMatch(k -> k.startsWith(room + "/")))));
        return new int[] {drafted, ended};
    }

    private void auditDraft(Episode e, EmsReading cause) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("room", e.room().room());
        draft.put("site", e.room().site());
        draft.put("grade", e.room().grade());
        draft.put("parameter", e.limit().parameter());
        draft.put("limit", e.limit().words());
        draft.put("startedAt", e.startedAt().toString());
        draft.put("firstReading", e.first().view());
        draft.put("reading", cause.view());
        audit.append(new AuditRecord(
                ACTOR,
                "ems.excursion.drafted",
                Excursions.RECORD_TYPE,
                e.id().toString(),
                null,
                null,
                draft,
                "an NC draft for QA: " + e.room().room() + " " + e.limit().parameter() + " "
                        + e.limit().words()
                        + " since " + e.startedAt() + "; sensor " + cause.sensor() + " read "
                        + RoomLimits.number(cause.value()) + " " + cause.unit() + " at " + cause.measuredAt()
                        + " (" + cause.position() + ")",
                null));
    }

    private void auditEnd(Episode e, EmsReading cause) {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("endedAt", String.valueOf(e.endedAt()));
        end.put("worst", e.worst());
        end.put("readingsBeyond", e.readingsBeyond());
        end.put("drafted", e.draftAt() != null);
        end.put("reading", cause.view());
        audit.append(new AuditRecord(
                ACTOR,
                "ems.excursion.ended",
                Excursions.RECORD_TYPE,
                e.id().toString(),
                null,
                Map.of("startedAt", e.startedAt().toString()),
                end,
                e.room().room() + " " + e.limit().parameter() + " back within "
                        + e.limit().words() + ": sensor "
                        + cause.sensor() + " read " + RoomLimits.number(cause.value()) + " " + cause.unit() + " at "
                        + cause.measuredAt()
                        + (e.draftAt() == null ? "; it ended before it lasted long enough to be a draft" : ""),
                null));
    }
}
