package org.qualigate.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The CAPAs the QMS announced ({@code quality_capa}): a later version replaces an earlier one, never the reverse, and
 * every change makes the CAPA's escalation due to be brought up to date now. The steps done are kept beside it.
 */
@Component
class Capas {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Capas(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Applies a CAPA event in the caller's transaction (the one that stored the event). */
    @Transactional(propagation = Propagation.MANDATORY)
    QualityIntakeResult apply(UUID eventId, CapaRecord capa) {
        return apply(eventId, capa, "received by signed webhook");
    }

    /** Applies a CAPA stored as {@code eventId}, {@code how} it came (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    QualityIntakeResult apply(UUID eventId, CapaRecord capa, String how) {
        Optional<CapaRecord> before = find(capa.recordId(), true);
        Optional<QualityIntakeResult> notNewer = QualityIntakeResult.unlessNewer(
                eventId, capa.version(), before.map(b -> b.version()).orElse(null));
        if (notNewer.isPresent()) {
            return notNewer.get();
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO quality_capa (record_id, name, version, site, nc_name, description,
                            owner_employee_id, owner_email, manager_employee_id, manager_email, due_date, status,
                            closed_at, received_at, event_id, next_check_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (record_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version,
                            site = EXCLUDED.site, nc_name = EXCLUDED.nc_name, description = EXCLUDED.description,
                            owner_employee_id = EXCLUDED.owner_employee_id, owner_email = EXCLUDED.owner_email,
                            manager_employee_id = EXCLUDED.manager_employee_id,
                            manager_email = EXCLUDED.manager_email, due_date = EXCLUDED.due_date,
                            status = EXCLUDED.status, closed_at = EXCLUDED.closed_at,
                            received_at = EXCLUDED.received_at, event_id = EXCLUDED.event_id,
                            next_check_at = EXCLUDED.next_check_at""")
                .params(
                        capa.recordId(),
                        capa.name(),
                        Timestamp.from(capa.version()),
                        capa.site(),
                        capa.ncName(),
                        capa.description(),
                        capa.ownerEmployeeId(),
                        capa.ownerEmail(),
                        capa.managerEmployeeId(),
                        capa.managerEmail(),
                        capa.dueDate() == null ? null : java.sql.Date.valueOf(capa.dueDate()),
                        capa.status(),
                        capa.closedAt() == null ? null : Timestamp.from(capa.closedAt()),
                        Timestamp.from(now),
                        eventId,
                        Timestamp.from(now))
                .update();
        audit.append(new AuditRecord(
                Nonconformances.ACTOR,
                "quality.capa.recorded",
                "capa",
                capa.name(),
                null,
                before.map(Capas::summary).orElse(null),
                summary(capa),
                how + ", version " + capa.version(),
                eventId.toString()));
        return new QualityIntakeResult(eventId, QualityIntakeResult.Outcome.APPLIED, null, null);
    }

    Optional<CapaRecord> find(String recordId, boolean forUpdate) {
        return jdbc.sql(SELECT + " WHERE record_id = ?" + (forUpdate ? " FOR UPDATE" : ""))
                .param(recordId)
                .query(Capas::record)
                .optional();
    }

    /** CAPAs, newest due date last; with the steps done for each. */
    List<QualityView.CapaView> list(int limit) {
        return jdbc.sql("SELECT c.name, c.site, c.due_date, c.status, c.task_key, c.next_check_at, c.last_error,"
                        + " (SELECT string_agg(s.step, ',' ORDER BY s.done_at) FROM quality_capa_step s"
                        + " WHERE s.record_id = c.record_id) FROM quality_capa c ORDER BY c.due_date NULLS LAST,"
                        + " c.name LIMIT ?")
                .param(limit)
                .query((rs, n) -> new QualityView.CapaView(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getDate(3) == null
                                ? null
                                : rs.getDate(3).toLocalDate().toString(),
                        rs.getString(4),
                        rs.getString(5),
                        instant(rs.getTimestamp(6)),
                        rs.getString(7),
                        rs.getString(8) == null
                                ? List.of()
                                : List.of(rs.getString(8).split(","))))
                .list();
    }

    /** The audit entry's old and new value of a recorded CAPA: a map, because its bytes are hashed into the chain. */
    private static Map<String, Object> summary(CapaRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", c.version().toString());
        m.put("status", c.status());
        m.put("dueDate", c.dueDate() == null ? null : c.dueDate().toString());
        m.put("owner", c.ownerEmployeeId());
        return m;
    }

    static final String SELECT = "SELECT record_id, name, version, site, nc_name, description, owner_employee_id,"
            + " owner_email, manager_employee_id, manager_email, due_date, status, closed_at FROM quality_capa";

    static CapaRecord record(ResultSet rs, int n) throws SQLException {
        return new CapaRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getDate(11) == null ? null : rs.getDate(11).toLocalDate(),
                rs.getString(12),
                instant(rs.getTimestamp(13)));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
