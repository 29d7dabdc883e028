package org.qualigate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A queue is described by its owner; the one claim statement is built from that description alone. */
class QueueTableTest {

    @Test
    void theClaimTakesDueUnleasedRowsWithSkipLockedAndLeasesThem() {
        QueueTable table = QueueTable.of("work_item", "employee_id", "target");
        String sql = new LeasedQueue(JdbcClient.create(new JdbcTemplate()), Clock.systemUTC(), table)
                .claimSql("employee_id");
        assertThat(sql)
                .isEqualTo("UPDATE work_item SET lease_token = gen_random_uuid(), lease_until = :until "
                        + "WHERE (employee_id, target) IN (SELECT employee_id, target FROM work_item "
                        + "WHERE due_at <= :now AND (lease_until IS NULL OR lease_until < :now) "
                        + "ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING employee_id");
    }

    @Test
    void aQueueWithoutADueColumnTakesInItsOwnOrder() {
        QueueTable table = QueueTable.of("background_job", "id")
                .dueFrom(null)
                .orderedBy("requested_at, id")
                .claimableWhen("state = 'QUEUED'");
        String sql = new LeasedQueue(JdbcClient.create(new JdbcTemplate()), Clock.systemUTC(), table).claimSql("id");
        assertThat(sql).contains("WHERE state = 'QUEUED' ORDER BY requested_at, id LIMIT :limit");
    }

    @Test
    void aTableOrKeyIsNamedByIdentifiersOnly() {
        assertThatIllegalArgumentException().isThrownBy(() -> QueueTable.of("work_item; DROP TABLE x", "id"));
        assertThatIllegalArgumentException().isThrownBy(() -> QueueTable.of("work_item"));
        assertThatIllegalArgumentException().isThrownBy(() -> QueueTable.of("work_item", "id = id"));
    }
}
