package org.qualigate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.EntitlementRows.Known;
import org.qualigate.access.EntitlementRows.Row;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The projection's rows in {@code entitlement_interval}: written, replaced, read back and mapped. */
final class EntitlementRowStore {

    private static final Logger log = LoggerFactory.getLogger(EntitlementRowStore.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    EntitlementRowStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * After a rebuild replaced many rows, the planner's statistics are refreshed at once rather than when autovacuum
     * comes round: a range query planned on the statistics of an empty table would scan it whole.
     */
    void statistics() {
        try {
            jdbc.sql("ANALYZE entitlement_interval").update();
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("could not refresh the statistics of entitlement_interval (autovacuum will): {}", e.getMessage());
        }
    }

    void replace(EmployeeId id, List<Known> rows) {
        jdbc.sql("DELETE FROM entitlement_interval WHERE employee_id = ?")
                .param(id.value())
                .update();
        insert(id, rows);
    }

    void insert(EmployeeId id, List<Known> rows) {
        insert(Map.of(id, rows));
    }

    /** Inserts the rows of several persons in one batch. */
    void insert(Map<EmployeeId, List<Known>> byPerson) {
        List<Map.Entry<EmployeeId, Known>> rows = new java.util.ArrayList<>();
        byPerson.forEach((id, known) -> known.forEach(k -> rows.add(Map.entry(id, k))));
        if (rows.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                INSERT INTO entitlement_interval (employee_id, site, role, valid_from, valid_to, known_from, known_to,
                    rules_version, set_index, in_grace, basis, report_view)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, rows.size(), (ps, entry) -> {
            Known k = entry.getValue();
            ps.setString(1, entry.getKey().value());
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
            ps.setString(12, k.row().reportView());
        });
    }

    Map<String, Set<Known>> stored(List<EmployeeId> ids) {
        Map<String, Set<Known>> byPerson = new HashMap<>();
        jdbc.sql("SELECT * FROM entitlement_interval WHERE employee_id = ANY(?)")
                .param(ids.stream().map(EmployeeId::value).toArray(String[]::new))
                .query(rs -> {
                    Instant to = instant(rs, "known_to");
                    byPerson.computeIfAbsent(rs.getString("employee_id"), k -> new HashSet<>())
                            .add(new Known(
                                    rs.getString("site"),
                                    row(rs),
                                    Objects.requireNonNull(instant(rs, "known_from")),
                                    to));
                });
        return byPerson;
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("role"),
                Objects.requireNonNull(instant(rs, "valid_from")),
                instant(rs, "valid_to"),
                rs.getString("rules_version"),
                rs.getInt("set_index"),
                rs.getBoolean("in_grace"),
                rs.getString("basis"),
                Objects.requireNonNullElse(rs.getString("report_view"), ""));
    }

    static EntitlementInterval interval(ResultSet rs) throws SQLException {
        Row r = row(rs);
        return new EntitlementInterval(
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("site"),
                RoleName.of(r.role()),
                r.validFrom(),
                r.validTo(),
                Objects.requireNonNull(instant(rs, "known_from")),
                instant(rs, "known_to"),
                r.rulesVersion(),
                r.set(),
                r.inGrace(),
                r.basis(),
                r.reportView());
    }

    /**
     * A {@code timestamptz} column as an instant, read as an offset date-time: the driver's {@code Timestamp} goes
     * through a {@code Calendar} for each value, which a read of 200,000 rows of four instants felt (decision 0055).
     */
    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static @Nullable Timestamp ts(@Nullable Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
