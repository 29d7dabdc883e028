package org.qualigate.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;
import org.qualigate.policy.QualificationCode;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The qualifications of every person with their evidence and full history. Records are keyed by source
 * and source record id; the source's version decides which event wins, not the order of arrival.
 */
@Repository
public class Qualifications {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final QualificationRecorder recorder;

    Qualifications(JdbcClient jdbc, JdbcTemplate template, QualificationRecorder recorder) {
        this.jdbc = jdbc;
        this.template = template;
        this.recorder = recorder;
    }

    /**
     * Runs a read of a group's people that the planner runs for every group, planned by PostgreSQL for the people and
     * the tables as they are at each execution (decision 0101). The driver would otherwise prepare it on the server
     * after five executions, and PostgreSQL would then keep one plan for the array whatever it holds: a plan made
     * while the tables were small (a sequential scan) stays in use, growing with the tables, until an analyse of one of
     * them happens to replace it. Unprepared, it is planned each time, as with the sizes it reads.
     */
    private void queryPlannedEachTime(String sql, RowCallbackHandler rows, Object... params) {
        template.query(
                connection -> {
                    var statement = connection.prepareStatement(sql);
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                    new ArgumentPreparedStatementSetter(params).setValues(statement);
                    return statement;
                },
                rows);
    }

    /** The person's current qualification records (valid and revoked), oldest completion first. */
    public List<Qualification> of(EmployeeId employeeId) {
        return jdbc.sql("SELECT * FROM qualification WHERE employee_id = ? ORDER BY completed_at, id")
                .param(employeeId.value())
                .query(Qualifications::qualification)
                .list();
    }

    /** Every current qualification record, grouped by person (for whole-plant questions). */
    public java.util.Map<EmployeeId, List<Qualification>> all() {
        var byPerson = new java.util.HashMap<EmployeeId, List<Qualification>>();
        jdbc.sql("SELECT * FROM qualification ORDER BY employee_id, completed_at, id")
                .query(Qualifications::qualification)
                .list()
                .forEach(q -> byPerson.computeIfAbsent(q.employeeId(), k -> new java.util.ArrayList<>())
                        .add(q));
        return byPerson;
    }

    /**
     * The person's qualification records as Qualigate knew them at {@code knownAt}: for each record, the
     * latest version recorded at or before that instant. Records learned later are absent.
     */
    public List<Qualification> asKnownAt(EmployeeId employeeId, Instant knownAt) {
        return asKnownAt(List.of(employeeId), knownAt).getOrDefault(employeeId, List.of());
    }

    /** The current qualification records of these people, grouped by person (for site-wide reports, in chunks). */
    public java.util.Map<EmployeeId, List<Qualification>> of(java.util.Collection<EmployeeId> employeeIds) {
        return group(employeeIds).records();
    }

    /**
     * What the planner reads of the ledger for a group of persons planned together: their current records, grouped by
     * person, and when each one's versions were recorded ({@link LatestRecorded}; persons of whom no version was ever
     * recorded are absent) — in one statement, {@linkplain #queryPlannedEachTime planned each time}. The records
     * keep when their versions were recorded (V63, written with each version), so the versions are not read
     * (decision 0110).
     */
    public Group group(java.util.Collection<EmployeeId> employeeIds) {
        var byPerson = new java.util.HashMap<EmployeeId, List<Qualification>>();
        var recorded = new java.util.HashMap<EmployeeId, LatestRecorded>();
        queryPlannedEachTime(
                "SELECT * FROM qualification WHERE employee_id = ANY(?) ORDER BY employee_id, completed_at, id",
                rs -> {
                    Qualification q = qualification(rs, 0);
                    byPerson.computeIfAbsent(q.employeeId(), k -> new java.util.ArrayList<>())
                            .add(q);
                    Instant latest = instant(rs, "latest_version_at");
                    if (latest != null) {
                        recorded.merge(
                                q.employeeId(),
                                LatestRecorded.of(latest, instant(rs, "earlier_version_at")),
                                LatestRecorded::and);
                    }
                },
                (Object) ids(employeeIds));
        return new Group(byPerson, recorded);
    }

    /**
     * A group's current records by person, and when each person's versions were recorded ({@link #group}).
     *
     * @param records each person's current records, oldest completion first; persons without records are absent
     * @param recorded when each person's versions were recorded; persons of whom none was recorded are absent
     */
    public record Group(
            java.util.Map<EmployeeId, List<Qualification>> records,
            java.util.Map<EmployeeId, LatestRecorded> recorded) {}

