package org.qualigate.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.PlantDefinition;
import org.qualigate.intake.InboundEvents;
import org.qualigate.intake.IntakeService;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.QualificationEvent;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The source codes no dictionary maps yet, read from the records parked for them, and who waits for a proposed
 * mapping: the people whose parked records go through once it is approved, and the roles each would gain —
 * the policy run on their qualifications plus the waiting record read as the mapping would have it.
 */
@Component
class ImpactOfMappings {

    private static final Pattern UNMAPPED =
            Pattern.compile("certification (\\S+) is not mapped in the (\\S+) dictionary");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final InboundEvents events;
    private final IntakeService intake;
    private final AccessPlanner planner;
    private final PlantDefinition plant;
    private final DictionaryEntries dictionary;
    private final Clock clock;

    ImpactOfMappings(
            InboundEvents events,
            IntakeService intake,
            AccessPlanner planner,
            PlantDefinition plant,
            DictionaryEntries dictionary,
            Clock clock) {
        this.events = events;
        this.intake = intake;
        this.planner = planner;
        this.plant = plant;
        this.dictionary = dictionary;
        this.clock = clock;
    }

    /**
     * A code no dictionary maps yet, with how many parked events wait for it, whose they are, the course name
     * the HR system gave it (when a waiting record names it) and the first waiting record (its raw payload).
     */
    record Unmapped(
            String system,
            String sourceCode,
            long waiting,
            List<String> people,
            @Nullable String courseName,
            @Nullable UUID firstEvent) {}

    List<Unmapped> unmapped() {
        Map<String, Unmapped> found = new LinkedHashMap<>();
        for (InboundEvents.StoredEvent e : events.awaitingReview(500)) {
            Matcher m = UNMAPPED.matcher(e.reason() == null ? "" : e.reason());
            if (e.outcome().equals("PARKED") && m.find()) {
                String system = m.group(2);
                String code = m.group(1);
                Unmapped before = found.get(system + "/" + code);
                List<String> people = new ArrayList<>(before == null ? List.of() : before.people());
                if (e.employeeId() != null && !people.contains(e.employeeId())) {
                    people.add(e.employeeId());
                }
                String name = before != null && before.courseName() != null ? before.courseName() : courseName(e);
                found.put(
                        system + "/" + code,
                        new Unmapped(
                                system,
                                code,
                                before == null ? 1 : before.waiting() + 1,
                                List.copyOf(people),
                                name,
                                before == null ? e.id() : before.firstEvent()));
            }
        }
        return List.copyOf(found.values());
    }

    /** The name a record's source gave the course ({@code certificationName}), when its body says. */
    private static @Nullable String courseName(InboundEvents.StoredEvent e) {
        try {
            String body = e.bodyText().orElse("");
            if (!body.stripLeading().startsWith("{")) {
                return null;
            }
            JsonNode name = JSON.readTree(body).path("certificationName");
            return name.isString() && !name.asString().isBlank()
                    ? name.asString().strip()
                    : null;
        } catch (JacksonException ex) {
            return null;
        }
    }

