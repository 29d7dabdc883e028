package org.qualigate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.EntitlementSpan;
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
    private final AccessPolicy policy = new AccessPolicy();

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
    }

    /** A row without its knowledge interval: what the rules justified, on which basis, under which rules. */
    record Row(
            String role,
            Instant validFrom,
            @Nullable Instant validTo,
            String rulesVersion,
            int set,
            boolean inGrace,
            String basis) {}

    /** A row with the stretch of knowledge under which it was the answer. */
    record Known(
            String site,
            Row row,
            Instant knownFrom,
            @Nullable Instant knownTo) {}

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
            replace(person.employeeId(), history(person, versions, rulesHistory()));
        } else {
            write(person, rows(rules, person.site(), qualifications.of(person.employeeId())), known);
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
                write(p, rows(rules, p.site(), quals.getOrDefault(p.employeeId(), List.of())), loadedAt);
            }
        }
        return all.size();
    }

    /** The person moved to another site: their whole history is worked out again there, as a rebuild would. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personMoved(Person person) {
        List<RulesAt> rules = rulesHistory();
        List<Qualification> versions =
                qualifications.versionsOf(List.of(person.employeeId())).getOrDefault(person.employeeId(), List.of());
        replace(person.employeeId(), history(person, versions, rules));
    }

    private void write(Person person, List<Row> wanted, Instant knownAt) {
        String id = person.employeeId().value();
        record Stored(long id, Row row, Instant knownFrom, String site) {}
        List<Stored> current = jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ? AND known_to IS NULL")
                .param(id)
                .query((rs, n) -> new Stored(
                        rs.getLong("id"), row(rs), rs.getTimestamp("known_from").toInstant(), rs.getString("site")))
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
        insert(person.employeeId(), inserts);
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
                .query((rs, n) -> interval(rs))
                .list();
    }

    /** {@link #of} for several people in one query, in employee order. */
    public List<EntitlementInterval> of(java.util.Collection<String> employeeIds, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ANY(?) AND" + IN_FORCE
                        + " ORDER BY employee_id, role")
                .params(employeeIds.toArray(String[]::new), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> interval(rs))
                .list();
    }

    /** Everyone the rules justified for the role at {@code at}, as Qualigate knew it at {@code knownAt}. */
    public List<EntitlementInterval> holders(RoleName role, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE role = ? AND" + IN_FORCE + " ORDER BY employee_id")
                .params(role.value(), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query((rs, n) -> interval(rs))
                .list();
    }

    /**
     * The employee IDs of the active people the rules justified for the role at {@code at}, as Qualigate knew it at
     * {@code knownAt}: {@link #holders} without reading the basis, for counting and paging a role's holders.
     */
    public List<String> activeHolderIds(RoleName role, Instant at, Instant knownAt) {
        List<String> justified = jdbc.sql(
                        "SELECT DISTINCT employee_id FROM entitlement_interval WHERE role = ? AND" + IN_FORCE)
                .params(role.value(), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query(String.class)
                .list();
        return persons.idsWithStatus(justified, Person.Status.ACTIVE);
    }

    /** The site's rows justified at {@code at} as known at {@code knownAt}, in employee order, one at a time. */
    public void atSite(String site, Instant at, Instant knownAt, Consumer<EntitlementInterval> sink) {
        jdbc.sql("SELECT * FROM entitlement_interval WHERE site = ? AND" + IN_FORCE + " ORDER BY employee_id, role")
                .params(site, ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query(rs -> {
                    sink.accept(interval(rs));
                });
    }

    /** The person's rows under current knowledge, over all time. */
    public List<EntitlementInterval> current(EmployeeId employeeId) {
        return jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ? AND known_to IS NULL "
                        + "ORDER BY role, valid_from")
                .param(employeeId.value())
                .query((rs, n) -> interval(rs))
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

    /** Whether nothing was ever projected though the ledger holds records (a database from before the projection). */
    public boolean empty() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM entitlement_interval)")
                        .query(Boolean.class)
                        .single())
                && qualifications.anyRecorded();
    }

    private Outcome pass(boolean write, List<Person> all) {
        long started = System.nanoTime();
        List<RulesAt> rules = rulesHistory();
        int differing = 0;
        long rows = 0;
        long rowsDiffering = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Person> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
            List<EmployeeId> ids = chunk.stream().map(Person::employeeId).toList();
            Map<EmployeeId, List<Qualification>> versions = qualifications.versionsOf(ids);
            Map<String, Set<Known>> stored = stored(ids);
            Map<EmployeeId, List<Known>> changed = new LinkedHashMap<>();
            for (Person p : chunk) {
                List<Known> expected = history(p, versions.getOrDefault(p.employeeId(), List.of()), rules);
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
                tx.executeWithoutResult(s -> changed.forEach(this::replace));
            }
        }
        if (write && differing > 0) {
            statistics();
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

    /**
     * After a rebuild replaced many rows, the planner's statistics are refreshed at once rather than when autovacuum
     * comes round: a range query planned on the statistics of an empty table would scan it whole.
     */
    private void statistics() {
        try {
            jdbc.sql("ANALYZE entitlement_interval").update();
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("could not refresh the statistics of entitlement_interval (autovacuum will): {}", e.getMessage());
        }
    }

    private void replace(EmployeeId id, List<Known> rows) {
        jdbc.sql("DELETE FROM entitlement_interval WHERE employee_id = ?")
                .param(id.value())
                .update();
        insert(id, rows);
    }

    private void insert(EmployeeId id, List<Known> rows) {
        if (rows.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                INSERT INTO entitlement_interval (employee_id, site, role, valid_from, valid_to, known_from, known_to,
                    rules_version, set_index, in_grace, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, rows.size(), (ps, k) -> {
            ps.setString(1, id.value());
            ps.setString(2, k.site());
            ps.setString(3, k.row().role());
            ps.setTimestamp(4, ts(k.row().validFrom()));
            ps.setTimestamp(5, ts(k.row().validTo()));
            ps.setTimestamp(6, ts(k.knownFrom()));
            ps.setTimestamp(7, ts(k.knownTo()));
            ps.setString(8, k.row().rulesVersion());
            ps.setInt(9, k.row().set());
            ps.setBoolean(10, k.row().inGrace());
            ps.setString(11, k.row().basis());
        });
    }

    private Map<String, Set<Known>> stored(List<EmployeeId> ids) {
        Map<String, Set<Known>> byPerson = new HashMap<>();
        jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ANY(?)")
                .param(ids.stream().map(EmployeeId::value).toArray(String[]::new))
                .query(rs -> {
                    Timestamp to = rs.getTimestamp("known_to");
                    byPerson.computeIfAbsent(rs.getString("employee_id"), k -> new HashSet<>())
                            .add(new Known(
                                    rs.getString("site"),
                                    row(rs),
                                    rs.getTimestamp("known_from").toInstant(),
                                    to == null ? null : to.toInstant()));
                });
        return byPerson;
    }

    /**
     * The person's rows as the ledger's history gives them: at each instant a version was recorded or rules
     * were put in force, the timeline on what was known then under the rules in force then; a row is known from
     * the first such instant at which it is the answer until the first at which it is not.
     */
    private List<Known> history(Person person, List<Qualification> versions, List<RulesAt> rules) {
        if (versions.isEmpty()) {
            return List.of();
        }
        java.util.TreeSet<Instant> instants = new java.util.TreeSet<>();
        versions.forEach(v -> instants.add(v.recordedAt()));
        Instant first = instants.first();
        rules.stream().map(RulesAt::loadedAt).filter(at -> at.isAfter(first)).forEach(instants::add);
        List<Known> out = new ArrayList<>();
        Map<Row, Instant> open = new LinkedHashMap<>();
        Map<String, String> written = new HashMap<>();
        for (Instant k : instants) {
            List<Qualification> known = Qualifications.knownAt(versions, k);
            Set<Row> wanted = new LinkedHashSet<>(rows(rulesAt(rules, k), person.site(), known, written));
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    out.add(new Known(person.site(), e.getKey(), e.getValue(), k));
                    it.remove();
                }
            }
            for (Row r : wanted) {
                open.putIfAbsent(r, k);
            }
        }
        open.forEach((r, k) -> out.add(new Known(person.site(), r, k, null)));
        return out;
    }

    /** A rules version and when it was put in force. */
    private record RulesAt(Instant loadedAt, Plant plant) {}

    private List<RulesAt> rulesHistory() {
        record Loaded(Instant at, String version, String content) {}
        List<Loaded> loaded = jdbc.sql(
                        "SELECT loaded_at, version, content FROM rules_version WHERE content IS NOT NULL "
                                + "ORDER BY loaded_at, seq")
                .query((rs, n) -> new Loaded(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)))
                .list();
        Map<String, Plant> parsed = new HashMap<>();
        Plant current = plant.current();
        List<RulesAt> out = new ArrayList<>();
        for (Loaded l : loaded) {
            Plant p = l.version().equals(current.version())
                    ? current
                    : parsed.computeIfAbsent(
                            l.version(), v -> PlantDefinitionFile.parse(l.content(), "rules_version " + v));
            out.add(new RulesAt(l.at(), p));
        }
        return out;
    }

    /** As {@link PlantDefinition#inForceAt}: the last version put in force at or before the instant, else the current. */
    private Plant rulesAt(List<RulesAt> rules, Instant at) {
        Plant found = null;
        for (RulesAt r : rules) {
            if (!r.loadedAt().isAfter(at)) {
                found = r.plant();
            }
        }
        return found != null ? found : plant.current();
    }

    // ------------------------------------------------------------------------------------------------------

    /** The rows of the timeline the rules give on these qualifications at the site. */
    List<Row> rows(Plant rules, String site, List<Qualification> quals) {
        return rows(rules, site, quals, new HashMap<>());
    }

    /**
     * {@link #rows}, with the basis JSON of a span written once per distinct basis: a rebuild works out the same
     * spans at every knowledge instant of a person.
     */
    private List<Row> rows(Plant rules, String site, List<Qualification> quals, Map<String, String> written) {
        if (quals.isEmpty()) {
            return List.of();
        }
        Map<String, Qualification> byEvidence = new HashMap<>();
        quals.forEach(q -> byEvidence.put(q.evidence().evidenceId(), q));
        List<Row> rows = new ArrayList<>();
        for (EntitlementSpan span : policy.timeline(
                rules.rules(), site, quals.stream().map(Qualification::held).toList())) {
            // the JSON is a function of the requirements and of each record's version (and authority)
            StringBuilder key = new StringBuilder(rules.version())
                    .append('|')
                    .append(span.role())
                    .append('|');
            key.append(span.set());
            for (EntitlementSpan.Basis b : span.basis()) {
                Qualification q = byEvidence.get(b.evidence().evidenceId());
                key.append('|')
                        .append(b.requirement())
                        .append('=')
                        .append(b.evidence().evidenceId())
                        .append('@')
                        .append(q == null ? -1 : q.sourceVersion())
                        .append(q == null ? "" : q.authority().name())
                        .append(b.inGrace() ? "g" : "");
            }
            rows.add(new Row(
                    span.role().value(),
                    span.from(),
                    span.until(),
                    rules.version(),
                    span.set(),
                    span.inGrace(),
                    written.computeIfAbsent(key.toString(), k -> basis(span, byEvidence))));
        }
        return rows;
    }

    private static String basis(EntitlementSpan span, Map<String, Qualification> byEvidence) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EntitlementSpan.Basis b : span.basis()) {
            Qualification q = Objects.requireNonNull(byEvidence.get(b.evidence().evidenceId()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", b.requirement().code().value());
            m.put("minimumLevel", b.requirement().minimumLevel());
            m.put("evidence", b.evidence().evidenceId());
            m.put("sourceRecordId", q.evidence().sourceRecordId());
            m.put("sourceVersion", q.sourceVersion());
            m.put("level", b.evidence().level());
            m.put("completedAt", b.evidence().completedAt().toString());
            m.put(
                    "expiresAt",
                    b.evidence().expiresAt() == null
                            ? null
                            : b.evidence().expiresAt().toString());
            m.put("completedOriginal", q.completedOriginal());
            m.put("expiresOriginal", q.expiresOriginal());
            m.put("inGrace", b.inGrace());
            m.put("authority", q.authority().name());
            m.put("approvedBy", q.evidence().approvedBy());
            m.put(
                    "approvedAt",
                    q.evidence().approvedAt() == null
                            ? null
                            : q.evidence().approvedAt().toString());
            out.add(m);
        }
        return JSON.writeValueAsString(out);
    }

    private static Row row(ResultSet rs) throws SQLException {
        Timestamp to = rs.getTimestamp("valid_to");
        return new Row(
                rs.getString("role"),
                rs.getTimestamp("valid_from").toInstant(),
                to == null ? null : to.toInstant(),
                rs.getString("rules_version"),
                rs.getInt("set_index"),
                rs.getBoolean("in_grace"),
                rs.getString("basis"));
    }

    private static EntitlementInterval interval(ResultSet rs) throws SQLException {
        Row r = row(rs);
        Timestamp knownTo = rs.getTimestamp("known_to");
        return new EntitlementInterval(
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("site"),
                RoleName.of(r.role()),
                r.validFrom(),
                r.validTo(),
                rs.getTimestamp("known_from").toInstant(),
                knownTo == null ? null : knownTo.toInstant(),
                r.rulesVersion(),
                r.set(),
                r.inGrace(),
                r.basis());
    }

    private static @Nullable Timestamp ts(@Nullable Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