    /** {@link #asKnownAt} for these people in one query, grouped by person (site-wide reports, in chunks). */
    public java.util.Map<EmployeeId, List<Qualification>> asKnownAt(
            java.util.Collection<EmployeeId> employeeIds, Instant knownAt) {
        var byPerson = new java.util.HashMap<EmployeeId, List<Qualification>>();
        jdbc.sql("SELECT * FROM (SELECT DISTINCT ON (v.qualification_id) " + VERSION_COLUMNS
                        + " FROM qualification_version v JOIN qualification q ON q.id = v.qualification_id"
                        + " WHERE q.employee_id = ANY(?) AND v.recorded_at <= ?"
                        + " ORDER BY v.qualification_id, v.source_version DESC) known"
                        + " ORDER BY employee_id, completed_at, id")
                .params(ids(employeeIds), Timestamp.from(knownAt))
                .query(Qualifications::qualification)
                .list()
                .forEach(q -> byPerson.computeIfAbsent(q.employeeId(), k -> new java.util.ArrayList<>())
                        .add(q));
        return byPerson;
    }

    /**
     * Every version ever recorded of these people's qualification records, each as a record whose
     * {@code recordedAt} is when that version was learned: the ledger's whole history, from which the record set
     * as known at any instant is {@link #knownAt}.
     */
    public java.util.Map<EmployeeId, List<Qualification>> versionsOf(java.util.Collection<EmployeeId> employeeIds) {
        var byPerson = new java.util.HashMap<EmployeeId, List<Qualification>>();
        jdbc.sql("SELECT " + VERSION_COLUMNS
                        + " FROM qualification_version v JOIN qualification q ON q.id = v.qualification_id"
                        + " WHERE q.employee_id = ANY(?)"
                        + " ORDER BY q.employee_id, v.recorded_at, v.qualification_id, v.source_version")
                .param(ids(employeeIds))
                .query(Qualifications::qualification)
                .list()
                .forEach(q -> byPerson.computeIfAbsent(q.employeeId(), k -> new java.util.ArrayList<>())
                        .add(q));
        return byPerson;
    }

    /**
     * Of the versions {@link #versionsOf} gave, the records as known at {@code knownAt}: for each record the
     * latest version recorded at or before that instant — what {@link #asKnownAt} reads from the database.
     */
    public static List<Qualification> knownAt(List<Qualification> versions, Instant knownAt) {
        var latest = new java.util.LinkedHashMap<UUID, Qualification>();
        for (Qualification v : versions) {
            if (v.recordedAt().isAfter(knownAt)) {
                continue;
            }
            Qualification seen = latest.get(v.id());
            if (seen == null || v.sourceVersion() > seen.sourceVersion()) {
                latest.put(v.id(), v);
            }
        }
        return latest.values().stream()
                .sorted(java.util.Comparator.comparing(Qualification::completedAt)
                        .thenComparing(Qualification::id))
                .toList();
    }

    /** A version of a record with the record's own fields, as a record of the ledger reads it. */
    private static final String VERSION_COLUMNS = """
            q.id, q.employee_id, q.source, q.source_record_id, q.authority, q.source_name, v.source_version, v.code,
            v.level, v.completed_at, v.expires_at, v.status, v.approved_by, v.approved_at, v.event_id, v.recorded_at,
            coalesce(v.completed_original, q.completed_original) AS completed_original,
            coalesce(v.expires_original, CASE WHEN v.expires_at IS NULL THEN NULL ELSE q.expires_original END)
                AS expires_original,
            coalesce(v.source_code, q.source_code) AS source_code""";

    private static String[] ids(java.util.Collection<EmployeeId> employeeIds) {
        return employeeIds.stream().map(EmployeeId::value).toArray(String[]::new);
    }