    /** The course name the HR system gives a code, from a record that waits for its mapping. */
    @Nullable
    String courseName(String system, String sourceCode) {
        return events.parkedFor(system, sourceCode).stream()
                .map(ImpactOfMappings::courseName)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * The source codes that already count as a plant qualification ("workday WD-CERT-3001"), from the plant
     * definition and the mappings approved since, so an editor sees what the new code would stand beside.
     */
    List<String> existingSources(String code) {
        TreeSet<String> sources = new TreeSet<>();
        plant.current()
                .dictionary()
                .bySystem()
                .forEach((system, codes) -> codes.forEach((source, canonical) -> {
                    if (canonical.value().equals(code)) {
                        sources.add(system + " " + source);
                    }
                }));
        for (DictionaryEntries.Entry m : dictionary.added()) {
            if (code.equals(m.code())) {
                sources.add(m.system() + " " + m.sourceCode());
            }
        }
        return List.copyOf(sources);
    }

    /** One waiting person and the roles they would gain on approval (none: the record alone completes no rule). */
    record PersonGains(String employeeId, List<String> gains) {}

    /**
     * One proposed mapping, the course name the HR system gives its code (as drafted into the change set, or from
     * a waiting record), the source codes that already count as the plant qualification, and the parked records
     * (and people, with what each would gain) that wait for it.
     */
    record Waiting(
            String system,
            String sourceCode,
            @Nullable String courseName,
            String code,
            long waiting,
            List<PersonGains> people,
            List<String> existingSources,
            @Nullable UUID firstEvent) {

        /** The waiting people's ids. */
        List<String> ids() {
            return people.stream().map(PersonGains::employeeId).toList();
        }
    }

    /**
     * For each mapping of a DICTIONARY change set's content, the parked records that wait for it and what each
     * waiting person would gain; a person waiting for several of its codes is judged with all of them at once.
     */
    List<Waiting> waitingFor(String content) {
        List<Map<String, String>> mappings = new ArrayList<>();
        try {
            for (JsonNode m : JSON.readTree(content).path("mappings")) {
                Map<String, String> one = new LinkedHashMap<>();
                one.put("system", m.path("system").asString());
                one.put("sourceCode", m.path("sourceCode").asString());
                one.put("code", m.path("code").asString());
                JsonNode drafted = m.path("sourceName");
                one.put("sourceName", drafted.isString() && !drafted.asString().isBlank() ? drafted.asString() : null);
                mappings.add(one);
            }
        } catch (JacksonException e) {
            return List.of();
        }
        return impact(mappings);
    }

    /** What mapping one code to one plant qualification would do, before anything is drafted. */
    Waiting preview(String system, String sourceCode, String code) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("system", system);
        one.put("sourceCode", sourceCode);
        one.put("code", code);
        one.put("sourceName", null);
        return impact(List.of(one)).getFirst();
    }

    private List<Waiting> impact(List<Map<String, String>> mappings) {
        Instant now = clock.instant();
        Map<String, List<InboundEvents.StoredEvent>> parked = new LinkedHashMap<>();
        Map<String, List<HeldQualification>> extra = new TreeMap<>();
        for (Map<String, String> m : mappings) {
            List<InboundEvents.StoredEvent> records = events.parkedFor(m.get("system"), m.get("sourceCode"));
            parked.put(m.get("system") + "/" + m.get("sourceCode"), records);
            QualificationCode canonical = code(m.get("code"));
            for (InboundEvents.StoredEvent e : records) {
                if (e.employeeId() == null) {
                    continue;
                }
                List<HeldQualification> held = extra.computeIfAbsent(e.employeeId(), k -> new ArrayList<>());
                if (canonical != null) {
                    intake.asIfMapped(e.id(), canonical)
                            .map(ImpactOfMappings::held)
                            .ifPresent(held::add);
                }
            }
        }
        Map<String, List<String>> gains = new TreeMap<>();
        extra.forEach((person, held) -> gains.put(
                person,
                EmployeeId.isValid(person)
                        ? planner.gainedWith(EmployeeId.of(person), held, now).stream()
                                .map(RoleName::value)
                                .toList()
                        : List.of()));
        List<Waiting> waiting = new ArrayList<>();
        for (Map<String, String> m : mappings) {
            List<InboundEvents.StoredEvent> records = parked.get(m.get("system") + "/" + m.get("sourceCode"));
            List<PersonGains> people = records.stream()
                    .map(InboundEvents.StoredEvent::employeeId)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .map(p -> new PersonGains(p, gains.getOrDefault(p, List.of())))
                    .toList();
            String name = m.get("sourceName") != null
                    ? m.get("sourceName")
                    : records.stream()
                            .map(ImpactOfMappings::courseName)
                            .filter(java.util.Objects::nonNull)
                            .findFirst()
                            .orElse(null);
            waiting.add(new Waiting(
                    m.get("system"),
                    m.get("sourceCode"),
                    name,
                    m.get("code"),
                    records.size(),
                    people,
                    existingSources(m.get("code")).stream()
                            .filter(x -> !x.equals(m.get("system") + " " + m.get("sourceCode")))
                            .toList(),
                    records.isEmpty() ? null : records.getFirst().id()));
        }
        return waiting;
    }

    private static @Nullable QualificationCode code(@Nullable String code) {
        try {
            return code == null ? null : QualificationCode.of(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static HeldQualification held(QualificationEvent e) {
        return new HeldQualification(
                e.eventId().toString(),
                e.code(),
                e.level(),
                e.completedAt(),
                e.expiresAt(),
                e.kind() == QualificationEvent.Kind.REVOKED);
    }
}
