package org.qualigate.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.connector.HrisSource;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.QualificationEvent;
import org.qualigate.policy.QualificationCode;
import org.springframework.stereotype.Component;

/**
 * Turns an event body into the qualification event it states, or says why it cannot be used: the person must be
 * known, the certification mapped in the source's dictionary, the dates readable in the person's site zone, the
 * completion not in the future and the expiry after it.
 */
@Component
class QualificationEventReader {

    private static final String DATE_OR_TIME =
            "must be a date (YYYY-MM-DD) or an RFC 3339 date-time, " + "between 1970 and 2200";

    private final Persons persons;
    private final PlantDefinition plant;
    private final SourceSettings sources;
    private final DictionaryEntries dictionaryEntries;
    private final Clock clock;
    private final Map<String, Qualification.Authority> authorities = new HashMap<>();

    QualificationEventReader(
            Persons persons,
            PlantDefinition plant,
            SourceSettings sources,
            DictionaryEntries dictionaryEntries,
            Clock clock,
            List<HrisSource> pulledSources) {
        this.persons = persons;
        this.plant = plant;
        this.sources = sources;
        this.dictionaryEntries = dictionaryEntries;
        this.clock = clock;
        // A pulled source may own its records under another authority (the QMS's own training records).
        pulledSources.forEach(s -> authorities.put(s.name(), s.authority()));
    }

    /**
     * The event ({@link QualificationEvent}), or why it cannot be used ({@link InvalidEvent}). {@code known}: the
     * persons of the event's group, read at once (null: read this one); {@code mapped}: the canonical code to use
     * instead of the dictionary's (null: the dictionary's).
     */
    Object read(
            UUID eventId,
            String source,
            EventFields f,
            @Nullable Map<EmployeeId, Person> known,
            @Nullable QualificationCode mapped) {
        Object read = EventBody.read(f.json());
        if (read instanceof InvalidEvent invalid) {
            return invalid;
        }
        EventBody body = (EventBody) read;
        String employee = body.employeeId();
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
                mapped != null ? Optional.of(mapped) : dictionaryEntries.canonical(dictionary, body.certificationId());
        if (code.isEmpty()) {
            return InvalidEvent.unprocessable(
                    "certificationId",
                    "certification " + body.certificationId() + " is not mapped in the " + dictionary + " dictionary");
        }
        ZoneId zone = plant.current().site(person.get().site()).map(Site::zone).orElse(ZoneId.of("UTC"));
        Object dates = dates(body, zone);
        if (dates instanceof InvalidEvent invalid) {
            return invalid;
        }
        return event(eventId, source, body, code.get(), (Dates) dates);
    }

    /** The completion and expiry instants an event's dates mean in the site's zone. */
    private record Dates(Instant completedAt, @Nullable Instant expiresAt) {}

    private Object dates(EventBody body, ZoneId zone) {
        String completedOn = body.completedOn();
        String expiresOn = body.expiresOn();
        Optional<Instant> completedAt = EventDates.completion(completedOn, zone);
        if (completedAt.isEmpty()) {
            return InvalidEvent.malformed("completedOn", DATE_OR_TIME);
        }
        if (completedAt.get().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            return InvalidEvent.malformed("completedOn", "lies in the future: " + completedOn);
        }
        if (expiresOn == null) {
            return new Dates(completedAt.get(), null);
        }
        Optional<Instant> expiresAt = EventDates.expiry(expiresOn, zone);
        if (expiresAt.isEmpty()) {
            return InvalidEvent.malformed("expiresOn", DATE_OR_TIME);
        }
        if (!expiresAt.get().isAfter(completedAt.get())) {
            return InvalidEvent.malformed("expiresOn", "must be after completedOn");
        }
        return new Dates(completedAt.get(), expiresAt.get());
    }

    private QualificationEvent event(UUID eventId, String source, EventBody body, QualificationCode code, Dates d) {
        QualificationEvent.Kind kind = switch (body.eventType()) {
            case "certification.completed" -> QualificationEvent.Kind.COMPLETED;
            case "certification.updated" -> QualificationEvent.Kind.UPDATED;
            default -> QualificationEvent.Kind.REVOKED;
        };
        return new QualificationEvent(
                eventId,
                kind,
                EmployeeId.of(body.employeeId()),
                code,
                body.level(),
                d.completedAt(),
                d.expiresAt(),
                body.completedOn(),
                body.expiresOn(),
                authorities.getOrDefault(source, Qualification.Authority.HRIS),
                source,
                body.sourceRecordId(),
                body.sourceVersion(),
                body.certificationId(),
                body.certificationName(),
                body.approvedBy(),
                body.approvedAt());
    }
}
