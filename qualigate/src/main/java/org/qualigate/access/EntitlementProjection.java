package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    private static final String IN_FORCE = " valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
            + " AND known_from <= ? AND (known_to IS NULL OR known_to > ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Qualifications qualifications;
    private final Persons persons;
    private final PlantDefinition plant;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final EntitlementRows timeline;
    private final EntitlementRowStore store;

    public EntitlementProjection(
            JdbcClient jdbc,
            JdbcTemplate batch,
            Qualifications qualifications,
            Persons persons,
            PlantDefinition plant,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.qualifications = qualifications;
        this.persons = persons;
        this.plant = plant;
        this.tx = tx;
        this.clock = clock;
        this.timeline = new EntitlementRows(jdbc, plant);
        this.store = new EntitlementRowStore(jdbc, batch);
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
        // two transactions planning the same person at once (two of their records arriving together, on one
        // instance or two) take turns here, so that the second sees the first's rows
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("entitlement-projection:" + person.employeeId().value())
                .query()
                .singleRow();
        // read after the lock: what the other transaction committed meanwhile is part of the answer
        Instant known = knowledgeInstant(person.employeeId());
        if (versionsSkipped(person.employeeId(), known)) {
            // planned late: a version recorded before the latest was never planned on its own, so the answers
            // known in between are worked out again from the ledger, as a rebuild would
            List<Qualification> versions = qualifications
                    .versionsOf(List.of(person.employeeId()))
                    .getOrDefault(person.employeeId(), List.of());
            store.replace(person.employeeId(), timeline.history(person, versions, timeline.rulesHistory()));
        } else {
            write(person, timeline.rows(rules, person.site(), qualifications.of(person.employeeId())), known);
        }
        jdbc.sql("""
                        INSERT INTO entitlement_planned (employee_id, known_at) VALUES (?, ?)
                        ON CONFLICT (employee_id) DO UPDATE SET known_at = greatest(entitlement_planned.known_at,
                            excluded.known_at)""").params(person.employeeId().value(), Timestamp.from(known)).update();
    }

    /**
     * Whether the person has a qualification version recorded after the instant last planned and before
     * {@code known}: one the planner never saw as the latest.
     */
    private boolean versionsSkipped(EmployeeId id, Instant known) {
        Instant planned = jdbc.sql("SELECT known_at FROM entitlement_planned WHERE employee_id = ?")
                .param(id.value())
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
        return qualifications.anyRecordedBetween(id, planned, known);
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
            for (Person p : chunk) {
                write(p, timeline.rows(rules, p.site(), quals.getOrDefault(p.employeeId(), List.of())), loadedAt);
            }
        }
        return all.size();
    }

    /** The person moved to another site: their whole history is worked out again there, as a rebuild would. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personMoved(Person person) {
        List<RulesAt> rules = timeline.rulesHistory();
        List<Qualification> versions =
                qualifications.versionsOf(List.of(person.employeeId())).getOrDefault(person.employeeId(), List.of());
        store.replace(person.employeeId(), timeline.history(person, versions, rules));
    }

    private void write(Person person, List<Row> wanted, Instant knownAt) {
        String id = person.employeeId().value();
        record Stored(long id, Row row, Instant knownFrom, String site) {}
        List<Stored> current = jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ? AND known_to IS NULL")
                .param(id)
                .query((rs, n) -> new Stored(
                        rs.getLong("id"),
                        EntitlementRowStore.row(rs),
                        rs.getTimestamp("known_from").toInstant(),
                        rs.getString("site")))
                .list();
        Instant known = knownAt;
        for (Stored s : current) {
            known = s.knownFrom().isAfter(known) ? s.knownFrom() : known;
        }
        Set<Row> want = new LinkedHashSet<>(wanted);
        Set<Row> have = new HashSet<>();
        for (Stored s : current) {
            if (want.contains(s.row()) && s.site().equals(person.site())) {
                have.add(s.row());
                continue;
            }
            if (!s.knownFrom().isBefore(known)) {
                // opened at this very knowledge instant and already superseded: it was never the answer
                jdbc.sql("DELETE FROM entitlement_interval WHERE id = ?")
                        .param(s.id())
                        .update();
            } else {
                jdbc.sql("UPDATE entitlement_interval SET known_to = ? WHERE id = ?")
                        .params(Timestamp.from(known), s.id())
                        .update();
            }
        }
        List<Known> inserts = new ArrayList<>();
        for (Row r : want) {
            if (!have.contains(r)) {
                inserts.add(new Known(person.site(), r, known, null));
            }
        }
        store.insert(person.employeeId(), inserts);
    }

    /**
     * The instant the person's latest qualification version was recorded: the knowledge instant of an answer the
     * planner works out after a change to the ledger. (A change of rules has its own instant: {@link #rulesChanged}.)
     */
    private Instant knowledgeInstant(EmployeeId id) {
        return qualifications.lastRecorded(id).orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.MICROS));
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
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ANY(?) AND" + IN_FORCE
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
                        + IN_FORCE + " ORDER BY employee_id, role")
                .params(employeeIds.toArray(String[]::new), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> new ReportBasis.Row(
                        rs.getString(1),
                        roles.computeIfAbsent(rs.getString(2), RoleName::of),
                        java.util.Objects.requireNonNullElse(rs.getString(3), "")))
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
                List<Known> expected = timeline.history(p, versions.getOrDefault(p.employeeId(), List.of()), rules);
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
