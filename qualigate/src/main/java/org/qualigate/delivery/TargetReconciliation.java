package org.qualigate.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the MES honest: reads every managed group's members from a target, compares them with what is justified
 * now (the rules, overrides in force, revocations deferred), records each difference with what was found, and — in
 * {@code enforce} mode — asks delivery to bring each person with a difference up to date, so that what has no basis
 * is removed and what is missing is added, each change audited by the delivery as drift with what was found and
 * then as the correction with its cause. In {@code observe} mode the differences are recorded and counted only.
 * People waiting for an account are asked for again either way, so an account that appeared since gets its roles.
 */
@Component
public class TargetReconciliation {

    private static final Logger log = LoggerFactory.getLogger(TargetReconciliation.class);

    /** Correct differences, or only report them. */
    public enum Mode {
        ENFORCE,
        OBSERVE
    }

    /** What started the run. */
    public enum Trigger {
        SCHEDULED,
        ON_DEMAND
    }

    /** The mode of each target, and the schedule ({@code qualigate.targets.<name>.reconciliation}). */
    public record Settings(Map<String, Mode> modes, Duration interval) {

        public Settings {
            modes = Map.copyOf(modes);
        }

        public Mode modeOf(String target) {
            return modes.getOrDefault(target, Mode.ENFORCE);
        }
    }

    /** One run. */
    public record Run(
            UUID id,
            String target,
            Mode mode,
            Trigger trigger,
            String requestedBy,
            Instant startedAt,
            @Nullable Instant finishedAt,
            int groupsRead,
            int membersRead,
            int extra,
            int missing,
            int waiting,
            int corrections,
            @Nullable String error) {}

    /** One difference a run found: a member without a basis (extra) or a justified role the target lacked. */
    public record Drift(
            String employeeId,
            String role,
            String kind,
            @Nullable String targetAccount,
            String detail) {}

    private final AccessTargets targets;
    private final PlantDefinition plant;
    private final EntitlementProjection projection;
    private final Persons persons;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final DeliveryWaiting waiting;
    private final WorkQueue queue;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Settings settings;
    private final ReconciliationRuns runs;

