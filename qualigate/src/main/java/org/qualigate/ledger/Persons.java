package org.qualigate.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The persons known to Qualigate, kept in step with the HRIS directory; every change is audited. */
@Repository
public class Persons {

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    public Persons(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public Optional<Person> find(EmployeeId id) {
        return jdbc.sql("SELECT * FROM person WHERE employee_id = ?")
                .param(id.value())
                .query(Persons::person)
                .optional();
    }

    /** The persons with these employee IDs, by ID (one query; unknown IDs are absent). */
    public java.util.Map<EmployeeId, Person> find(java.util.Collection<EmployeeId> ids) {
        var found = new java.util.HashMap<EmployeeId, Person>();
        jdbc.sql("SELECT * FROM person WHERE employee_id = ANY(?)")
                .param(ids.stream().map(EmployeeId::value).distinct().toArray(String[]::new))
                .query(Persons::person)
                .list()
                .forEach(p -> found.put(p.employeeId(), p));
        return found;
    }

    public List<Person> all() {
        return jdbc.sql("SELECT * FROM person ORDER BY employee_id")
                .query(Persons::person)
                .list();
    }

    /** The people of a site with the status, by employee ID (a site's report). */
    public List<Person> atSite(String site, Person.Status status) {
        return jdbc.sql("SELECT * FROM person WHERE site = ? AND status = ? ORDER BY employee_id")
                .params(site, status.name())
                .query(Persons::person)
                .list();
    }

    /** The employee IDs of a site's people, whatever their status, in ID order (one column read, for large sites). */
    public List<String> idsAtSite(String site) {
        return jdbc.sql("SELECT employee_id FROM person WHERE site = ? ORDER BY employee_id")
                .param(site)
                .query(String.class)
                .list();
    }

    /** Of these employee IDs, those of people with the status, in ID order. */
    public List<String> idsWithStatus(java.util.Collection<String> employeeIds, Person.Status status) {
        return jdbc.sql("SELECT employee_id FROM person WHERE employee_id = ANY(?) AND status = ? ORDER BY employee_id")
                .params(employeeIds.toArray(String[]::new), status.name())
                .query(String.class)
                .list();
    }

    /** The employee IDs of everyone with the status, in ID order (a role's holders who have left, to leave out). */
    public List<String> idsWithStatus(Person.Status status) {
        return jdbc.sql("SELECT employee_id FROM person WHERE status = ? ORDER BY employee_id")
                .param(status.name())
                .query(String.class)
                .list();
    }

    /** The employee IDs of a site's people with the status, in ID order. */
    public List<String> idsAtSite(String site, Person.Status status) {
        return jdbc.sql("SELECT employee_id FROM person WHERE site = ? AND status = ? ORDER BY employee_id")
                .params(site, status.name())
                .query(String.class)
                .list();
    }

    /**
     * At most {@code limit} people of the site with the status whose employee ID comes after {@code after} (none:
     * from the first), in the order of {@link #atSite(String, Person.Status)}: one page of a site's report.
     */
    public List<Person> atSite(
            String site, Person.Status status, @org.jspecify.annotations.Nullable String after, int limit) {
        return jdbc.sql("SELECT * FROM person WHERE site = ? AND status = ? AND (CAST(? AS text) IS NULL OR "
                        + "employee_id > ?) ORDER BY employee_id LIMIT ?")
                .params(site, status.name(), after, after, limit)
                .query(Persons::person)
                .list();
    }

    /**
     * A person as a list of people prints them (the compliance report): the employee ID, the name they are shown by
     * ({@link Person#displayName()}) and the job title, without the rest of the row.
     */
    public record Listed(
            EmployeeId employeeId,
            String name,
            @org.jspecify.annotations.Nullable String jobTitle) {}

    /**
     * {@link #atSite(String, Person.Status, String, int)} with only what the compliance report prints of each person:
     * four columns read by position, nothing else converted (a site's report reads 100,000).
     */
    public List<Listed> listedAtSite(
            String site, Person.Status status, @org.jspecify.annotations.Nullable String after, int limit) {
        return jdbc.sql("SELECT employee_id, given_name, family_name, job_title FROM person WHERE site = ? AND "
                        + "status = ? AND (CAST(? AS text) IS NULL OR employee_id > ?) ORDER BY employee_id LIMIT ?")
                .params(site, status.name(), after, after, limit)
                .query((rs, row) -> {
                    EmployeeId id = EmployeeId.of(rs.getString(1));
                    return new Listed(id, Person.displayName(id, rs.getString(2), rs.getString(3)), rs.getString(4));
                })
                .list();
    }

    /** How many people of the site have the status. */
    public int countAtSite(String site, Person.Status status) {
        return jdbc.sql("SELECT count(*) FROM person WHERE site = ? AND status = ?")
                .params(site, status.name())
                .query(Integer.class)
                .single();
    }

    /**
     * People whose employee ID, given or family name contains the text (case-insensitive), at most
     * {@code limit}, by employee ID; for the admin UI's search.
     */
    public List<Person> search(String text, int limit) {
        String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT * FROM person WHERE employee_id ILIKE ? OR given_name ILIKE ? OR family_name ILIKE ? "
                        + "OR (coalesce(given_name, '') || ' ' || coalesce(family_name, '')) ILIKE ? "
                        + "ORDER BY employee_id LIMIT ?")
                .params(like, like, like, like, limit)
                .query(Persons::person)
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
    }

