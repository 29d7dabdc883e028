package org.qualigate.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Recalls as the API and the pages show them: each with its plan's steps, done, waiting or failed, and why. */
@Component
public class RecallView {

    /** A recall, the saga's progress and its steps. */
    public record Recall(RecallRecord recall, RecallStep.Progress progress, List<RecallStep> steps) {

        public long count(RecallStep.State state) {
            return steps.stream().filter(s -> s.state() == state).count();
        }

        public long done() {
            return count(RecallStep.State.DONE);
        }

        public long waiting() {
            return count(RecallStep.State.WAITING);
        }

        public long failed() {
            return count(RecallStep.State.FAILED);
        }
    }

    private final JdbcClient jdbc;
    private final Recalls recalls;
    private final BatchWork batches;
    private final BatchDecisions decisions;

    RecallView(JdbcClient jdbc, Recalls recalls, BatchWork batches, BatchDecisions decisions) {
        this.jdbc = jdbc;
        this.recalls = recalls;
        this.batches = batches;
        this.decisions = decisions;
    }

    /** The recall by record id or name. */
    public Optional<Recall> find(String idOrName) {
        return recalls.find(idOrName, false).map(this::view);
    }

    /** The recalls, newest first. */
    public List<Recall> list(int limit) {
        List<String> ids = jdbc.sql(
                        "SELECT record_id FROM quality_recall ORDER BY coalesce(opened_at, version) DESC, name DESC LIMIT ?")
                .param(limit)
                .query(String.class)
                .list();
        List<Recall> list = new ArrayList<>();
        for (String id : ids) {
            recalls.find(id, false).map(this::view).ifPresent(list::add);
        }
        return list;
    }

    private Recall view(RecallRecord recall) {
        RecallStep.Progress progress = jdbc.sql("SELECT planned_at, planned_scope, report_id, report_status,"
                        + " due_at, attempts, last_error FROM quality_recall WHERE record_id = ?")
                .param(recall.recordId())
                .query((rs, n) -> new RecallStep.Progress(
                        instant(rs.getTimestamp(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs.getTimestamp(5)),
                        rs.getInt(6),
                        rs.getString(7)))
                .single();
        // the batches its range covers first, then those a changed range left, each in batch order
        List<RecallStep.PlannedBatch> planned = jdbc.sql("SELECT material, plant, batch, found_unrestricted,"
                        + " left_range_at IS NULL FROM quality_recall_batch WHERE record_id = ?"
                        + " ORDER BY left_range_at IS NOT NULL, length(batch), batch")
                .param(recall.recordId())
                .query((rs, n) -> {
                    Lot lot = new Lot(rs.getString(1), rs.getString(2), rs.getString(3));
                    return new RecallStep.PlannedBatch(
                            lot,
                            rs.getBoolean(4),
                            rs.getBoolean(5),
                            batches.find(lot.material(), lot.batch()).orElse(null),
                            decisions.decide(lot));
                })
                .list();
        return new Recall(recall, progress, RecallStep.of(recall, progress, planned));
    }

    private static @Nullable Instant instant(java.sql.@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
