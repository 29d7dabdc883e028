package org.qualigate.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The history of every role each target held for each person: from when until when (as far as Qualigate can
 * tell), when Qualigate learned each, and how it started and ended. Any past instant can be answered for what the
 * target held then, as Qualigate knew it then or knows it now.
 */
@Component
public class AssignmentHistory {

    // held at `at` as known at `knownAt`: started by then and learned by then, and not (ended by then and
    // that end learned by then)
    private static final String HELD =
            " held_from <= ? AND known_from <= ?" + " AND NOT (held_to IS NOT NULL AND held_to <= ? AND known_to <= ?)";

    private final JdbcClient jdbc;
    private final Persons persons;

    AssignmentHistory(JdbcClient jdbc, Persons persons) {
        this.jdbc = jdbc;
        this.persons = persons;
    }

    /** One stretch of time a target held a role for a person. */
    public record Held(
            EmployeeId employeeId,
            String target,
            RoleName role,
            String targetAccount,
            Instant heldFrom,
            Instant knownFrom,
            String cause,
            String basis,
            @Nullable Instant heldTo,
            @Nullable Instant knownTo,
            @Nullable String endCause) {

        /** The stretch as Qualigate knew it at {@code knownAt}: an end learned later is not shown. */
        Held asKnownAt(Instant knownAt) {
            if (knownTo == null || !knownTo.isAfter(knownAt)) {
                return this;
            }
            return new Held(
                    employeeId, target, role, targetAccount, heldFrom, knownFrom, cause, basis, null, null, null);
        }

        /** "granted by Qualigate", "found in the target", "held before this history was kept". */
        public String causeText() {
            return switch (cause) {
                case "granted" -> "granted by Qualigate";
                case "found" -> "found in the target";
                default -> "held before this history was kept";
            };
        }
    }

    void opened(
            EmployeeId employeeId,
            String target,
            RoleName role,
            String account,
            Instant heldFrom,
            Instant knownFrom,
            String cause,
            String basis) {
        // an open stretch left by an earlier record (a lost end) is closed where the new one begins
        closed(employeeId, target, role, heldFrom, knownFrom, "missing");
        jdbc.sql("""
                        INSERT INTO assignment_history (employee_id, target, role, target_account, held_from, known_from,
                            cause, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        employeeId.value(),
                        target,
                        role.value(),
                        account,
                        Timestamp.from(heldFrom),
                        Timestamp.from(knownFrom),
                        cause,
                        basis)
                .update();
    }

    void closed(EmployeeId employeeId, String target, RoleName role, Instant heldTo, Instant knownTo, String endCause) {
        jdbc.sql("""
                        UPDATE assignment_history SET held_to = greatest(?, held_from), known_to = greatest(?, known_from),
                            end_cause = ?
                        WHERE employee_id = ? AND target = ? AND role = ? AND held_to IS NULL""")
                .params(
                        Timestamp.from(heldTo),
                        Timestamp.from(knownTo),
                        endCause,
                        employeeId.value(),
                        target,
                        role.value())
                .update();
    }

    /** What the targets held for the person at {@code at}, as Qualigate knew it at {@code knownAt}. */
    public List<Held> of(EmployeeId employeeId, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM assignment_history WHERE employee_id = ? AND" + HELD
                        + " ORDER BY target, role, held_from, id")
                .params(employeeId.value(), ts(at), ts(knownAt), ts(at), ts(knownAt))
                .query((rs, n) -> held(rs).asKnownAt(knownAt))
                .list();
    }

    /** Everyone a target held the role for at {@code at}, as known at {@code knownAt}. */
    public List<Held> holders(RoleName role, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT * FROM assignment_history WHERE role = ? AND" + HELD
                        + " ORDER BY employee_id, target, held_from, id")
                .params(role.value(), ts(at), ts(knownAt), ts(at), ts(knownAt))
                .query((rs, n) -> held(rs).asKnownAt(knownAt))
                .list();
    }

    /** What the targets held for the people of a site at {@code at}, as known at {@code knownAt}, by person. */
    public Map<String, List<Held>> atSite(String site, Instant at, Instant knownAt) {
        Map<String, List<Held>> byPerson = new HashMap<>();
        // the site's people come from the ledger, which owns them
        String[] people = persons.idsAtSite(site).toArray(String[]::new);
        jdbc.sql("SELECT * FROM assignment_history WHERE employee_id = ANY(?) AND" + HELD
                        + " ORDER BY employee_id, target, role, held_from, id")
                .params(people, ts(at), ts(knownAt), ts(at), ts(knownAt))
                .query(rs -> {
                    Held h = held(rs).asKnownAt(knownAt);
                    byPerson.computeIfAbsent(h.employeeId().value(), k -> new ArrayList<>())
                            .add(h);
                });
        return byPerson;
    }

    /** Every stretch recorded for the person, oldest first. */
    public List<Held> all(EmployeeId employeeId) {
        return jdbc.sql("SELECT * FROM assignment_history WHERE employee_id = ? ORDER BY held_from, id")
                .param(employeeId.value())
                .query((rs, n) -> held(rs))
                .list();
    }

    /** {@link #of} for several people. */
    public Map<String, List<Held>> of(Collection<String> employeeIds, Instant at, Instant knownAt) {
        Map<String, List<Held>> byPerson = new HashMap<>();
        jdbc.sql("SELECT * FROM assignment_history WHERE employee_id = ANY(?) AND" + HELD)
                .params(employeeIds.toArray(String[]::new), ts(at), ts(knownAt), ts(at), ts(knownAt))
                .query(rs -> {
                    Held h = held(rs).asKnownAt(knownAt);
                    byPerson.computeIfAbsent(h.employeeId().value(), k -> new ArrayList<>())
                            .add(h);
                });
        return byPerson;
    }

    private static Held held(ResultSet rs) throws SQLException {
        Timestamp heldTo = rs.getTimestamp("held_to");
        Timestamp knownTo = rs.getTimestamp("known_to");
        return new Held(
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("target"),
                RoleName.of(rs.getString("role")),
                rs.getString("target_account"),
                rs.getTimestamp("held_from").toInstant(),
                rs.getTimestamp("known_from").toInstant(),
                rs.getString("cause"),
                rs.getString("basis"),
                heldTo == null ? null : heldTo.toInstant(),
                knownTo == null ? null : knownTo.toInstant(),
                rs.getString("end_cause"));
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
