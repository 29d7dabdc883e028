package org.qualigate.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.SourceRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.LedgerOutcome;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.QualificationEvent;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.QualificationCode;
import org.qualigate.text.Sha256;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives authentic inbound events: stores the raw body, validates it, applies it to the ledger and plans
 * the person in the same transaction, so an acknowledged event is never lost. Events are committed in groups
 * ({@link IntakeCommitter}): many per transaction, each answered once its group is durable. Events that
 * cannot be used are kept with the field and reason, for review.
 */
@Service
public class IntakeService {

    static final Set<String> EVENT_TYPES =
            Set.of("certification.completed", "certification.updated", "certification.revoked");

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Persons persons;
    private final Qualifications qualifications;
    private final PlantDefinition plant;
    private final AccessPlanner planner;
    private final AuditTrail audit;
    private final SourceSettings sources;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final DictionaryEntries dictionaryEntries;
    private final Map<String, Qualification.Authority> authorities = new java.util.HashMap<>();
    private final IntakeCommitter committer;
    private final Map<String, io.micrometer.core.instrument.Counter> counters =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final JdbcTemplate batch;

    public IntakeService(
            JdbcClient jdbc,
            Persons persons,
            Qualifications qualifications,
            PlantDefinition plant,
            AccessPlanner planner,
            AuditTrail audit,
            SourceSettings sources,
            Clock clock,
            MeterRegistry metrics,
            DictionaryEntries dictionaryEntries,
            java.util.List<org.qualigate.connector.HrisSource> pulledSources,
            IntakeCommitter committer,
            JdbcTemplate batch) {
        this.committer = committer;
        this.batch = batch;
        // A pulled source may own its records under another authority (the QMS's own training records).
        pulledSources.forEach(s -> authorities.put(s.name(), s.authority()));
        this.metrics = metrics;
        this.dictionaryEntries = dictionaryEntries;
        this.jdbc = jdbc;
        this.persons = persons;
        this.qualifications = qualifications;
        this.plant = plant;
        this.planner = planner;
        this.audit = audit;
        this.sources = sources;
        this.clock = clock;
        committer.processWith(new IntakeCommitter.Batch() {
            @Override
            public List<IntakeResult> process(List<Inbound> items) {
                return processBatch(items);
            }

            @Override
            public IntakeResult setAside(Inbound item, RuntimeException failure) {
                return setAsideAlone(item, failure);
            }
        });
    }

    /**
     * Receives one signed webhook: the body is parsed here, on the caller's thread, and the event is stored,
     * applied and planned in its group's transaction. Returns once that transaction committed.
     *
     * @throws NotAcknowledged when the event was not stored (too busy) or its commit did not complete
     */
    public IntakeResult receive(String source, String webhookId, byte[] body) {
        IntakeResult result = committer.commit(Inbound.webhook(source, webhookId, body, clock.instant()));
        count(source, result);
        return result;
    }

    /**
     * Receives one record pulled from an HRIS or read from a file: stored exactly as received (keyed by
     * the record's key, so a record seen again is a duplicate), then validated and applied like a webhook.
     * An unreadable record is kept as rejected, a drifted one as quarantined, both with the reason.
     */
    public IntakeResult receiveRecord(String source, SourceRecord record) {
        return receiveRecords(source, List.of(record)).getFirst();
    }

    /** {@link #receiveRecord} for many records, committed in groups; the results in the records' order. */
    public List<IntakeResult> receiveRecords(String source, List<SourceRecord> records) {
        Instant now = clock.instant();
        List<IntakeResult> results = committer.commitAll(records.stream()
                .map(r -> Inbound.record(source, RecordText.checked(r), now))
                .toList());
        results.forEach(r -> count(source, r));
        return results;
    }

    private void count(String source, IntakeResult result) {
        // Looked up once per source and outcome: a registry lookup per event costs more than the increment.
        counters.computeIfAbsent(
                        source + '/' + result.outcome(),
                        k -> metrics.counter(
                                "qualigate.intake.events",
                                "source",
                                source,
                                "outcome",
                                result.outcome().name().toLowerCase()))
                .increment();
    }

