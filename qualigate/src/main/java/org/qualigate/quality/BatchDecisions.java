package org.qualigate.quality;

import java.util.List;
import org.qualigate.connector.NonconformanceRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one desired state of a batch, decided from everything that may hold it: the NCs that name it and the recalls
 * whose plan names it ({@link BatchHolds#decide(Lot, List, List)}). Every path that decides a batch — an NC
 * received, a recall received or planned, the ERP worker — asks here, so there is one blocking path.
 */
@Component
class BatchDecisions {

    private final JdbcClient jdbc;

    BatchDecisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    HoldDecision decide(Lot lot) {
        List<NonconformanceRecord> ncs = jdbc.sql(Nonconformances.SELECT + " WHERE material = ? AND batch = ?")
                .params(lot.material(), lot.batch())
                .query(Nonconformances::record)
                .list();
        List<RecallHold> recalls = jdbc.sql("SELECT " + Recalls.COLUMNS + ", b.found_unrestricted, b.left_range_at"
                        + " FROM quality_recall_batch b JOIN quality_recall r ON r.record_id = b.record_id"
                        + " WHERE b.material = ? AND b.batch = ?")
                .params(lot.material(), lot.batch())
                .query((rs, n) -> {
                    RecallRecord recall = Recalls.record(rs, n);
                    java.sql.Timestamp left = rs.getTimestamp(17);
                    RecallHold.Stage stage = RecallHold.stageOf(recall, left != null);
                    return new RecallHold(
                            recall.name(),
                            recall.scope(),
                            stage,
                            stage == RecallHold.Stage.LEFT_RANGE
                                    ? left.toInstant()
                                    : recall.closedAt() == null ? recall.version() : recall.closedAt(),
                            rs.getBoolean(16));
                })
                .list();
        return BatchHolds.decide(lot, ncs, recalls);
    }
}
