package org.qualigate.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The plans PostgreSQL chose for the statements the compliance report runs per chunk of 2,000 people, with their
 * actual times ({@code EXPLAIN (ANALYZE, BUFFERS)}), on the benchmark's seeded database: the people by keyset, the
 * entitlement rows the JSON prints, and what the targets held. The statements are the service's, with its
 * parameters bound as it binds them; the chunk is the site's second (a keyset after the first 2,000).
 */
final class ReportQueryPlans {

    private static final int CHUNK = 2000;
    // as EntitlementProjection.printed spells it for the index entitlement_interval_in_force (V60, decision 0103)
    private static final String IN_FORCE = " valid_from <= ? AND COALESCE(valid_to, 'infinity'::timestamptz) > ?"
            + " AND known_from <= ? AND COALESCE(known_to, 'infinity'::timestamptz) > ?";
    private static final String HELD =
            " held_from <= ? AND known_from <= ?" + " AND NOT (held_to IS NOT NULL AND held_to <= ? AND known_to <= ?)";

    private ReportQueryPlans() {}

    /** The three plans as a Markdown block, {@code when} saying when they were taken (e.g. "after the calls"). */
    static String of(DataSource database, String site, Instant at, String when) throws SQLException {
        Timestamp t = Timestamp.from(at);
        StringBuilder md = new StringBuilder(
                "\nThe plans of one chunk's statements " + when + " (`EXPLAIN (ANALYZE, BUFFERS)`):\n\n```\n");
        try (Connection c = database.getConnection()) {
            String after = ids(c, site, null).getLast();
            List<String> ids = ids(c, site, after);
            md.append(plan(
                    c,
                    // the columns the report prints (Persons.listedAtSite, decision 0096)
                    "SELECT employee_id, given_name, family_name, job_title FROM person WHERE site = ? AND "
                            + "status = ? AND (CAST(? AS text) IS NULL OR employee_id > ?) ORDER BY employee_id LIMIT ?",
                    site,
                    "ACTIVE",
                    after,
                    after,
                    CHUNK));
            Array array = c.createArrayOf("text", ids.toArray());
            md.append(plan(
                    c,
                    "SELECT employee_id, role, report_view FROM entitlement_interval WHERE employee_id = ANY(?) AND"
                            + IN_FORCE + " ORDER BY employee_id, role",
                    array,
                    t,
                    t,
                    t,
                    t));
            md.append(plan(
                    c, "SELECT * FROM assignment_history WHERE employee_id = ANY(?) AND" + HELD, array, t, t, t, t));
        }
        return md.append("```\n").toString();
    }

    private static List<String> ids(Connection c, String site, String after) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT employee_id FROM person WHERE site = ? AND status = "
                + "'ACTIVE' AND (CAST(? AS text) IS NULL OR employee_id > ?) ORDER BY employee_id LIMIT " + CHUNK)) {
            s.setString(1, site);
            s.setString(2, after);
            s.setString(3, after);
            List<String> ids = new ArrayList<>(CHUNK);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static String plan(Connection c, String sql, Object... parameters) throws SQLException {
        StringBuilder out = new StringBuilder(sql).append('\n');
        try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // the chunk's 2,000 IDs shown as the first and the last
                    out.append("  ")
                            .append(rs.getString(1).replaceAll("'\\{([^,}']+),[^}']*,([^,}']+)\\}'", "'{$1,…,$2}'"))
                            .append('\n');
                }
            }
        }
        return out.append('\n').toString();
    }
}
