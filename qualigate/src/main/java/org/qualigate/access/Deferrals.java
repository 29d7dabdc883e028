package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.ShiftSchedule;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds back revocations while the person is at work: on shift (until the shift's end) or holding an active
 * work order (until its expected close, or a short re-check when that is unknown), never beyond the moment
 * first deferred plus {@code qualigate.access.max-deferral}. A schedule that cannot be read holds the
 * revocation too, re-checked at short intervals within the same bound: nobody is revoked blindly, nobody
 * keeps a role forever. Grants never pass through here.
 */
@Component
public class Deferrals {

    private static final Logger log = LoggerFactory.getLogger(Deferrals.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ShiftSchedule schedule;
    private final AccessSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Deferrals(
            JdbcClient jdbc,
            AuditTrail audit,
            ShiftSchedule schedule,
            AccessSettings settings,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.schedule = schedule;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** What the plan decided for the roles about to be revoked: the ones kept, and the holds that ended. */
    record Outcome(Map<RoleName, Deferral> kept, Map<RoleName, Deferral> released) {}

    /** Why a revocation is held, until when; or that it is not. */
    /**
     * Decides, for each role about to be revoked in the target, whether to hold it back now; records new,
     * extended and ended deferrals with their audit entries and timers. The schedule is read before the
     * transaction, so no database connection waits on the scheduling system.
     */
    Outcome decide(EmployeeId employeeId, String target, Set<RoleName> leaving, Instant at) {
        // PostgreSQL keeps microseconds: the instants answered are the instants stored.
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Map<RoleName, Deferral> active = new HashMap<>();
        active(employeeId, target).forEach(d -> active.put(d.role(), d));
        if (leaving.isEmpty() && active.isEmpty()) {
            return new Outcome(Map.of(), Map.of());
        }
        Map<RoleName, Deferral> kept = new HashMap<>();
        List<RoleName> toCheck = new ArrayList<>();
        for (RoleName role : leaving) {
            Deferral d = active.get(role);
            if (d != null && now.isBefore(d.until())) {
                kept.put(role, d);
            } else {
                toCheck.add(role);
            }
        }
        Optional<DeferralBound.Hold> hold = Optional.empty();
        if (!toCheck.isEmpty() && schedule.configured()) {
            hold = hold(employeeId, now);
        }
        Optional<DeferralBound.Hold> decided = hold;
        Map<RoleName, Deferral> released = new HashMap<>();
        tx.executeWithoutResult(s -> {
            for (Deferral d : active.values()) {
                if (!leaving.contains(d.role())) {
                    end(d, Deferral.Status.CANCELLED, "the role is no longer to be revoked", now);
                }
            }
            DeferralBound rule = new DeferralBound(settings.maxDeferral());
            for (RoleName role : toCheck) {
                Deferral existing = active.get(role);
                DeferralBound.Ruling ruling = rule.rule(existing == null ? null : existing.bound(), decided, now);
                switch (ruling) {
                    case DeferralBound.Released r
                    when existing == null ->
                        // A retry after the hold ended: the revocation is still the deferral's outcome.
                        lastReleased(employeeId, target, role).ifPresent(d -> released.put(role, d));
                    case DeferralBound.Released r ->
                        released.put(role, end(existing, Deferral.Status.RELEASED, r.why(), now));
                    case DeferralBound.HeldBack h ->
                        kept.put(
                                role,
                                existing == null
                                        ? open(employeeId, target, role, now, h.until(), h.bound(), h.reason())
                                        : extend(existing, h.until(), h.reason()));
                }
            }
        });
        return new Outcome(kept, released);
    }

    /** The hold the schedule calls for now, if any; an unreadable schedule holds for a re-check interval. */
    private Optional<DeferralBound.Hold> hold(EmployeeId employeeId, Instant now) {
        Instant recheck = now.plus(settings.deferralRecheck());
        try {
            List<String> reasons = new ArrayList<>();
            Instant until = null;
            Optional<ShiftSchedule.Shift> shift = schedule.shiftAt(employeeId, now);
            if (shift.isPresent()) {
                ShiftSchedule.Shift s = shift.get();
                reasons.add(
                        "on shift " + s.name() + " " + HH_MM.format(s.start().atZone(s.zone())) + "–"
                                + HH_MM.format(s.end().atZone(s.zone())) + " "
                                + s.zone().getId());
                until = s.end();
            }
            for (ShiftSchedule.WorkOrder wo : schedule.activeWorkOrders(employeeId)) {
                Instant close =
                        wo.expectedClose() != null && wo.expectedClose().isAfter(now) ? wo.expectedClose() : recheck;
                reasons.add("work order " + wo.id() + " active on " + wo.line()
                        + (wo.expectedClose() != null && wo.expectedClose().isAfter(now)
                                ? " until " + wo.expectedClose()
                                : " (close unknown, re-checked at " + recheck + ")"));
                until = until == null || close.isAfter(until) ? close : until;
            }
            return until == null
                    ? Optional.empty()
                    : Optional.of(new DeferralBound.Hold(until, String.join("; ", reasons)));
        } catch (TargetException e) {
            log.warn("scheduling system not readable for {}, holding its revocations: {}", employeeId, e.getMessage());
            return Optional.of(new DeferralBound.Hold(
                    recheck,
                    "scheduling system unavailable (" + e.getMessage() + "); revocation held, re-checked at "
                            + recheck));
        }
    }

    private Deferral open(
            EmployeeId employeeId,
            String target,
            RoleName role,
            Instant now,
            Instant until,
            Instant bound,
            String reason) {
        Deferral d = new Deferral(
                UUID.randomUUID(),
                employeeId,
                target,
                role,
                now,
                until,
                bound,
                reason,
                Deferral.Status.ACTIVE,
                null,
                null);
        jdbc.sql("""
                        INSERT INTO revocation_deferral (id, employee_id, target, role, since, until, bound, reason, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE')""")
                .params(
                        d.id(),
                        employeeId.value(),
                        target,
                        role.value(),
                        Timestamp.from(now),
                        Timestamp.from(until),
                        Timestamp.from(bound),
                        reason)
                .update();
        audit.append(new AuditRecord(
                "system",
                "revocation.deferred",
                "deferral",
                d.id().toString(),
                employeeId.value(),
                null,
                d.view(),
                employeeId + " keeps " + role + " in " + target + " until " + until + ": " + reason,
                null));
        AccessPlanner.insertTimer(jdbc, clock, employeeId, until, "end of deferral " + d.id());
        return d;
    }

    private Deferral extend(Deferral d, Instant until, String reason) {
        jdbc.sql("UPDATE revocation_deferral SET until = ?, reason = ? WHERE id = ?")
                .params(Timestamp.from(until), reason, d.id())
                .update();
        Deferral next = new Deferral(
                d.id(),
                d.employeeId(),
                d.target(),
                d.role(),
                d.since(),
                until,
                d.bound(),
                reason,
                d.status(),
                null,
                null);
        audit.append(new AuditRecord(
                "system",
                "revocation.deferral-extended",
                "deferral",
                d.id().toString(),
                d.employeeId().value(),
                Map.of("until", d.until().toString(), "reason", d.reason()),
                next.view(),
                d.employeeId() + " keeps " + d.role() + " in " + d.target() + " until " + until + ": " + reason,
                null));
        AccessPlanner.insertTimer(jdbc, clock, d.employeeId(), until, "end of deferral " + d.id());
        return next;
    }

    private Deferral end(Deferral d, Deferral.Status status, String why, Instant now) {
        jdbc.sql("UPDATE revocation_deferral SET status = ?, ended_at = ?, end_reason = ? WHERE id = ?")
                .params(status.name(), Timestamp.from(now), why, d.id())
                .update();
        Deferral ended = new Deferral(
                d.id(),
                d.employeeId(),
                d.target(),
                d.role(),
                d.since(),
                d.until(),
                d.bound(),
                d.reason(),
                status,
                now,
                why);
        audit.append(new AuditRecord(
                "system",
                "revocation.deferral-ended",
                "deferral",
                d.id().toString(),
                d.employeeId().value(),
                Map.of("status", d.status().name(), "until", d.until().toString()),
                ended.view(),
                "deferral of the revocation of " + d.role() + " in " + d.target() + " ended: " + why,
                null));
        return ended;
    }

    private Optional<Deferral> lastReleased(EmployeeId employeeId, String target, RoleName role) {
        return jdbc.sql("SELECT * FROM revocation_deferral WHERE employee_id = ? AND target = ? AND role = ? "
                        + "AND status = 'RELEASED' ORDER BY ended_at DESC LIMIT 1")
                .params(employeeId.value(), target, role.value())
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** The active deferrals of the person in the target. */
    List<Deferral> active(EmployeeId employeeId, String target) {
        return jdbc.sql("SELECT * FROM revocation_deferral WHERE employee_id = ? AND target = ? AND status = 'ACTIVE'")
                .params(employeeId.value(), target)
                .query((rs, n) -> row(rs))
                .list();
    }

    /** Every deferral, newest first, optionally only the active ones or one person's. */
    public List<Deferral> list(boolean activeOnly, @Nullable EmployeeId employeeId) {
        return jdbc.sql("SELECT * FROM revocation_deferral WHERE (? = false OR status = 'ACTIVE') "
                        + "AND (?::text IS NULL OR employee_id = ?) ORDER BY since DESC LIMIT 1000")
                .params(
                        activeOnly,
                        employeeId == null ? null : employeeId.value(),
                        employeeId == null ? null : employeeId.value())
                .query((rs, n) -> row(rs))
                .list();
    }

    /** The people with a deferral of the role that began at or before the instant (in force then or not). */
    public List<EmployeeId> deferredSince(RoleName role, Instant at) {
        return jdbc
                .sql("SELECT DISTINCT employee_id FROM revocation_deferral WHERE role = ? AND since <= ?")
                .params(role.value(), Timestamp.from(at))
                .query(String.class)
                .list()
                .stream()
                .map(EmployeeId::of)
                .toList();
    }

    /** The person's deferrals of the role that were in force at the instant. */
    public List<Deferral> inForceAt(EmployeeId employeeId, RoleName role, Instant at) {
        return jdbc
                .sql("SELECT * FROM revocation_deferral WHERE employee_id = ? AND role = ? AND since <= ? "
                        + "ORDER BY since")
                .params(employeeId.value(), role.value(), Timestamp.from(at))
                .query((rs, n) -> row(rs))
                .list()
                .stream()
                .filter(d -> d.inForceAt(at))
                .toList();
    }

    private static Deferral row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Deferral(
                rs.getObject("id", UUID.class),
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("target"),
                RoleName.of(rs.getString("role")),
                rs.getTimestamp("since").toInstant(),
                rs.getTimestamp("until").toInstant(),
                rs.getTimestamp("bound").toInstant(),
                rs.getString("reason"),
                Deferral.Status.valueOf(rs.getString("status")),
                ended == null ? null : ended.toInstant(),
                rs.getString("end_reason"));
    }
}
