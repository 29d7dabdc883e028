package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.EntitlementRows.Known;
import org.qualigate.access.EntitlementRows.Row;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.EntitlementTimeline;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The projection's write side for a group of persons planned together (the persons of a group of intake events,
 * of the timers that fired together): each person's lock, knowledge instant, last planned instant, current rows
 * and the rows' changes are read and written in one statement each for the whole group, and each person's answer
 * is worked out in memory. One person is a group of one.
 */
final class EntitlementPlanning {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Qualifications qualifications;
    private final Clock clock;
    private final EntitlementRows timeline;
    private final EntitlementRowStore store;
    private final InstrumentStates instruments;

    EntitlementPlanning(
            JdbcClient jdbc,
            JdbcTemplate batch,
            Qualifications qualifications,
            Clock clock,
            EntitlementRows timeline,
            EntitlementRowStore store,
            InstrumentStates instruments) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.qualifications = qualifications;
        this.clock = clock;
        this.timeline = timeline;
        this.store = store;
        this.instruments = instruments;
    }

    /**
     * Two transactions planning the same person at once (two of their records arriving together, on one instance
     * or two) take turns on this lock, so that the second sees the first's rows. A group's locks are taken in the
     * order of their IDs, in one statement.
     */
    void lock(Collection<EmployeeId> employeeIds) {
        if (employeeIds.isEmpty()) {
            return;
        }
        String[] keys = employeeIds.stream()
                .map(id -> "entitlement-projection:" + id.value())
                .sorted()
                .distinct()
                .toArray(String[]::new);
        jdbc.sql("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(?::text[])"
                        + " WITH ORDINALITY AS u(k, n) ORDER BY n) AS locked")
                .param(keys)
                .query(Long.class)
                .single();
    }

    /**
     * Brings the persons' rows in step with the ledger and rules as they stand; the caller took their {@link #lock}
     * first. {@code current}: the persons' current records and when their versions were recorded, as the caller read
     * them after taking {@link #lock} ({@link Qualifications#group}; absent: read here); {@code timelines}: the
     * timelines the caller worked out on those records under these rules (absent: worked out here).
     */
    void update(
            List<Person> group,
            Plant rules,
            Qualifications.@Nullable Group current,
            Map<EmployeeId, EntitlementTimeline> timelines) {
        if (group.isEmpty()) {
            return;
        }
        List<EmployeeId> ids = group.stream().map(Person::employeeId).toList();
        // read after the caller took the lock: what another transaction committed meanwhile is part of the answer
        Qualifications.Group ledger = current != null ? current : qualifications.group(ids);
        Map<EmployeeId, Knowledge> knowledge = knowledge(ids, ledger.recorded());
        Map<String, Instant> instrumentsChanged = instrumentsChanged(group, rules);
        List<Person> late = new ArrayList<>();
        Map<Person, List<Row>> wanted = new LinkedHashMap<>();
        Map<EmployeeId, Instant> knownAt = new HashMap<>();
        for (Person p : group) {
            Knowledge k = knowledge.get(p.employeeId());
            knownAt.put(p.employeeId(), latest(k.known(), instrumentsChanged.get(p.site())));
            if (k.versionsSkipped()) {
                late.add(p);
            } else {
                List<Qualification> quals = ledger.records().getOrDefault(p.employeeId(), List.of());
                EntitlementTimeline planned = timelines.get(p.employeeId());
                wanted.put(
                        p,
                        planned == null
                                ? timeline.rows(rules, p.site(), quals)
                                : timeline.rows(rules, p.site(), quals, planned.spans()));
            }
        }
        if (!late.isEmpty()) {
            // planned late: a version recorded before the latest was never planned on its own (two of the person's
            // events in one group, a plan that failed), so the answers known in between are worked out again from
            // the ledger, as a rebuild would
            Map<EmployeeId, List<Qualification>> versions = qualifications.versionsOf(
                    late.stream().map(Person::employeeId).toList());
            List<EntitlementRows.RulesAt> history = timeline.rulesHistory();
            Map<String, InstrumentHistory> bySite = new HashMap<>();
            for (Person p : late) {
                store.replace(
                        p.employeeId(),
                        timeline.history(
                                p,
                                versions.getOrDefault(p.employeeId(), List.of()),
                                history,
                                bySite.computeIfAbsent(p.site(), site -> timeline.instrumentsAt(site, history))));
            }
        }
        write(wanted, knownAt);
        jdbc.sql("""
                        INSERT INTO entitlement_planned (employee_id, known_at)
                        SELECT * FROM unnest(?::text[], ?::text[]::timestamptz[])
                        ON CONFLICT (employee_id) DO UPDATE SET known_at = greatest(entitlement_planned.known_at,
                            excluded.known_at)""")
                .params(
                        ids.stream().map(EmployeeId::value).toArray(String[]::new),
                        ids.stream().map(id -> knownAt.get(id).toString()).toArray(String[]::new))
                .update();
    }

    private static Instant latest(Instant a, @Nullable Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    /**
     * When what is known of the instruments at each site of the group last changed: an answer worked out after an
     * instrument's agreed calibration changed at the site is known from that change (decision 0077).
     */
    private Map<String, Instant> instrumentsChanged(List<Person> group, Plant rules) {
        return instruments.lastChangeAt(rules, group.stream().map(Person::site).toList());
    }

    /**
     * A person's knowledge instant (when their latest qualification version was recorded: the instant an answer
     * worked out after a change to the ledger is known from) and whether a version recorded after the instant last
     * planned and before that one was never planned as the latest.
     */
    private record Knowledge(Instant known, boolean versionsSkipped) {}

    private Map<EmployeeId, Knowledge> knowledge(
            List<EmployeeId> ids, Map<EmployeeId, Qualifications.LatestRecorded> latest) {
        Map<EmployeeId, Instant> planned = new HashMap<>();
        jdbc.sql("SELECT employee_id, known_at FROM entitlement_planned WHERE employee_id = ANY(?)")
                .param(ids.stream().map(EmployeeId::value).toArray(String[]::new))
                .query((rs, n) -> planned.put(
                        EmployeeId.of(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .list();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<EmployeeId, Knowledge> out = new HashMap<>();
        for (EmployeeId id : ids) {
            Qualifications.LatestRecorded l = latest.get(id);
            out.put(id, l == null ? new Knowledge(now, false) : new Knowledge(l.at(), l.anotherSince(planned.get(id))));
        }
        return out;
    }

    /**
     * For each person, the rows that are no longer the answer are closed at the knowledge instant (or deleted,
     * when opened at that very instant: they never were the answer) and the new answer's rows open there.
     */
    void write(Map<Person, List<Row>> wanted, Map<EmployeeId, Instant> knownAt) {
        if (wanted.isEmpty()) {
            return;
        }
        record Stored(long id, Row row, Instant knownFrom, String site) {}
        Map<String, List<Stored>> current = new HashMap<>();
        jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ANY(?) AND known_to IS NULL")
                .param(wanted.keySet().stream().map(p -> p.employeeId().value()).toArray(String[]::new))
                .query(rs -> {
                    current.computeIfAbsent(rs.getString("employee_id"), k -> new ArrayList<>())
                            .add(new Stored(
                                    rs.getLong("id"),
                                    EntitlementRowStore.row(rs),
                                    rs.getTimestamp("known_from").toInstant(),
                                    rs.getString("site")));
                });
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> closes = new ArrayList<>();
        Map<EmployeeId, List<Known>> inserts = new LinkedHashMap<>();
        wanted.forEach((person, rows) -> {
            List<Stored> stored = current.getOrDefault(person.employeeId().value(), List.of());
            Instant known = knownAt.get(person.employeeId());
            for (Stored s : stored) {
                known = s.knownFrom().isAfter(known) ? s.knownFrom() : known;
            }
            Set<Row> want = new LinkedHashSet<>(rows);
            Set<Row> have = new HashSet<>();
            for (Stored s : stored) {
                if (want.contains(s.row()) && s.site().equals(person.site())) {
                    have.add(s.row());
                } else if (!s.knownFrom().isBefore(known)) {
                    deletes.add(new Object[] {s.id()});
                } else {
                    closes.add(new Object[] {Timestamp.from(known), s.id()});
                }
            }
            for (Row r : want) {
                if (!have.contains(r)) {
                    inserts.computeIfAbsent(person.employeeId(), k -> new ArrayList<>())
                            .add(new Known(person.site(), r, known, null));
                }
            }
        });
        if (!deletes.isEmpty()) {
            batch.batchUpdate("DELETE FROM entitlement_interval WHERE id = ?", deletes);
        }
        if (!closes.isEmpty()) {
            batch.batchUpdate("UPDATE entitlement_interval SET known_to = ? WHERE id = ?", closes);
        }
        store.insert(inserts);
    }
}
