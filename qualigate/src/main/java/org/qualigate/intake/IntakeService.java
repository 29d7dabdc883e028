package org.qualigate.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessPlanner;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.SourceRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.LedgerOutcome;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.QualificationEvent;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.QualificationCode;
import org.qualigate.text.Sha256;
import org.qualigate.trace.Traces;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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

    private final InboundRows rows;
    private final QualificationEventReader reader;
    private final Persons persons;
    private final Qualifications qualifications;
    private final AccessPlanner planner;
    private final AuditTrail audit;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final IntakeCommitter committer;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    IntakeService(
            InboundRows rows,
            QualificationEventReader reader,
            Persons persons,
            Qualifications qualifications,
            AccessPlanner planner,
            AuditTrail audit,
            Clock clock,
            MeterRegistry metrics,
            IntakeCommitter committer) {
        this.rows = rows;
        this.reader = reader;
        this.persons = persons;
        this.qualifications = qualifications;
        this.planner = planner;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
        this.committer = committer;
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
     * then what became of each in one update. One result per item, in the items' order.
     */
    List<IntakeResult> processBatch(List<Inbound> items) {
        InboundRows.Outcomes outcomes = new InboundRows.Outcomes();
        Map<Integer, UUID> stored = rows.storeAll(items, outcomes);
        IntakeResult[] results = new IntakeResult[items.size()];
        GroupOrder sorted = GroupOrder.of(items);
        Integer[] order = sorted.order();
        Map<EmployeeId, Person> known = persons.find(sorted.named());
        Map<String, UUID> firstIds = null;
        // each changed person is planned once, after all of the group's events, under the trace of the last of them
        SortedMap<EmployeeId, String> changed = new TreeMap<>();
        try (var group = Traces.group()) {
            for (int i : order) {
                Inbound item = items.get(i);
                UUID eventId = stored.get(i);
                if (eventId == null) {
                    if (firstIds == null) {
                        firstIds = rows.storedIds(items, stored);
                    }
                    results[i] = new IntakeResult(
                            firstIds.get(item.source() + '\n' + item.deliveryId()),
                            IntakeResult.Outcome.DUPLICATE_DELIVERY,
                            null,
                            null);
                } else {
                    results[i] = Traces.within(
                            item.trace(), item.employeeId(), () -> process(eventId, item, known, outcomes, changed));
                }
            }
            planner.personsChanged(changed, known);
        }
        rows.write(outcomes);
        return java.util.Arrays.asList(results);
    }

    private IntakeResult process(
            UUID eventId,
            Inbound item,
            Map<EmployeeId, Person> known,
            InboundRows.Outcomes outcomes,
            SortedMap<EmployeeId, String> changed) {
        String source = item.source();
        SourceRecord record = item.record();
        if (record == null) {
            if (item.parsed() instanceof InvalidEvent invalid) {
                return setAside(eventId, source, null, invalid, outcomes);
            }
            return apply(eventId, source, (JsonNode) item.parsed(), known, outcomes, changed);
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
        return apply(eventId, source, JSON.valueToTree(record.fields()), known, outcomes, changed);
    }

    /**
     * Keeps an item that failed even alone (a poison event): its raw body is stored, parked for review with
     * the failure as its reason, and audited, so that it is neither lost nor blocking. Runs in its own
     * transaction after the failed one rolled back.
     */
    IntakeResult setAsideAlone(Inbound item, RuntimeException failure) {
        // Only what cannot itself be the poison: the raw bytes, their hash, and the failure.
        Map<Integer, UUID> stored = rows.storeAll(List.of(item), false);
        if (!stored.containsKey(0)) {
            return new IntakeResult(
                    rows.storedIds(List.of(item), stored).get(item.source() + '\n' + item.deliveryId()),
                    IntakeResult.Outcome.DUPLICATE_DELIVERY,
                    null,
                    null);
        }
        InboundRows.Outcomes outcomes = new InboundRows.Outcomes();
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
        rows.write(outcomes);
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
            UUID eventId,
            String source,
            JsonNode json,
            Map<EmployeeId, Person> known,
            InboundRows.Outcomes outcomes,
            SortedMap<EmployeeId, String> changed) {
        var fields = new EventFields(json);
        Object parsed = reader.read(eventId, source, fields, known, null);
        if (parsed instanceof InvalidEvent invalid) {
            return setAside(eventId, source, fields, invalid, outcomes);
        }
        return applyEvent(eventId, source, fields, (QualificationEvent) parsed, outcomes, changed);
    }

    /**
     * Tries a parked event again (its employee or its mapping may exist now). Returns what became of it;
     * an event that still cannot be used stays parked as it was, with nothing written.
     */
    @Transactional
    public Optional<IntakeResult> reprocess(UUID eventId, String actor) {
        Optional<InboundRows.Parked> row = rows.parked(eventId, true);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        String source = row.get().source();
        var fields = new EventFields(row.get().json());
        if (!(reader.read(eventId, source, fields, null, null) instanceof QualificationEvent event)) {
            return Optional.empty();
        }
        InboundRows.Outcomes outcomes = new InboundRows.Outcomes();
        SortedMap<EmployeeId, String> changed = new TreeMap<>();
        IntakeResult result = applyEvent(eventId, source, fields, event, outcomes, changed);
        planner.personsChanged(changed, Map.of());
        rows.write(outcomes);
        rows.reprocessed(eventId, actor);
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
        return rows.parked(eventId, false)
                .map(p -> reader.read(eventId, p.source(), new EventFields(p.json()), null, code))
                .filter(QualificationEvent.class::isInstance)
                .map(QualificationEvent.class::cast);
    }

    /** An applied event's person joins {@code changed}, with why, to be planned with the rest of the group. */
    private IntakeResult applyEvent(
            UUID eventId,
            String source,
            EventFields fields,
            QualificationEvent event,
            InboundRows.Outcomes outcomes,
            SortedMap<EmployeeId, String> changed) {
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
            changed.merge(event.employeeId(), why, (a, b) -> a + "; " + b);
        }
        return new IntakeResult(eventId, result, null, null);
    }

    private IntakeResult setAside(
            UUID eventId,
            String source,
            @Nullable EventFields fields,
            InvalidEvent invalid,
            InboundRows.Outcomes outcomes) {
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
        var value = new LinkedHashMap<String, Object>(); // the audit value, hashed into the chain
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
}
