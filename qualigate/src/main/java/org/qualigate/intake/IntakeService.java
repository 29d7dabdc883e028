package org.qualigate.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives one authentic inbound event: stores the raw body, validates it, applies it to the ledger and
 * plans the person, all in one transaction, so an acknowledged event is never lost. Events that cannot
 * be used are kept with the field and reason, for review.
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
            java.util.List<org.qualigate.connector.HrisSource> pulledSources) {
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
    }

    @Transactional
    public IntakeResult receive(String source, String webhookId, byte[] body) {
        IntakeResult result = process(source, webhookId, body);
        metrics.counter(
                        "qualigate.intake.events",
                        "source",
                        source,
                        "outcome",
                        result.outcome().name().toLowerCase())
                .increment();
        return result;
    }

    private IntakeResult process(String source, String webhookId, byte[] body) {
        Optional<UUID> stored = store(source, webhookId, body, "application/json");
        if (stored.isEmpty()) {
            return duplicateDelivery(source, webhookId);
        }
        UUID eventId = stored.get();
        Object json = EventBody.json(body);
        if (json instanceof InvalidEvent invalid) {
            return setAside(eventId, source, null, invalid);
        }
        return apply(eventId, source, (JsonNode) json);
    }

    /**
     * Receives one record pulled from an HRIS or read from a file: stored exactly as received (keyed by
     * the record's key, so a record seen again is a duplicate), then validated and applied like a webhook.
     * An unreadable record is kept as rejected, a drifted one as quarantined, both with the reason.
     */
    @Transactional
    public IntakeResult receiveRecord(String source, SourceRecord record) {
        IntakeResult result;
        Optional<UUID> stored = store(source, record.key(), record.raw(), record.contentType());
        if (stored.isEmpty()) {
            result = duplicateDelivery(source, record.key());
        } else if (record.problem() != null) {
            SourceRecord.Problem problem = record.problem();
            result = setAside(
                    stored.get(),
                    source,
                    null,
                    problem.kind() == SourceRecord.Problem.Kind.SCHEMA_DRIFT
                            ? InvalidEvent.drifted(problem.field(), problem.reason())
                            : InvalidEvent.malformed(problem.field(), problem.reason()));
        } else {
            JsonNode fields = JSON.valueToTree(record.fields());
            jdbc.sql("UPDATE inbound_event SET fields = ?::jsonb WHERE id = ?")
                    .params(JSON.writeValueAsString(fields), stored.get())
                    .update();
            result = apply(stored.get(), source, fields);
        }
        metrics.counter(
                        "qualigate.intake.events",
                        "source",
                        source,
                        "outcome",
                        result.outcome().name().toLowerCase())
                .increment();
        return result;
    }

    private Optional<UUID> store(String source, String deliveryId, byte[] body, String contentType) {
        return jdbc.sql("""
                        INSERT INTO inbound_event (id, source, webhook_id, received_at, body, body_sha256, outcome,
                            content_type)
                        VALUES (?, ?, ?, ?, ?, ?, 'APPLIED', ?)
                        ON CONFLICT (source, webhook_id) DO NOTHING RETURNING id""")
                .params(
                        UUID.randomUUID(),
                        source,
                        deliveryId,
                        Timestamp.from(clock.instant()),
                        body,
                        sha256(body),
                        contentType)
                .query(UUID.class)
                .optional();
    }

    private IntakeResult duplicateDelivery(String source, String deliveryId) {
        UUID first = jdbc.sql("SELECT id FROM inbound_event WHERE source = ? AND webhook_id = ?")
                .params(source, deliveryId)
                .query(UUID.class)
                .single();
        return new IntakeResult(first, IntakeResult.Outcome.DUPLICATE_DELIVERY, null, null);
    }

    private IntakeResult apply(UUID eventId, String source, JsonNode json) {
        var fields = new Fields(json);
        Object parsed = toEvent(eventId, source, fields);
        if (parsed instanceof InvalidEvent invalid) {
            return setAside(eventId, source, fields, invalid);
        }
        return applyEvent(eventId, source, fields, (QualificationEvent) parsed);
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
        Object parsed = toEvent(eventId, row.get().source(), fields);
        if (parsed instanceof InvalidEvent) {
            return Optional.empty();
        }
        IntakeResult result = applyEvent(eventId, row.get().source(), fields, (QualificationEvent) parsed);
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
            return toEvent(eventId, row.get().source(), new Fields(json), code) instanceof QualificationEvent e
                    ? Optional.of(e)
                    : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private IntakeResult applyEvent(UUID eventId, String source, Fields fields, QualificationEvent event) {
        String actor = "source:" + source;
        LedgerOutcome outcome = qualifications.apply(event, actor, eventId.toString());
        IntakeResult.Outcome result = switch (outcome) {
            case APPLIED -> IntakeResult.Outcome.APPLIED;
            case DUPLICATE -> IntakeResult.Outcome.DUPLICATE;
            case STALE -> IntakeResult.Outcome.STALE;
        };
        jdbc.sql("""
                        UPDATE inbound_event SET outcome = ?, event_type = ?, employee_id = ?, source_record_id = ?,
                            source_version = ? WHERE id = ?""")
                .params(
                        outcome.name(),
                        fields.text("eventType"),
                        event.employeeId().value(),
                        event.sourceRecordId(),
                        event.sourceVersion(),
                        eventId)
                .update();
        if (outcome == LedgerOutcome.APPLIED) {
            planner.personChanged(
                    event.employeeId(),
                    event.code() + " " + event.kind().name().toLowerCase() + " (" + event.source() + "/"
                            + event.sourceRecordId() + ")");
        }
        return new IntakeResult(eventId, result, null, null);
    }

    private Object toEvent(UUID eventId, String source, Fields f) {
        return toEvent(eventId, source, f, null);
    }

    /** The event the fields describe, its code read through the dictionary, or given ({@code mapped}). */
    private Object toEvent(UUID eventId, String source, Fields f, @Nullable QualificationCode mapped) {
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
        Optional<Person> person = persons.find(EmployeeId.of(employee));
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

    private IntakeResult setAside(UUID eventId, String source, @Nullable Fields fields, InvalidEvent invalid) {
        String outcome = invalid.drifted() ? "QUARANTINED" : invalid.parked() ? "PARKED" : "REJECTED";
        String employee = fields == null ? null : fields.text("employeeId");
        if (employee != null && (employee.length() > 64 || !EmployeeId.isValid(employee))) {
            employee = null;
        }
        jdbc.sql("""
                        UPDATE inbound_event SET outcome = ?, reason = ?, field = ?, event_type = ?, employee_id = ?,
                            source_record_id = ? WHERE id = ?""")
                .params(
                        outcome,
                        invalid.reason(),
                        invalid.field(),
                        fields == null ? null : clip(fields.text("eventType")),
                        employee,
                        fields == null ? null : clip(fields.text("sourceRecordId")),
                        eventId)
                .update();
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
