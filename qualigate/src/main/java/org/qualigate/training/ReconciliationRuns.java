package org.qualigate.training;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.training.TrainingReconciliation.Item;
import org.qualigate.training.TrainingReconciliation.Kind;
import org.qualigate.training.TrainingReconciliation.Run;
import org.qualigate.training.TrainingReconciliation.Trigger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The reconciliation runs and their discrepancies as stored, each change audited; the caller holds the
 * transaction.
 */
@Component
class ReconciliationRuns {

    /** How old an unfinished run must be to count as interrupted: a run of 100,000 people takes about a minute. */
    static final Duration INTERRUPTED_AFTER = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    ReconciliationRuns(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records the run as started; false when a run of the site already took the slot. */
    boolean claim(UUID id, String site, Trigger trigger, String requestedBy, @Nullable String slot, Instant started) {
        int n = jdbc.sql("""
                        INSERT INTO reconciliation_run (id, site, trigger, requested_by, slot, started_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, slot) DO NOTHING""")
                .params(id, site, trigger.name(), requestedBy, slot, Timestamp.from(started))
                .update();
        if (n == 1) {
            audit.append(new AuditRecord(
                    requestedBy,
                    "reconciliation.started",
                    "reconciliation",
                    id.toString(),
                    null,
                    null,
                    Map.of("site", site, "trigger", trigger.name()),
                    "HRIS vs ledger vs QMS for site " + site,
                    null));
        }
        return n == 1;
    }

    /** Stores the run's discrepancies and counts as finished. */
    void finish(UUID id, String site, String requestedBy, Map<String, Object> counts, List<Item> items) {
        store(id, items);
        jdbc.sql("UPDATE reconciliation_run SET finished_at = ?, counts = ?::jsonb WHERE id = ?")
                .params(Timestamp.from(clock.instant()), TrainingConflicts.JSON.writeValueAsString(counts), id)
                .update();
        audit.append(new AuditRecord(
                requestedBy,
                "reconciliation.completed",
                "reconciliation",
                id.toString(),
                null,
                null,
                counts,
                items.size() + " discrepancies at site " + site,
                null));
    }

    /** Keeps the run as failed, with why. */
    void fail(UUID id, String site, String requestedBy, @Nullable String error) {
        jdbc.sql("UPDATE reconciliation_run SET finished_at = ?, error = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), String.valueOf(error), id)
                .update();
        audit.append(new AuditRecord(
                requestedBy,
                "reconciliation.failed",
                "reconciliation",
                id.toString(),
                null,
                null,
                Map.of("site", site),
                String.valueOf(error),
                null));
    }

    /**
     * Marks the runs a stopped service left unfinished as failed (interrupted), audited, each giving its scheduled
     * slot back; answers how many.
     */
    int closeInterrupted() {
        Instant now = clock.instant();
        record Interrupted(UUID id, String site, @Nullable String slot, String requestedBy) {}
        List<Interrupted> closed = jdbc.sql("""
                        WITH stale AS (
                            SELECT id, slot FROM reconciliation_run
                            WHERE finished_at IS NULL AND started_at < ? FOR UPDATE)
                        UPDATE reconciliation_run r SET finished_at = ?, error = ?, slot = NULL
                        FROM stale WHERE r.id = stale.id
                        RETURNING r.id, r.site, stale.slot, r.requested_by""")
                .params(
                        Timestamp.from(now.minus(INTERRUPTED_AFTER)),
                        Timestamp.from(now),
                        "interrupted: the service stopped during the run")
                .query((rs, n) -> new Interrupted(
                        rs.getObject("id", UUID.class),
                        rs.getString("site"),
                        rs.getString("slot"),
                        rs.getString("requested_by")))
                .list();
        for (Interrupted run : closed) {
            Map<String, Object> what = new LinkedHashMap<>();
            what.put("site", run.site());
            if (run.slot() != null) {
                what.put("slot", run.slot());
            }
            audit.append(new AuditRecord(
                    "system",
                    "reconciliation.failed",
                    "reconciliation",
                    run.id().toString(),
                    null,
                    Map.of("state", "running"),
                    what,
                    "interrupted: the service stopped during the run (requested by " + run.requestedBy() + ")",
                    null));
        }
        return closed.size();
    }

    List<Run> list(@Nullable String site) {
        return jdbc.sql("SELECT * FROM reconciliation_run WHERE (?::text IS NULL OR site = ?) "
                        + "ORDER BY started_at DESC, id LIMIT 200")
                .params(site, site)
                .query((rs, n) -> map(rs))
                .list();
    }

    Optional<Run> find(UUID id) {
        return jdbc.sql("SELECT * FROM reconciliation_run WHERE id = ?")
                .param(id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    List<Item> items(UUID runId) {
        return jdbc.sql("SELECT * FROM reconciliation_item WHERE run_id = ? ORDER BY seq")
                .param(runId)
                .query((rs, n) -> new Item(
                        Kind.valueOf(rs.getString("kind")),
                        rs.getString("employee_id"),
                        rs.getString("record_key"),
                        rs.getString("course_code"),
                        rs.getString("hris_sha256"),
                        rs.getString("ledger_sha256"),
                        rs.getString("qms_sha256"),
                        rs.getString("reason")))
                .list();
    }

    private void store(UUID runId, List<Item> items) {
        List<Object[]> rows = new ArrayList<>(items.size());
        int seq = 0;
        for (Item i : items) {
            rows.add(new Object[] {
                runId,
                seq++,
                i.kind().name(),
                i.employeeId(),
                i.recordKey(),
                i.courseCode(),
                i.hrisSha256(),
                i.ledgerSha256(),
                i.qmsSha256(),
                i.reason()
            });
        }
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Object[]> batch = rows.subList(from, Math.min(from + 1000, rows.size()));
            jdbc.sql("INSERT INTO reconciliation_item (run_id, seq, kind, employee_id, record_key, course_code, "
                            + "hris_sha256, ledger_sha256, qms_sha256, reason) SELECT * FROM unnest(?::uuid[], "
                            + "?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                            + "?::text[])")
                    .params(
                            column(batch, 0, UUID[]::new),
                            column(batch, 1, Integer[]::new),
                            column(batch, 2, String[]::new),
                            column(batch, 3, String[]::new),
                            column(batch, 4, String[]::new),
                            column(batch, 5, String[]::new),
                            column(batch, 6, String[]::new),
                            column(batch, 7, String[]::new),
                            column(batch, 8, String[]::new),
                            column(batch, 9, String[]::new))
                    .update();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] column(List<Object[]> rows, int i, IntFunction<T[]> array) {
        T[] out = array.apply(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out[r] = (T) rows.get(r)[i];
        }
        return out;
    }

    private static Run map(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        String counts = rs.getString("counts");
        @SuppressWarnings("unchecked")
        Map<String, Object> c = counts == null ? null : TrainingConflicts.JSON.readValue(counts, LinkedHashMap.class);
        return new Run(
                rs.getObject("id", UUID.class),
                rs.getString("site"),
                Trigger.valueOf(rs.getString("trigger")),
                rs.getString("requested_by"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                c,
                rs.getString("error"));
    }
}