    /** A filter over the people for a list page; every criterion is optional. */
    public record PersonQuery(
            @org.jspecify.annotations.Nullable String text,
            @org.jspecify.annotations.Nullable String site,
            Person.@org.jspecify.annotations.Nullable Status status,
            Order order) {}

    /** The order of a list of people: by employee ID, or by family and given name. */
    public enum Order {
        ID("employee_id"),
        NAME("lower(coalesce(family_name, '') || ' ' || coalesce(given_name, ''))");

        private final String key;

        Order(String key) {
            this.key = key;
        }
    }

    /** Where the next page starts: after this sort key and employee ID. */
    public record After(String key, String employeeId) {}

    /**
     * One page of the people matching the filter, in the order asked for, after a position: a keyset walk (sort
     * key, then employee ID), as quick on the last page of 100,000 people as on the first.
     */
    public List<Person> page(PersonQuery query, @org.jspecify.annotations.Nullable After after, int limit) {
        List<Object> params = new java.util.ArrayList<>();
        StringBuilder sql = where(query, params);
        if (after != null) {
            sql.append(" AND (").append(query.order().key).append(", employee_id) > (?, ?)");
            params.add(after.key());
            params.add(after.employeeId());
        }
        sql.append(" ORDER BY ").append(query.order().key).append(", employee_id LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(Persons::person).list();
    }

    /** The sort key of a person in an order, for the position after them. */
    public static String sortKey(Person p, Order order) {
        return order == Order.ID
                ? p.employeeId().value()
                : ((p.familyName() == null ? "" : p.familyName()) + " " + (p.givenName() == null ? "" : p.givenName()))
                        .toLowerCase(java.util.Locale.ROOT);
    }

    /** How many people match, counted up to {@code cap}. */
    public long count(PersonQuery query, long cap) {
        List<Object> params = new java.util.ArrayList<>();
        StringBuilder sql = where(query, params);
        params.add(cap);
        return jdbc.sql("SELECT count(*) FROM (" + sql.toString().replace("SELECT *", "SELECT 1") + " LIMIT ?) m")
                .params(params)
                .query(Long.class)
                .single();
    }

    /** The sites people work at, for a list's filter. */
    public List<String> sites() {
        return jdbc.sql("SELECT DISTINCT site FROM person ORDER BY site")
                .query(String.class)
                .list();
    }

    private static StringBuilder where(PersonQuery query, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT * FROM person WHERE true");
        if (query.text() != null && !query.text().isBlank()) {
            String like =
                    "%" + query.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (employee_id ILIKE ? OR (coalesce(given_name, '') || ' ' || coalesce(family_name, '')) "
                    + "ILIKE ? OR (coalesce(family_name, '') || ' ' || coalesce(given_name, '')) ILIKE ?)");
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (query.site() != null) {
            sql.append(" AND site = ?");
            params.add(query.site());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            params.add(query.status().name());
        }
        return sql;
    }

    /**
     * Creates or updates the person; returns true when anything changed (and was audited). The
     * {@code updatedAt} of an unchanged person is left alone.
     */
    @Transactional
    public boolean save(Person person, String actor, String correlationId) {
        return save(person, actor, correlationId, "HRIS directory (" + person.source() + ")");
    }

    /** As {@link #save(Person, String, String)}, with the audit entry's reason (e.g. what kind of change it is). */
    @Transactional
    public boolean save(Person person, String actor, String correlationId, String reason) {
        Optional<Person> existing = find(person.employeeId());
        if (existing.isPresent() && sameContent(existing.get(), person)) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO person (employee_id, given_name, family_name, email, site, line, supervisor_id,
                            job_title, status, source, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (employee_id) DO UPDATE SET given_name = EXCLUDED.given_name,
                            family_name = EXCLUDED.family_name, email = EXCLUDED.email, site = EXCLUDED.site,
                            line = EXCLUDED.line, supervisor_id = EXCLUDED.supervisor_id, job_title = EXCLUDED.job_title,
                            status = EXCLUDED.status, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at""")
                .params(
                        person.employeeId().value(),
                        person.givenName(),
                        person.familyName(),
                        person.email(),
                        person.site(),
                        person.line(),
                        person.supervisorId(),
                        person.jobTitle(),
                        person.status().name(),
                        person.source(),
                        Timestamp.from(person.updatedAt()))
                .update();
        audit.append(new AuditRecord(
                actor,
                existing.isPresent() ? "person.updated" : "person.created",
                "person",
                person.employeeId().value(),
                person.employeeId().value(),
                existing.map(Person::auditView).orElse(null),
                person.auditView(),
                reason,
                correlationId));
        return true;
    }

    private static boolean sameContent(Person a, Person b) {
        return Objects.equals(a.givenName(), b.givenName())
                && Objects.equals(a.familyName(), b.familyName())
                && Objects.equals(a.email(), b.email())
                && a.site().equals(b.site())
                && Objects.equals(a.line(), b.line())
                && Objects.equals(a.supervisorId(), b.supervisorId())
                && Objects.equals(a.jobTitle(), b.jobTitle())
                && a.status() == b.status();
    }

    static Person person(ResultSet rs, int row) throws SQLException {
        return new Person(
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("given_name"),
                rs.getString("family_name"),
                rs.getString("email"),
                rs.getString("site"),
                rs.getString("line"),
                rs.getString("supervisor_id"),
                rs.getString("job_title"),
                Person.Status.valueOf(rs.getString("status")),
                rs.getString("source"),
                // as an offset date-time: the driver's Timestamp goes through a Calendar, felt by a site of 100,000
                rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant());
    }
}