    /**
     * Stores and applies a group of inbound items in the current transaction: every raw body in one
     * statement (a delivery id seen before, or twice in the group, is a duplicate delivery), then each item
     * in the order of the employee it concerns (so that concurrent groups lock people in the same order),
     * then what became of each in one batch of updates. One result per item, in the items' order.
     */
    List<IntakeResult> processBatch(List<Inbound> items) {
        Map<Integer, UUID> stored = storeAll(items, true);
        Outcomes outcomes = new Outcomes();
        IntakeResult[] results = new IntakeResult[items.size()];
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                java.util.Comparator.comparing(
                        (Integer i) -> items.get(i).employeeId(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        Map<EmployeeId, Person> known = persons.find(items.stream()
                .map(Inbound::employeeId)
                .filter(id -> id != null && EmployeeId.isValid(id))
                .map(EmployeeId::of)
                .toList());
        Map<String, UUID> firstIds = null;
        for (int i : order) {
            Inbound item = items.get(i);
            UUID eventId = stored.get(i);
            if (eventId == null) {
                if (firstIds == null) {
                    firstIds = storedIds(items, stored);
                }
                results[i] = new IntakeResult(
                        firstIds.get(item.source() + '\n' + item.deliveryId()),
                        IntakeResult.Outcome.DUPLICATE_DELIVERY,
                        null,
                        null);
            } else {
                results[i] = process(eventId, item, known, outcomes);
            }
        }
        outcomes.write(batch);
        return java.util.Arrays.asList(results);
    }

    private IntakeResult process(UUID eventId, Inbound item, Map<EmployeeId, Person> known, Outcomes outcomes) {
        String source = item.source();
        SourceRecord record = item.record();
        if (record == null) {
            if (item.parsed() instanceof InvalidEvent invalid) {
                return setAside(eventId, source, null, invalid, outcomes);
            }
            return apply(eventId, source, (JsonNode) item.parsed(), known, outcomes);
        }
        if (record.problem() != null) {
            SourceRecord.Problem problem = record.problem();
            return setAside(
                    eventId,
                    source,
                    null,
                    problem.kind() == SourceRecord.Problem.Kind.SCHEMA_DRIFT
                            ? InvalidEvent.drifted(problem.field(), problem.reason())
                            : InvalidEvent.malformed(problem.field(), problem.reason()),
                    outcomes);
        }
        return apply(eventId, source, JSON.valueToTree(record.fields()), known, outcomes);
    }

    /**
     * Inserts the raw items not seen before, in one statement in the order of their delivery ids (so that
     * concurrent groups wait for each other in one order); returns the new event id of each stored item by
     * its index. An item whose delivery id was stored before, or earlier in the group, is not in the map.
     */
    private Map<Integer, UUID> storeAll(List<Inbound> items, boolean withFields) {
        Map<String, Integer> firstOfKey = new java.util.TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            firstOfKey.putIfAbsent(items.get(i).source() + '\n' + items.get(i).deliveryId(), i);
        }
        int n = firstOfKey.size();
        UUID[] ids = new UUID[n];
        String[] sources = new String[n];
        String[] deliveries = new String[n];
        Timestamp[] received = new Timestamp[n];
        byte[][] bodies = new byte[n][];
        String[] hashes = new String[n];
        String[] types = new String[n];
        String[] fields = new String[n];
        Map<String, Integer> indexOfKey = new java.util.HashMap<>();
        int k = 0;
        for (Map.Entry<String, Integer> e : firstOfKey.entrySet()) {
            Inbound item = items.get(e.getValue());
            ids[k] = UUID.randomUUID();
            sources[k] = item.source();
            deliveries[k] = item.deliveryId();
            received[k] = Timestamp.from(item.receivedAt());
            bodies[k] = item.body();
            hashes[k] = sha256(item.body());
            types[k] = item.contentType();
            fields[k] = !withFields || item.record() == null || item.record().fields() == null
                    ? null
                    : JSON.writeValueAsString(item.record().fields());
            indexOfKey.put(e.getKey(), e.getValue());
            k++;
        }
        Map<Integer, UUID> stored = new java.util.HashMap<>();
        batch.query(
                con -> {
                    var ps = con.prepareStatement("""
                            INSERT INTO inbound_event (id, source, webhook_id, received_at, body, body_sha256, outcome,
                                content_type, fields)
                            SELECT i, s, w, r, b, h, 'APPLIED', c, f::jsonb
                            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::bytea[], ?::text[],
                                ?::text[], ?::text[]) AS t(i, s, w, r, b, h, c, f)
                            ON CONFLICT (source, webhook_id) DO NOTHING RETURNING source, webhook_id, id""");
                    ps.setArray(1, con.createArrayOf("uuid", ids));
                    ps.setArray(2, con.createArrayOf("text", sources));
                    ps.setArray(3, con.createArrayOf("text", deliveries));
                    ps.setArray(4, con.createArrayOf("timestamptz", received));
                    ps.setArray(5, con.createArrayOf("bytea", bodies));
                    ps.setArray(6, con.createArrayOf("text", hashes));
                    ps.setArray(7, con.createArrayOf("text", types));
                    ps.setArray(8, con.createArrayOf("text", fields));
                    return ps;
                },
                rs -> {
                    stored.put(indexOfKey.get(rs.getString(1) + '\n' + rs.getString(2)), rs.getObject(3, UUID.class));
                });
        return stored;
    }

    /** The event id stored under each delivery id of the group that was not stored by this group. */
    private Map<String, UUID> storedIds(List<Inbound> items, Map<Integer, UUID> stored) {
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

    /**
     * Keeps an item that failed even alone (a poison event): its raw body is stored, parked for review with
     * the failure as its reason, and audited, so that it is neither lost nor blocking. Runs in its own
     * transaction after the failed one rolled back.
     */
    IntakeResult setAsideAlone(Inbound item, RuntimeException failure) {
        // Only what cannot itself be the poison: the raw bytes, their hash, and the failure.
        Map<Integer, UUID> stored = storeAll(List.of(item), false);
        if (!stored.containsKey(0)) {
            return new IntakeResult(
                    storedIds(List.of(item), stored).get(item.source() + '\n' + item.deliveryId()),
                    IntakeResult.Outcome.DUPLICATE_DELIVERY,
                    null,
                    null);
        }
        Outcomes outcomes = new Outcomes();
        String why =
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        IntakeResult result = setAside(
                stored.get(0),
                item.source(),
                null,
                InvalidEvent.unprocessable(
                        "body",
                        "could not be applied (" + printable(why) + "); kept for review and to be processed again"),
                outcomes);
        outcomes.write(batch);
        return result;
    }

    /** The text without control characters or lone surrogates (it may quote the input), at most 500 chars. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 500));
        for (int i = 0; i < s.length() && b.length() < 500; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }

    private IntakeResult apply(
            UUID eventId, String source, JsonNode json, Map<EmployeeId, Person> known, Outcomes outcomes) {
        var fields = new Fields(json);
        Object parsed = toEvent(eventId, source, fields, known, null);
        if (parsed instanceof InvalidEvent invalid) {
            return setAside(eventId, source, fields, invalid, outcomes);
        }
        return applyEvent(
                eventId,
                source,
                fields,
                (QualificationEvent) parsed,
                known.get(((QualificationEvent) parsed).employeeId()),
                outcomes);
    }

    /**
     * Tries a parked event again (its employee or its mapping may exist now). Returns what became of it;
     * an event that still cannot be used stays parked as it was, with nothing written.
     */
    @Transactional
    public Optional<IntakeResult> reprocess(UUID eventId, String actor) {
        record Parked(String source, @Nullable String fields, byte[] body) {}
        Optional<Parked> row = jdbc.sql("SELECT source, fields::text, body FROM inbound_event WHERE id = ? "
                        + "AND outcome = 'PARKED' AND resolved_at IS NULL FOR UPDATE SKIP LOCKED")
                .param(eventId)
                .query((rs, n) -> new Parked(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = row.get().fields() != null
                    ? JSON.readTree(row.get().fields())
                    : EventBody.STRICT.readTree(row.get().body());
        } catch (JacksonException e) {
            return Optional.empty();
        }
        var fields = new Fields(json);
        Object parsed = toEvent(eventId, row.get().source(), fields, null, null);
        if (parsed instanceof InvalidEvent) {
            return Optional.empty();
        }
        Outcomes outcomes = new Outcomes();
        IntakeResult result =
                applyEvent(eventId, row.get().source(), fields, (QualificationEvent) parsed, null, outcomes);
        outcomes.write(batch);
        jdbc.sql("UPDATE inbound_event SET resolved_at = ?, resolved_by = ?, reason = NULL, field = NULL, "
                        + "resolution = 'REPROCESSED' WHERE id = ?")
                .params(Timestamp.from(clock.instant()), actor, eventId)
                .update();
        audit.append(new AuditRecord(
                actor,
                "event.reprocessed",
                "inbound-event",
                eventId.toString(),
                fields.text("employeeId"),
                Map.of("outcome", "PARKED"),
                Map.of("outcome", result.outcome().name()),
                "parked event processed again",
                eventId.toString()));
        return Optional.of(result);
    }

    /**
     * The qualification a parked record would become were its code mapped to {@code code}: read from the record
     * as stored, checked as intake would check it, and written nowhere. Empty when the record is not parked or
     * is wrong in some other way too.
     */
    @Transactional(readOnly = true)
    public Optional<QualificationEvent> asIfMapped(UUID eventId, QualificationCode code) {
        record Parked(String source, @Nullable String fields, byte[] body) {}
        Optional<Parked> row = jdbc.sql("SELECT source, fields::text, body FROM inbound_event WHERE id = ? "
                        + "AND outcome = 'PARKED' AND resolved_at IS NULL")
                .param(eventId)
                .query((rs, n) -> new Parked(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode json = row.get().fields() != null
                    ? JSON.readTree(row.get().fields())
                    : EventBody.STRICT.readTree(row.get().body());
            return toEvent(eventId, row.get().source(), new Fields(json), null, code) instanceof QualificationEvent e
                    ? Optional.of(e)
                    : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** {@code person}: the event's person as read for its group (null: the planner reads them). */
    private IntakeResult applyEvent(
            UUID eventId,
            String source,
            Fields fields,
            QualificationEvent event,
            @Nullable Person person,
            Outcomes outcomes) {
        String actor = "source:" + source;
        LedgerOutcome outcome = qualifications.apply(event, actor, eventId.toString());
        IntakeResult.Outcome result = switch (outcome) {
            case APPLIED -> IntakeResult.Outcome.APPLIED;
            case DUPLICATE -> IntakeResult.Outcome.DUPLICATE;
            case STALE -> IntakeResult.Outcome.STALE;
        };
        outcomes.add(
                eventId,
                outcome.name(),
                null,
                null,
                fields.text("eventType"),
                event.employeeId().value(),
                event.sourceRecordId(),
                event.sourceVersion());
        if (outcome == LedgerOutcome.APPLIED) {
            String why = event.code() + " " + event.kind().name().toLowerCase() + " (" + event.source() + "/"
                    + event.sourceRecordId() + ")";
            if (person != null) {
                planner.personChanged(person, why);
            } else {
                planner.personChanged(event.employeeId(), why);
            }
        }
        return new IntakeResult(eventId, result, null, null);
    }

    /**
     * The event, or why it cannot be used. {@code known}: the persons of the event's group, read at once
     * (null: read this one); {@code mapped}: the canonical code to use instead of the dictionary's (null: the
     * dictionary's).
     */
    private Object toEvent(
            UUID eventId,
            String source,
            Fields f,
            @Nullable Map<EmployeeId, Person> known,
            @Nullable QualificationCode mapped) {
        Object read = EventBody.read(f.json());
        if (read instanceof InvalidEvent invalid) {
            return invalid;
        }
        EventBody body = (EventBody) read;
        String eventType = body.eventType();
        String employee = body.employeeId();
        String certificationId = body.certificationId();
        String sourceRecordId = body.sourceRecordId();
        int level = body.level();
        String completedOn = body.completedOn();
        String expiresOn = body.expiresOn();
        String approvedBy = body.approvedBy();
        Instant approvedAt = body.approvedAt();

        Plant current = plant.current();
        Optional<Person> person = known != null
                ? Optional.ofNullable(known.get(EmployeeId.of(employee)))
                : persons.find(EmployeeId.of(employee));
        if (person.isEmpty()) {
            return InvalidEvent.unprocessable(
                    "employeeId", "unknown employee " + employee + ": not in the HRIS directory as known to Qualigate");
        }
        String dictionary = sources.sources().containsKey(source)
                ? sources.sources().get(source).dictionary()
                : source;
        Optional<QualificationCode> code =
                mapped != null ? Optional.of(mapped) : dictionaryEntries.canonical(dictionary, certificationId);
        if (code.isEmpty()) {
            return InvalidEvent.unprocessable(
                    "certificationId",
                    "certification " + certificationId + " is not mapped in the " + dictionary + " dictionary");
        }
        ZoneId zone = current.site(person.get().site()).map(Site::zone).orElse(ZoneId.of("UTC"));
        Optional<Instant> completedAt = EventDates.completion(completedOn, zone);
        if (completedAt.isEmpty()) {
            return InvalidEvent.malformed(
                    "completedOn", "must be a date (YYYY-MM-DD) or an RFC 3339 date-time, " + "between 1970 and 2200");
        }
        if (completedAt.get().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            return InvalidEvent.malformed("completedOn", "lies in the future: " + completedOn);
        }
        Instant expiresAt = null;
        if (expiresOn != null) {
            Optional<Instant> parsed = EventDates.expiry(expiresOn, zone);
            if (parsed.isEmpty()) {
                return InvalidEvent.malformed(
                        "expiresOn",
                        "must be a date (YYYY-MM-DD) or an RFC 3339 date-time, " + "between 1970 and 2200");
            }
            if (!parsed.get().isAfter(completedAt.get())) {
                return InvalidEvent.malformed("expiresOn", "must be after completedOn");
            }
            expiresAt = parsed.get();
        }
        QualificationEvent.Kind kind = switch (eventType) {
            case "certification.completed" -> QualificationEvent.Kind.COMPLETED;
            case "certification.updated" -> QualificationEvent.Kind.UPDATED;
            default -> QualificationEvent.Kind.REVOKED;
        };
        return new QualificationEvent(
                eventId,
                kind,
                EmployeeId.of(employee),
                code.get(),
                level,
                completedAt.get(),
                expiresAt,
                completedOn,
                expiresOn,
                authorities.getOrDefault(source, Qualification.Authority.HRIS),
                source,
                sourceRecordId,
                body.sourceVersion(),
                certificationId,
                body.certificationName(),
                approvedBy,
                approvedAt);
    }

    private IntakeResult setAside(
            UUID eventId, String source, @Nullable Fields fields, InvalidEvent invalid, Outcomes outcomes) {
        String outcome = invalid.drifted() ? "QUARANTINED" : invalid.parked() ? "PARKED" : "REJECTED";
        String employee = fields == null ? null : fields.text("employeeId");
        if (employee != null && (employee.length() > 64 || !EmployeeId.isValid(employee))) {
            employee = null;
        }
        outcomes.add(
                eventId,
                outcome,
                invalid.reason(),
                invalid.field(),
                fields == null ? null : clip(fields.text("eventType")),
                employee,
                fields == null ? null : clip(fields.text("sourceRecordId")),
                null);
        var value = new LinkedHashMap<String, Object>();
        value.put("source", source);
        value.put("outcome", outcome);
        value.put("field", invalid.field());
        audit.append(new AuditRecord(
                "source:" + source,
                invalid.drifted() ? "event.quarantined" : invalid.parked() ? "event.parked" : "event.rejected",
                "inbound-event",
                eventId.toString(),
                employee,
                null,
                value,
                invalid.field() + " " + invalid.reason(),
                eventId.toString()));
        return new IntakeResult(
                eventId,
                invalid.drifted()
                        ? IntakeResult.Outcome.QUARANTINED
                        : invalid.parked() ? IntakeResult.Outcome.PARKED : IntakeResult.Outcome.REJECTED,
                invalid.field(),
                invalid.reason());
    }

    private static @Nullable String clip(@Nullable String s) {
        return s == null || s.length() <= 128 ? s : s.substring(0, 128);
    }

    static String sha256(byte[] body) {
        return Sha256.hex(body);
    }

    /** What became of each event of a group, written in one batch once the group is processed. */
    private static final class Outcomes {
        private final List<Object[]> rows = new ArrayList<>();

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

        void write(JdbcTemplate jdbc) {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("""
                        UPDATE inbound_event SET outcome = ?, reason = ?, field = ?, event_type = ?, employee_id = ?,
                            source_record_id = ?, source_version = ? WHERE id = ?""", rows);
            }
        }
    }

    /** Text fields of the event body; a field of the wrong JSON type reads as its text. */
    private record Fields(JsonNode json) {

        @Nullable
        JsonNode node(String name) {
            return EventBody.node(json, name);
        }

        @Nullable
        String text(String name) {
            return EventBody.text(json, name);
        }
    }
}
