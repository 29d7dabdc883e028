package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The people the rules justified for a role at an instant as known at another, from their IDs alone: counted, a
 * page in employee order after a cursor, or which of some people. Each is read from the projection's index by role
 * and employee ID (V30) without reading a row's basis, so the role view's first page and its totals cost the page,
 * not the role's tens of thousands of holders. Whether a person is active is the ledger's to say; callers ask it.
 */
@Component
public class RoleHolderIndex {

    private static final String JUSTIFIED = "FROM entitlement_interval WHERE role = ?"
            + " AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
            + " AND known_from <= ? AND (known_to IS NULL OR known_to > ?)";

    private final JdbcClient jdbc;

    RoleHolderIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many people the rules justified for the role at {@code at}, as known at {@code knownAt}. */
    public long count(RoleName role, Instant at, Instant knownAt) {
        return jdbc.sql("SELECT count(DISTINCT employee_id) " + JUSTIFIED)
                .params(role.value(), ts(at), ts(at), ts(knownAt), ts(knownAt))
                .query(Long.class)
                .single();
    }

    /**
     * At most {@code limit} of them whose employee ID comes after {@code after} (none: from the first), in employee
     * order.
     */
    public List<String> after(RoleName role, Instant at, Instant knownAt, @Nullable String after, int limit) {
        String sql = "SELECT DISTINCT employee_id " + JUSTIFIED + (after == null ? "" : " AND employee_id > ?")
                + " ORDER BY employee_id LIMIT ?";
        List<Object> params =
                new java.util.ArrayList<>(List.of(role.value(), ts(at), ts(at), ts(knownAt), ts(knownAt)));
        if (after != null) {
            params.add(after);
        }
        params.add(limit);
        return jdbc.sql(sql).params(params).query(String.class).list();
    }

    /** Which of these people the rules justified for the role at {@code at}, as known at {@code knownAt}. */
    public List<String> among(RoleName role, Instant at, Instant knownAt, Collection<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT DISTINCT employee_id " + JUSTIFIED + " AND employee_id = ANY(?) ORDER BY employee_id")
                .params(role.value(), ts(at), ts(at), ts(knownAt), ts(knownAt), employeeIds.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
