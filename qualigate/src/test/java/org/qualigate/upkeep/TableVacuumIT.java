package org.qualigate.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A busy queue table is vacuumed by the service once enough rows were left dead, and not before. */
class TableVacuumIT extends QualigateIT {

    @Autowired
    JdbcTemplate plain;

    @Verifies("URS-BCP-541")
    @Test
    void theWorkQueueIsVacuumedOnceEnoughRowsWereLeftDeadAndNotBefore() {
        TableVacuum vacuum = new TableVacuum(plain, "work_item", 100, Duration.ZERO);
        long before = vacuums();

        vacuum.changed(99);
        assertThat(vacuum.whenDue()).as("99 of 100 rows").isFalse();
        assertThat(vacuums()).isEqualTo(before);

        vacuum.changed(1);
        assertThat(vacuum.whenDue())
                .as("the service's role may vacuum the queue (V64)")
                .isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> vacuums() == before + 1);

        assertThat(vacuum.whenDue()).as("counted again from zero").isFalse();
        assertThat(vacuums()).isEqualTo(before + 1);
    }

    /** Vacuums of the table other than autovacuum's, as the server counts them. */
    private long vacuums() {
        return plain.queryForObject(
                "SELECT vacuum_count FROM pg_stat_all_tables WHERE relid = 'work_item'::regclass", Long.class);
    }
}
