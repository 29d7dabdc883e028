package org.qualigate.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
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
        jdbc.sql("INSERT INTO target_reconciliation (id, target, mode, trigger, requested_by, started_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, targetName, mode.name(), trigger.name(), requestedBy, Timestamp.from(started))
                .update();
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

        // what the target holds, per person (members no employee can be found for are drift too)
        SortedMap<String, SortedSet<RoleName>> actual = new TreeMap<>();
        Map<String, String> accounts = new HashMap<>();
        List<Drift> drift = new ArrayList<>();
        int members = 0;
        for (RoleName role : managed) {
            for (AccessTarget.Member m : target.members(role)) {
                members++;
                if (m.employeeId().isEmpty()) {
                    drift.add(new Drift(
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
        // what is justified now: the rules (active people), overrides in force, deferred revocations
        Instant now = clock.instant();
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
        Set<String> waitingPeople = new TreeSet<>();
        waiting.list(target.name()).forEach(w -> waitingPeople.add(w.employeeId()));

        SortedSet<String> everyone = new TreeSet<>(actual.keySet());
        everyone.addAll(desired.keySet());
        SortedSet<String> differing = new TreeSet<>();
        int extra = (int) drift.stream().filter(d -> d.kind().equals("extra")).count();
        int missing = 0;
        int held = 0;
        for (String e : everyone) {
            SortedSet<RoleName> has = actual.getOrDefault(e, new TreeSet<>());
            SortedSet<RoleName> wants = desired.getOrDefault(e, new TreeSet<>());
            for (RoleName r : has) {
                if (!wants.contains(r)) {
                    extra++;
                    differing.add(e);
                    Person x = people.get(e);
                    drift.add(new Drift(
                            e,
                            r.value(),
                            "extra",
                            accounts.get(e),
                            target.name() + " holds " + r + " for " + e + " without a basis"
                                    + (x == null
                                            ? " (no such person in the ledger)"
                                            : x.status() != Person.Status.ACTIVE
                                                    ? " (person is "
                                                            + x.status().name().toLowerCase() + ")"
                                                    : "")));
                }
            }
            for (RoleName r : wants) {
                if (!has.contains(r)) {
                    if (waitingPeople.contains(e)) {
                        held++;
                        continue;
                    }
                    missing++;
                    differing.add(e);
                    drift.add(new Drift(
                            e,
                            r.value(),
                            "missing",
                            accounts.get(e),
                            target.name() + " lacks " + r + " for " + e + " though it is justified"));
                }
            }
        }
        int corrections = mode == Mode.ENFORCE ? differing.size() : 0;
        int waitingCount = waitingPeople.size();
        int groupsRead = managed.size();
        int membersRead = members;
        int extraCount = extra;
        int missingCount = missing;
        Run run = new Run(
                id,
                target.name(),
                mode,
                trigger,
                requestedBy,
                started,
                clock.instant(),
                groupsRead,
                membersRead,
                extraCount,
                missingCount,
                waitingCount,
                corrections,
                null);
        tx.executeWithoutResult(s -> {
            for (Drift d : drift) {
                jdbc.sql("""
                                INSERT INTO target_drift (reconciliation_id, employee_id, role, kind, target_account, detail)
                                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                        .params(id, d.employeeId(), d.role(), d.kind(), d.targetAccount(), d.detail())
                        .update();
            }
            if (mode == Mode.ENFORCE) {
                differing.stream()
                        .filter(e -> !e.startsWith("?") && EmployeeId.isValid(e))
                        .forEach(e -> queue.request(EmployeeId.of(e), now));
            }
            // whoever waits for an account is tried again: it may exist, or be active, by now
            waitingPeople.forEach(e -> queue.request(EmployeeId.of(e), now));
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("target", target.name());
            value.put("mode", mode.name());
            value.put("trigger", trigger.name());
            value.put("groupsRead", groupsRead);
            value.put("membersRead", membersRead);
            value.put("extra", extraCount);
            value.put("missing", missingCount);
            value.put("waitingForAccount", waitingCount);
            value.put("peopleToCorrect", corrections);
            value.put(
                    "differences",
                    drift.stream()
                            .limit(200)
                            .map(d -> d.kind() + " " + d.role() + " " + d.employeeId())
                            .toList());
            audit.append(new AuditRecord(
                    requestedBy,
                    mode == Mode.ENFORCE ? "target.reconciled" : "target.drift-observed",
                    "target",
                    target.name(),
                    null,
                    null,
                    value,
                    target.name() + ": " + membersRead + " members of " + groupsRead + " groups read; " + extraCount
                            + " held without a basis, " + missingCount + " justified but missing, " + waitingCount
                            + " waiting for an account; "
                            + (mode == Mode.ENFORCE
                                    ? corrections + " people to be corrected"
                                    : "observe mode: nothing corrected"),
                    id.toString()));
            finish(run);
        });
        log.info(
                "reconciliation of {} ({}): {} members in {} groups, {} extra, {} missing, {} waiting, {} to correct",
                target.name(),
                mode,
                membersRead,
                groupsRead,
                extraCount,
                missingCount,
                waitingCount,
                corrections);
        return run;
    }

    private Run finish(Run r) {
        jdbc.sql("""
                        UPDATE target_reconciliation SET finished_at = ?, groups_read = ?, members_read = ?, extra = ?,
                            missing = ?, waiting = ?, corrections = ?, error = ? WHERE id = ?""")
                .params(
                        Timestamp.from(r.finishedAt() == null ? clock.instant() : r.finishedAt()),
                        r.groupsRead(),
                        r.membersRead(),
                        r.extra(),
                        r.missing(),
                        r.waiting(),
                        r.corrections(),
                        r.error(),
                        r.id())
                .update();
        return r;
    }

    /** The latest runs of each target (or one target), newest first. */
    public List<Run> recent(@Nullable String target, int limit) {
        return jdbc.sql("SELECT * FROM target_reconciliation WHERE (?::text IS NULL OR target = ?) "
                        + "ORDER BY started_at DESC LIMIT ?")
                .params(target, target, limit)
                .query((rs, n) -> run(rs))
                .list();
    }

    /** The last finished run of the target, if any. */
    public Optional<Run> last(String target) {
        return jdbc.sql("SELECT * FROM target_reconciliation WHERE target = ? AND finished_at IS NOT NULL "
                        + "ORDER BY started_at DESC LIMIT 1")
                .param(target)
                .query((rs, n) -> run(rs))
                .optional();
    }

    public Optional<Run> find(UUID id) {
        return jdbc.sql("SELECT * FROM target_reconciliation WHERE id = ?")
                .param(id)
                .query((rs, n) -> run(rs))
                .optional();
    }

    /** What a run found. */
    public List<Drift> drift(UUID id) {
        return jdbc.sql("SELECT * FROM target_drift WHERE reconciliation_id = ? ORDER BY kind, employee_id, role")
                .param(id)
                .query((rs, n) -> new Drift(
                        rs.getString("employee_id"),
                        rs.getString("role"),
                        rs.getString("kind"),
                        rs.getString("target_account"),
                        rs.getString("detail")))
                .list();
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

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(
                rs.getObject("id", UUID.class),
                rs.getString("target"),
                Mode.valueOf(rs.getString("mode")),
                Trigger.valueOf(rs.getString("trigger")),
                rs.getString("requested_by"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getInt("groups_read"),
                rs.getInt("members_read"),
                rs.getInt("extra"),
                rs.getInt("missing"),
                rs.getInt("waiting"),
                rs.getInt("corrections"),
                rs.getString("error"));
    }
}