    TargetReconciliation(
            AccessTargets targets,
            PlantDefinition plant,
            EntitlementProjection projection,
            Persons persons,
            Overrides overrides,
            Deferrals deferrals,
            DeliveryWaiting waiting,
            WorkQueue queue,
            AuditTrail audit,
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clock clock,
            Settings settings,
            MeterRegistry metrics) {
        this.targets = targets;
        this.plant = plant;
        this.projection = projection;
        this.persons = persons;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.waiting = waiting;
        this.queue = queue;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.runs = new ReconciliationRuns(jdbc, clock);
        for (AccessTarget t : targets.all()) {
            for (String kind : List.of("extra", "missing", "waiting")) {
                Gauge.builder("qualigate.target.drift", this, r -> r.lastCount(t.name(), kind))
                        .description("differences the last reconciliation of the target found, by kind")
                        .tag("target", t.name())
                        .tag("kind", kind)
                        .register(metrics);
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Reconciles the target now; an unknown target is a refusal (empty). */
    public Optional<Run> run(String targetName, Trigger trigger, String requestedBy) {
        Optional<AccessTarget> configured = targets.named(targetName);
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        AccessTarget target = configured.get();
        Mode mode = settings.modeOf(targetName);
        UUID id = UUID.randomUUID();
        Instant started = clock.instant();
        runs.start(id, targetName, mode, trigger, requestedBy, started);
        Run run;
        try {
            run = reconcile(id, target, mode, trigger, requestedBy, started);
        } catch (TargetException e) {
            log.warn("reconciliation of {} could not read the target: {}", targetName, e.getMessage());
            run = finish(new Run(
                    id,
                    targetName,
                    mode,
                    trigger,
                    requestedBy,
                    started,
                    clock.instant(),
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    "could not read " + targetName + ": " + e.getMessage()));
        }
        return Optional.of(run);
    }

    private Run reconcile(
            UUID id, AccessTarget target, Mode mode, Trigger trigger, String requestedBy, Instant started) {
        Plant p = plant.current();
        SortedSet<RoleName> managed = new TreeSet<>();
        p.rules().allRoles(p.sites().keySet()).stream().filter(target::manages).forEach(managed::add);
        Map<String, Person> people = new HashMap<>();
        persons.all().forEach(x -> people.put(x.employeeId().value(), x));
        TargetComparison.Holdings actual = holdings(target, managed);
        Instant now = clock.instant();
        Set<String> waitingPeople = new TreeSet<>();
        waiting.list(target.name()).forEach(w -> waitingPeople.add(w.employeeId()));
        TargetComparison found = TargetComparison.of(
                target.name(), actual, justified(target, managed, people, now), people, waitingPeople);
        Run run = new Run(
                id,
                target.name(),
                mode,
                trigger,
                requestedBy,
                started,
                clock.instant(),
                managed.size(),
                actual.members(),
                found.extra(),
                found.missing(),
                waitingPeople.size(),
                mode == Mode.ENFORCE ? found.differing().size() : 0,
                null);
        tx.executeWithoutResult(s -> record(run, found, waitingPeople, now));
        log.info(
                "reconciliation of {} ({}): {} members in {} groups, {} extra, {} missing, {} waiting, {} to correct",
                target.name(),
                mode,
                run.membersRead(),
                run.groupsRead(),
                run.extra(),
                run.missing(),
                run.waiting(),
                run.corrections());
        return run;
    }

    /** What the target holds, per person; members no employee can be found for are drift too. */
    private static TargetComparison.Holdings holdings(AccessTarget target, SortedSet<RoleName> managed) {
        SortedMap<String, SortedSet<RoleName>> actual = new TreeMap<>();
        Map<String, String> accounts = new HashMap<>();
        List<Drift> unknown = new ArrayList<>();
        int members = 0;
        for (RoleName role : managed) {
            for (AccessTarget.Member m : target.members(role)) {
                members++;
                if (m.employeeId().isEmpty()) {
                    unknown.add(new Drift(
                            "?" + m.targetId(),
                            role.value(),
                            "extra",
                            m.targetId(),
                            "member " + m.targetId() + " of the group of " + role + " is no known employee"));
                    continue;
                }
                String e = m.employeeId().get().value();
                actual.computeIfAbsent(e, k -> new TreeSet<>()).add(role);
                accounts.put(e, m.targetId());
            }
        }
        return new TargetComparison.Holdings(actual, accounts, unknown, members);
    }

    /** What is justified now: the rules (active people), overrides in force, deferred revocations. */
    private SortedMap<String, SortedSet<RoleName>> justified(
            AccessTarget target, SortedSet<RoleName> managed, Map<String, Person> people, Instant now) {
        SortedMap<String, SortedSet<RoleName>> desired = new TreeMap<>();
        for (RoleName role : managed) {
            for (EntitlementInterval i : projection.holders(role, now, now)) {
                Person x = people.get(i.employeeId().value());
                if (x != null && x.status() == Person.Status.ACTIVE) {
                    desired.computeIfAbsent(i.employeeId().value(), k -> new TreeSet<>())
                            .add(role);
                }
            }
        }
        for (AccessOverride o : overrides.list(true)) {
            Person x = people.get(o.employeeId().value());
            if (x != null
                    && x.status() == Person.Status.ACTIVE
                    && o.appliesTo(target.name())
                    && managed.contains(o.role())) {
                desired.computeIfAbsent(o.employeeId().value(), k -> new TreeSet<>())
                        .add(o.role());
            }
        }
        for (Deferral d : deferrals.list(true, null)) {
            if (d.target().equals(target.name()) && d.inForceAt(now)) {
                desired.computeIfAbsent(d.employeeId().value(), k -> new TreeSet<>())
                        .add(d.role());
            }
        }
        return desired;
    }

    /** Stores what the run found, asks for the corrections (enforce) and the people waiting, and audits the run. */
    private void record(Run run, TargetComparison found, Set<String> waitingPeople, Instant now) {
        for (Drift d : found.drift()) {
            jdbc.sql("""
                            INSERT INTO target_drift (reconciliation_id, employee_id, role, kind, target_account, detail)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(run.id(), d.employeeId(), d.role(), d.kind(), d.targetAccount(), d.detail())
                    .update();
        }
        if (run.mode() == Mode.ENFORCE) {
            found.differing().stream()
                    .filter(e -> !e.startsWith("?") && EmployeeId.isValid(e))
                    .forEach(e -> queue.request(EmployeeId.of(e), now));
        }
        // whoever waits for an account is tried again: it may exist, or be active, by now
        waitingPeople.forEach(e -> queue.request(EmployeeId.of(e), now));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("target", run.target());
        value.put("mode", run.mode().name());
        value.put("trigger", run.trigger().name());
        value.put("groupsRead", run.groupsRead());
        value.put("membersRead", run.membersRead());
        value.put("extra", run.extra());
        value.put("missing", run.missing());
        value.put("waitingForAccount", run.waiting());
        value.put("peopleToCorrect", run.corrections());
        value.put(
                "differences",
                found.drift().stream()
                        .limit(200)
                        .map(d -> d.kind() + " " + d.role() + " " + d.employeeId())
                        .toList());
        audit.append(new AuditRecord(
                run.requestedBy(),
                run.mode() == Mode.ENFORCE ? "target.reconciled" : "target.drift-observed",
                "target",
                run.target(),
                null,
                null,
                value,
                run.target() + ": " + run.membersRead() + " members of " + run.groupsRead() + " groups read; "
                        + run.extra() + " held without a basis, " + run.missing() + " justified but missing, "
                        + run.waiting() + " waiting for an account; "
                        + (run.mode() == Mode.ENFORCE
                                ? run.corrections() + " people to be corrected"
                                : "observe mode: nothing corrected"),
                run.id().toString()));
        finish(run);
    }

    private Run finish(Run r) {
        return runs.finish(r);
    }

    /** The latest runs of each target (or one target), newest first. */
    public List<Run> recent(@Nullable String target, int limit) {
        return runs.recent(target, limit);
    }

    /** The last finished run of the target, if any. */
    public Optional<Run> last(String target) {
        return runs.last(target);
    }

    public Optional<Run> find(UUID id) {
        return runs.find(id);
    }

    /** What a run found. */
    public List<Drift> drift(UUID id) {
        return runs.drift(id);
    }

    /** The configured targets' names. */
    public List<String> targetNames() {
        return targets.all().stream().map(AccessTarget::name).toList();
    }

    private double lastCount(String target, String kind) {
        Run r = last(target).orElse(null);
        if (r == null) {
            return 0;
        }
        return switch (kind) {
            case "extra" -> r.extra();
            case "missing" -> r.missing();
            default -> r.waiting();
        };
    }
}
