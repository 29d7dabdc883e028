package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.EntitlementRows.Known;
import org.qualigate.access.EntitlementRows.Row;
import org.qualigate.access.EntitlementRows.RulesAt;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entitlement projection: each person's entitlement intervals (role, valid from/to, basis, known from/to).
 * The planner keeps it current in the transaction of each decision; point-in-time reports and the role view
 * read it with indexed range queries instead of evaluating the policy per person. The policy stays the source
 * of truth: every row is a span of {@link AccessPolicy#timeline} on the ledger and the rules as known from its
 * {@code known_from}, so the whole projection can be recomputed from the ledger ({@link #rebuild}) and checked
 * against what is stored ({@link #verify}).
 */
@Component
public class EntitlementProjection {

    private static final Logger log = LoggerFactory.getLogger(EntitlementProjection.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CHUNK = 500;
    private static final byte[] NO_TEXT = new byte[0];
    private static final String IN_FORCE = " valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
            + " AND known_from <= ? AND (known_to IS NULL OR known_to > ?)";
    /**
     * {@link #IN_FORCE} as the key of {@code entitlement_interval_in_force} (V60) spells it, an open end as
     * {@code 'infinity'}: the same rows, but the whole filter is an index condition, so only the rows in force are
     * fetched from the table (decision 0103).
     */
    private static final String IN_FORCE_BY_PERSON = " valid_from <= ?"
            + " AND COALESCE(valid_to, 'infinity'::timestamptz) > ?"
            + " AND known_from <= ? AND COALESCE(known_to, 'infinity'::timestamptz) > ?";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Qualifications qualifications;
    private final Persons persons;
    private final PlantDefinition plant;
    private final TransactionTemplate tx;
    private final EntitlementRows timeline;
    private final EntitlementRowStore store;
    private final EntitlementPlanning planning;

    public EntitlementProjection(
            JdbcClient jdbc,
            JdbcTemplate batch,
            Qualifications qualifications,
            Persons persons,
            PlantDefinition plant,
            TransactionTemplate tx,
            Clock clock,
            InstrumentStates instruments) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.qualifications = qualifications;
        this.persons = persons;
        this.plant = plant;
        this.tx = tx;
        this.timeline = new EntitlementRows(jdbc, plant, instruments);
        this.store = new EntitlementRowStore(jdbc, batch);
        this.planning = new EntitlementPlanning(jdbc, batch, qualifications, clock, timeline, store, instruments);
    }

    /** The outcome of a rebuild or a verification. */
    public record Outcome(int persons, long rows, int personsDiffering, long rowsDiffering, Duration took) {

        public boolean consistent() {
            return personsDiffering == 0;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Kept current by the planner

    /**
     * Brings the person's rows in step with the ledger and rules as they stand, in the caller's transaction:
     * rows that are no longer the answer are closed at the knowledge instant of the latest input (the version
     * just recorded, the rules just put in force) and the new answer's rows open there.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void update(Person person, Plant rules) {
        planning.lock(List.of(person.employeeId()));
        planning.update(List.of(person), rules, null, Map.of());
    }

    /**
     * Takes the lock {@link #update} takes for each of these persons, in the order of their IDs, in one statement:
     * a planner that reads a group's records before updating their rows takes it first, so that what another
     * transaction commits for them meanwhile is part of what it reads.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(java.util.Collection<EmployeeId> employeeIds) {
        planning.lock(employeeIds);
    }

    /**
     * {@link #update(Person, Plant)} for a group of persons planned together, with their current records and when
     * their versions were recorded as the planner read them after taking {@link #lock} ({@link Qualifications#group},
     * not read or taken again here) and each person's timeline as it worked it
     * out on those records under those rules ({@link org.qualigate.policy.AccessPolicy#timelineOf}): read and written
     * in one statement each for the whole group, and the rules not evaluated again for the rows.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void update(
            List<Person> group,
            Plant rules,
            Qualifications.Group current,
            Map<EmployeeId, org.qualigate.policy.EntitlementTimeline> timelines) {
        planning.update(group, rules, current, timelines);
    }

    /**
     * New rules are in force from {@code loadedAt} (as recorded in {@code rules_version}): everyone's answer is
     * worked out again under them, in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int rulesChanged(Plant rules, Instant loadedAt) {
        List<Person> all = persons.all();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Person> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
            Map<EmployeeId, List<Qualification>> quals =
                    qualifications.of(chunk.stream().map(Person::employeeId).toList());
            Map<Person, List<Row>> wanted = new LinkedHashMap<>();
            Map<EmployeeId, Instant> knownAt = new java.util.HashMap<>();
            for (Person p : chunk) {
                wanted.put(p, timeline.rows(rules, p.site(), quals.getOrDefault(p.employeeId(), List.of())));
                knownAt.put(p.employeeId(), loadedAt);
            }
            planning.write(wanted, knownAt);
        }
        return all.size();
    }

    /** The person moved to another site: their whole history is worked out again there, as a rebuild would. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personMoved(Person person) {
        List<RulesAt> rules = timeline.rulesHistory();
        List<Qualification> versions =
                qualifications.versionsOf(List.of(person.employeeId())).getOrDefault(person.employeeId(), List.of());
        store.replace(
                person.employeeId(),
                timeline.history(person, versions, rules, timeline.instrumentsAt(person.site(), rules)));
    }

    // ------------------------------------------------------------------------------------------------------
    // Read with range queries

    /** The person's rows justified at {@code at} as Qualigate knew it at {@code knownAt}. */
    public List<EntitlementInterval> of(EmployeeId employeeId, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ? AND" + IN_FORCE + " ORDER BY role")
                .params(employeeId.value(), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> EntitlementRowStore.interval(rs))
                .list();
    }

    /** {@link #of} for several people in one query, in employee order. */
    public List<EntitlementInterval> of(java.util.Collection<String> employeeIds, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ANY(?) AND" + IN_FORCE_BY_PERSON
                        + " ORDER BY employee_id, role")
                .params(employeeIds.toArray(String[]::new), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> EntitlementRowStore.interval(rs))
                .list();
    }

    /**
     * The rows of these people justified at {@code at} as known at {@code knownAt}, as the compliance report's JSON
     * reads them: whose, which role, and what the planner rendered of the basis ({@link ReportBasis}), in employee
     * and role order. Neither the basis nor the row's instants are read: the JSON copies the rendered text, and at
     * 200,000 rows, reading four timestamps and checking each name again took most of the time spent reading rows
     * (decision 0055). A role's name is checked once per call, not once per row.
     */
    public List<ReportBasis.Row> printed(java.util.Collection<String> employeeIds, Instant at, Instant knownAt) {
        Map<String, RoleName> roles = new java.util.HashMap<>();
        return jdbc.sql("SELECT employee_id, role, report_view FROM entitlement_interval WHERE employee_id = ANY(?) AND"
                        + IN_FORCE_BY_PERSON + " ORDER BY employee_id, role")
                .params(employeeIds.toArray(String[]::new), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> new ReportBasis.Row(
                        rs.getString(1),
                        roles.computeIfAbsent(rs.getString(2), RoleName::of),
                        java.util.Objects.requireNonNullElse(rs.getBytes(3), NO_TEXT)))
                .list();
    }

    /** Everyone the rules justified for the role at {@code at}, as Qualigate knew it at {@code knownAt}. */
    public List<EntitlementInterval> holders(RoleName role, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE role = ? AND" + IN_FORCE + " ORDER BY employee_id")
                .params(role.value(), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> EntitlementRowStore.interval(rs))
                .list();
    }

    /** The site's rows justified at {@code at} as known at {@code knownAt}, in employee order, one at a time. */
    public void atSite(String site, Instant at, Instant knownAt, Consumer<EntitlementInterval> sink) {
        jdbc.sql("SELECT * FROM entitlement_interval WHERE site = ? AND" + IN_FORCE + " ORDER BY employee_id, role")
                .params(site, ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query(rs -> {
                    sink.accept(EntitlementRowStore.interval(rs));
                });
    }

    /** The person's rows under current knowledge, over all time. */
    public List<EntitlementInterval> current(EmployeeId employeeId) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ? AND known_to IS NULL "
                        + "ORDER BY role, valid_from")
                .param(employeeId.value())
                .query((rs, n) -> EntitlementRowStore.interval(rs))
                .list();
    }

    // ------------------------------------------------------------------------------------------------------
    // Rebuilt from the ledger, and verified

    /** Works out every person's rows again from the ledger and replaces those that differ. */
    public Outcome rebuild() {
        return pass(true, persons.all());
    }

    /** Works out every person's rows again from the ledger and counts those that differ from what is stored. */
    public Outcome verify() {
        return pass(false, persons.all());
    }

    /** {@link #verify} for these people only. */
    public Outcome verify(List<EmployeeId> employeeIds) {
        return pass(
                false,
                employeeIds.stream().flatMap(id -> persons.find(id).stream()).toList());
    }

    /**
     * Whether the projection must be worked out from the ledger once: nothing was ever projected though the ledger
     * holds records (a database from before the projection), or a row lacks what the report prints of its basis (one
     * written before V30_1).
     */
    public boolean outOfDate() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM entitlement_interval)")
                                .query(Boolean.class)
                                .single())
                        && qualifications.anyRecorded()
                || Boolean.TRUE.equals(
                        jdbc.sql("SELECT EXISTS (SELECT 1 FROM entitlement_interval WHERE report_view = '')")
                                .query(Boolean.class)
                                .single());
    }

    private Outcome pass(boolean write, List<Person> all) {
        long started = System.nanoTime();
        List<RulesAt> rules = timeline.rulesHistory();
        Map<String, InstrumentHistory> instruments = new java.util.HashMap<>();
        int differing = 0;
        long rows = 0;
        long rowsDiffering = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Person> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
            List<EmployeeId> ids = chunk.stream().map(Person::employeeId).toList();
            Map<EmployeeId, List<Qualification>> versions = qualifications.versionsOf(ids);
            Map<String, Set<Known>> stored = store.stored(ids);
            Map<EmployeeId, List<Known>> changed = new LinkedHashMap<>();
            for (Person p : chunk) {
                List<Known> expected = timeline.history(
                        p,
                        versions.getOrDefault(p.employeeId(), List.of()),
                        rules,
                        instruments.computeIfAbsent(p.site(), site -> timeline.instrumentsAt(site, rules)));
                rows += expected.size();
                Set<Known> have = stored.getOrDefault(p.employeeId().value(), Set.of());
                if (!have.equals(new HashSet<>(expected))) {
                    differing++;
                    Set<Known> symmetric = new HashSet<>(have);
                    symmetric.addAll(expected);
                    Set<Known> common = new HashSet<>(have);
                    common.retainAll(expected);
                    symmetric.removeAll(common);
                    rowsDiffering += symmetric.size();
                    changed.put(p.employeeId(), expected);
                }
            }
            if (write && !changed.isEmpty()) {
                tx.executeWithoutResult(s -> changed.forEach(store::replace));
            }
        }
        if (write && differing > 0) {
            store.statistics();
        }
        Outcome outcome =
                new Outcome(all.size(), rows, differing, rowsDiffering, Duration.ofNanos(System.nanoTime() - started));
        log.info(
                "entitlement projection {}: {} persons, {} rows, {} persons ({} rows) differed, {} ms",
                write ? "rebuilt" : "verified",
                outcome.persons(),
                outcome.rows(),
                outcome.personsDiffering(),
                outcome.rowsDiffering(),
                outcome.took().toMillis());
        return outcome;
    }

    private static @Nullable Timestamp ts(@Nullable Instant i) {
        return EntitlementRowStore.ts(i);
    }
}
