package org.qualigate.change;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.PersonAccess;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.intake.InboundEvents;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What approving a mapping did, said afterwards in words: how many of the records waiting for its codes were
 * applied, and which role each waiting person gained by them ("1 record applied; E11592 gained
 * BSL.PACK-3.OPERATOR"). The people's roles are read just before the approval and again after the waiting
 * records went through; the difference is recorded in the audit trail ({@code change-set.outcome}) so the
 * change set's page says it for as long as the record is kept.
 */
@Component
public class MappingOutcomes {

    static final String ACTION = "change-set.outcome";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final InboundEvents events;
    private final AccessPlanner planner;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public MappingOutcomes(
            InboundEvents events, AccessPlanner planner, AuditTrail audit, TransactionTemplate tx, Clock clock) {
        this.events = events;
        this.planner = planner;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** The records waiting for a mapping change set's codes and their people's roles, just before approval. */
    public record Before(List<UUID> waiting, Map<String, SortedSet<RoleName>> roles) {}

    /**
     * What the approval did: the waiting records applied, and the roles the people gained by them; its audit entry
     * is this record as Jackson writes it.
     */
    public record Outcome(int recordsWaiting, int recordsApplied, List<Gain> gained) {}

    /** One person and one role they gained. */
    public record Gain(String employeeId, String role) {}

    Before before(String content) {
        List<UUID> waiting = new ArrayList<>();
        Set<String> people = new LinkedHashSet<>();
        for (JsonNode m : JSON.readTree(content).path("mappings")) {
            for (InboundEvents.StoredEvent e : events.parkedFor(
                    m.path("system").asString(), m.path("sourceCode").asString())) {
                waiting.add(e.id());
                if (e.employeeId() != null) {
                    people.add(e.employeeId());
                }
            }
        }
        return new Before(waiting, roles(people));
    }

    /** Counts what went through, states the gains, and records them under the change set. */
    Outcome after(long changeSetId, String approver, Before before) {
        int applied = 0;
        for (UUID id : before.waiting()) {
            if (events.find(id)
                    .filter(e -> e.resolvedAt() != null && e.outcome().equals("APPLIED"))
                    .isPresent()) {
                applied++;
            }
        }
        List<Gain> gained = new ArrayList<>();
        roles(before.roles().keySet()).forEach((person, now) -> {
            for (RoleName role : now) {
                if (!before.roles().getOrDefault(person, new TreeSet<>()).contains(role)) {
                    gained.add(new Gain(person, role.value()));
                }
            }
        });
        Outcome outcome = new Outcome(before.waiting().size(), applied, gained);
        int appliedCount = applied;
        tx.executeWithoutResult(s -> audit.append(new AuditRecord(
                approver,
                ACTION,
                ChangeSets.RECORD_TYPE,
                Long.toString(changeSetId),
                null,
                null,
                outcome,
                appliedCount + " of " + before.waiting().size() + " waiting record(s) applied; "
                        + (gained.isEmpty()
                                ? "no role gained"
                                : String.join(
                                        ", ",
                                        gained.stream()
                                                .map(g -> g.employeeId() + " gained " + g.role())
                                                .toList())),
                null)));
        return outcome;
    }

    /** What an approved mapping change set did, as recorded at its approval. */
    public Optional<Outcome> of(long changeSetId) {
        List<AuditEntry> found = audit.find(
                new AuditQuery(null, ChangeSets.RECORD_TYPE, Long.toString(changeSetId), ACTION, null, null, 0, 1));
        if (found.isEmpty() || found.getFirst().newValue() == null) {
            return Optional.empty();
        }
        JsonNode v = found.getFirst().newValue();
        List<Gain> gained = new ArrayList<>();
        v.path("gained")
                .forEach(g -> gained.add(
                        new Gain(g.path("employeeId").asString(), g.path("role").asString())));
        return Optional.of(new Outcome(
                v.path("recordsWaiting").asInt(), v.path("recordsApplied").asInt(), gained));
    }

    private Map<String, SortedSet<RoleName>> roles(Set<String> people) {
        Map<String, SortedSet<RoleName>> roles = new TreeMap<>();
        for (String p : people) {
            if (EmployeeId.isValid(p)) {
                roles.put(
                        p,
                        planner.access(EmployeeId.of(p), clock.instant())
                                .map(PersonAccess::desiredRoles)
                                .orElseGet(TreeSet::new));
            }
        }
        return roles;
    }
}
