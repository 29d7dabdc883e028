package org.qualigate.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.TargetReconciliation.Mode;
import org.qualigate.delivery.TargetReconciliation.Run;
import org.qualigate.delivery.TargetReconciliation.Trigger;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The reconciliation runs of the targets and the differences each found, as stored. */
final class ReconciliationRuns {

    private final JdbcClient jdbc;
    private final Clock clock;

    ReconciliationRuns(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A run begins: stored before the target is read, so a run that fails half-way is on the record. */
    void start(UUID id, String target, Mode mode, Trigger trigger, String requestedBy, Instant started) {
        jdbc.sql("INSERT INTO target_reconciliation (id, target, mode, trigger, requested_by, started_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, target, mode.name(), trigger.name(), requestedBy, Timestamp.from(started))
                .update();
    }

    Run finish(Run r) {
        jdbc.sql("""
                        UPDATE target_reconciliation SET finished_at = ?, groups_read = ?, members_read = ?, extra = ?,
                            missing = ?, waiting = ?, corrections = ?, error = ? WHERE id = ?""")
                .params(
                        Timestamp.from(r.finishedAt() == null ? clock.instant() : r.finishedAt()),
                        r.groupsRead(),
                        r.membersRead(),
                        r.extra(),
                        r.missing(),
                        r.waiting(),
                        r.corrections(),
                        r.error(),
                        r.id())
                .update();
        return r;
    }

    /** The latest runs of each target (or one target), newest first. */
    List<Run> recent(@Nullable String target, int limit) {
        return jdbc.sql("SELECT * FROM target_reconciliation WHERE (?::text IS NULL OR target = ?) "
                        + "ORDER BY started_at DESC LIMIT ?")
                .params(target, target, limit)
                .query((rs, n) -> run(rs))
                .list();
    }

    /** The last finished run of the target, if any. */
    Optional<Run> last(String target) {
        return jdbc.sql("SELECT * FROM target_reconciliation WHERE target = ? AND finished_at IS NOT NULL "
                        + "ORDER BY started_at DESC LIMIT 1")
                .param(target)
                .query((rs, n) -> run(rs))
                .optional();
    }

    Optional<Run> find(UUID id) {
        return jdbc.sql("SELECT * FROM target_reconciliation WHERE id = ?")
                .param(id)
                .query((rs, n) -> run(rs))
                .optional();
    }

    /** What a run found. */
    List<TargetReconciliation.Drift> drift(UUID id) {
        return jdbc.sql("SELECT * FROM target_drift WHERE reconciliation_id = ? ORDER BY kind, employee_id, role")
                .param(id)
                .query((rs, n) -> new TargetReconciliation.Drift(
                        rs.getString("employee_id"),
                        rs.getString("role"),
                        rs.getString("kind"),
                        rs.getString("target_account"),
                        rs.getString("detail")))
                .list();
    }

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(
                rs.getObject("id", UUID.class),
                rs.getString("target"),
                Mode.valueOf(rs.getString("mode")),
                Trigger.valueOf(rs.getString("trigger")),
                rs.getString("requested_by"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getInt("groups_read"),
                rs.getInt("members_read"),
                rs.getInt("extra"),
                rs.getInt("missing"),
                rs.getInt("waiting"),
                rs.getInt("corrections"),
                rs.getString("error"));
    }
}
