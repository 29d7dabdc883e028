package org.qualigate.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.intake.InboundEvents;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The source codes no dictionary maps yet, read from the records parked for them, and who waits for a
 * proposed mapping: the people whose parked records go through (and are planned again) once it is approved.
 */
@Component
class ImpactOfMappings {

    private static final Pattern UNMAPPED =
            Pattern.compile("certification (\\S+) is not mapped in the (\\S+) dictionary");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final InboundEvents events;

    ImpactOfMappings(InboundEvents events) {
        this.events = events;
    }

    /**
     * A code no dictionary maps yet, with how many parked events wait for it, whose they are, and the course
     * name the HR system gave it (when a waiting record names it).
     */
    record Unmapped(
            String system,
            String sourceCode,
            long waiting,
            List<String> people,
            @Nullable String courseName) {}

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
                                system, code, before == null ? 1 : before.waiting() + 1, List.copyOf(people), name));
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
        return unmapped().stream()
                .filter(u -> u.system().equals(system) && u.sourceCode().equals(sourceCode))
                .map(Unmapped::courseName)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * One proposed mapping, the course name the HR system gives its code (as drafted into the change set, or from
     * a waiting record), and the parked records (and people) that wait for it.
     */
    record Waiting(
            String system,
            String sourceCode,
            @Nullable String courseName,
            String code,
            long waiting,
            List<String> people) {}

    /** For each mapping of a DICTIONARY change set's content, the parked records that wait for it. */
    List<Waiting> waitingFor(String content) {
        List<Unmapped> all = unmapped();
        List<Waiting> waiting = new ArrayList<>();
        try {
            for (JsonNode m : JSON.readTree(content).path("mappings")) {
                String system = m.path("system").asString();
                String code = m.path("sourceCode").asString();
                Unmapped u = all.stream()
                        .filter(x -> x.system().equals(system) && x.sourceCode().equals(code))
                        .findFirst()
                        .orElse(new Unmapped(system, code, 0, List.of(), null));
                JsonNode drafted = m.path("sourceName");
                String name = drafted.isString() && !drafted.asString().isBlank() ? drafted.asString() : u.courseName();
                waiting.add(new Waiting(system, code, name, m.path("code").asString(), u.waiting(), u.people()));
            }
        } catch (JacksonException e) {
            return List.of();
        }
        return waiting;
    }
}