    /**
     * The current records with these evidence ids ({@code source/record}), by evidence id: what a report needs
     * to state the dates an audit entry cites as the source gave them. Unknown ids are absent.
     */
    public java.util.Map<String, Qualification> byEvidence(java.util.Collection<String> evidenceIds) {
        List<String> sources = new java.util.ArrayList<>();
        List<String> records = new java.util.ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(evidenceIds)) {
            int slash = id.indexOf('/');
            if (slash > 0) {
                sources.add(id.substring(0, slash));
                records.add(id.substring(slash + 1));
            }
        }
        var found = new java.util.HashMap<String, Qualification>();
        if (sources.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        SELECT q.* FROM qualification q
                        JOIN unnest(?::text[], ?::text[]) AS e(source, source_record_id)
                          ON q.source = e.source AND q.source_record_id = e.source_record_id""")
                .params(sources.toArray(String[]::new), records.toArray(String[]::new))
                .query(Qualifications::qualification)
                .list()
                .forEach(q -> found.put(q.evidence().evidenceId(), q));
        return found;
    }

    /**
     * The current records of these people ordered by person, source and source record: the order a reconciliation
     * walks them in (its digests depend on it).
     */
    public List<Qualification> ofInSourceOrder(String[] employeeIds) {
        return jdbc.sql("SELECT * FROM qualification WHERE employee_id = ANY(?) ORDER BY employee_id, source, "
                        + "source_record_id")
                .param(employeeIds)
                .query(Qualifications::qualification)
                .list();
    }

    /** The HRIS-owned records of a site's people completed in {@code [from, to)}, oldest completion first. */
    public List<Qualification> hrisCompletedAtSite(String site, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT q.* FROM qualification q JOIN person p ON p.employee_id = q.employee_id
                        WHERE p.site = ? AND q.authority = 'HRIS' AND q.completed_at >= ? AND q.completed_at < ?
                        ORDER BY q.completed_at""")
                .params(site, Timestamp.from(from), Timestamp.from(to))
                .query(Qualifications::qualification)
                .list();
    }

    /** The records of a site's people that came from {@code source} and are not owned by the HRIS. */
    public List<Qualification> notHrisOwnedAtSite(String site, String source) {
        return jdbc.sql("""
                        SELECT q.* FROM qualification q JOIN person p ON p.employee_id = q.employee_id
                        WHERE p.site = ? AND q.authority <> 'HRIS' AND q.source = ?""")
                .params(site, source)
                .query(Qualifications::qualification)
                .list();
    }

    /** How many valid HRIS-owned records from {@code source} the people of a site hold. */
    public int validFromSourceAtSite(String source, String site) {
        return jdbc.sql("""
                        SELECT count(*) FROM qualification q JOIN person p ON p.employee_id = q.employee_id
                        WHERE q.source = ? AND q.status = 'VALID' AND q.authority = 'HRIS' AND p.site = ?""").params(source, site).query(Integer.class).single();
    }

    /**
     * When the latest version of any of a person's records was recorded ({@code at}), and the latest instant before
     * it at which a version of any of them was recorded ({@code before}; null when none was).
     */
    public record LatestRecorded(Instant at, @Nullable Instant before) {

        /** A record's: its latest version's instant and the latest before it ({@code qualification}'s V63 columns). */
        static LatestRecorded of(Instant latest, @Nullable Instant earlier) {
            return new LatestRecorded(latest, null).with(earlier);
        }

        /** Of the versions of both: the latest instant, and the latest before it. */
        LatestRecorded and(LatestRecorded other) {
            return with(other.at).with(other.before);
        }

        private LatestRecorded with(@Nullable Instant t) {
            if (t == null || t.equals(at)) {
                return this;
            }
            if (t.isAfter(at)) {
                return new LatestRecorded(t, at);
            }
            return before == null || t.isAfter(before) ? new LatestRecorded(at, t) : this;
        }

        /**
         * Whether another version was recorded after {@code since} (any, when null) and before {@link #at}: the latest
         * instant before it lies after {@code since}.
         */
        public boolean anotherSince(@Nullable Instant since) {
            return before != null && (since == null || before.isAfter(since));
        }
    }

    /** Whether the ledger ever recorded a qualification version. */
    public boolean anyRecorded() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT EXISTS (SELECT 1 FROM qualification_version)")
                .query(Boolean.class)
                .single());
    }

    public Optional<Qualification> bySourceRecord(String source, String sourceRecordId) {
        return jdbc.sql("SELECT * FROM qualification WHERE source = ? AND source_record_id = ?")
                .params(source, sourceRecordId)
                .query(Qualifications::qualification)
                .optional();
    }

    /** Every version of one record, oldest first. */
    public List<QualificationVersion> history(UUID qualificationId) {
        return jdbc.sql("SELECT * FROM qualification_version WHERE qualification_id = ? ORDER BY source_version")
                .param(qualificationId)
                .query((rs, n) -> new QualificationVersion(
                        rs.getLong("source_version"),
                        QualificationCode.of(rs.getString("code")),
                        rs.getInt("level"),
                        required(rs, "completed_at"),
                        instant(rs, "expires_at"),
                        Qualification.Status.valueOf(rs.getString("status")),
                        rs.getString("approved_by"),
                        instant(rs, "approved_at"),
                        rs.getObject("event_id", UUID.class),
                        required(rs, "recorded_at")))
                .list();
    }

    /**
     * Applies the event in the caller's transaction: a newer version replaces the record (and is audited
     * with old and new values), the same version is a duplicate, an older one is stale.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public LedgerOutcome apply(QualificationEvent event, String actor, String correlationId) {
        return recorder.apply(event, actor, correlationId);
    }

    // Read as an OffsetDateTime, the same instant as through a Timestamp without the Calendar the driver makes for each
    // Timestamp it returns (a planned person's records are read for every group they are in).
    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant required(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, java.time.OffsetDateTime.class).toInstant();
    }

    static Qualification qualification(ResultSet rs, int row) throws SQLException {
        return new Qualification(
                rs.getObject("id", UUID.class),
                EmployeeId.of(rs.getString("employee_id")),
                QualificationCode.of(rs.getString("code")),
                rs.getInt("level"),
                required(rs, "completed_at"),
                instant(rs, "expires_at"),
                rs.getString("completed_original"),
                rs.getString("expires_original"),
                Qualification.Status.valueOf(rs.getString("status")),
                Qualification.Authority.valueOf(rs.getString("authority")),
                new Qualification.Evidence(
                        rs.getString("source"),
                        rs.getString("source_record_id"),
                        rs.getString("source_code"),
                        rs.getString("source_name"),
                        rs.getString("approved_by"),
                        instant(rs, "approved_at"),
                        rs.getObject("event_id", UUID.class)),
                rs.getLong("source_version"),
                required(rs, "recorded_at"));
    }
}
