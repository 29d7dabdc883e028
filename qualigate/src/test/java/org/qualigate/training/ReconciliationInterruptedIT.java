package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A reconciliation the service was stopped in the middle of is closed as interrupted, audited, and its slot freed. */
class ReconciliationInterruptedIT extends QualigateIT {

    @Autowired
    TrainingReconciliation reconciliation;

    @Autowired
    JdbcTemplate jdbc;

    @Verifies("URS-AUD-001")
    @Test
    void aRunLeftUnfinishedByAStoppedServiceIsClosedAsInterruptedAndItsSlotRunsAgain() {
        UUID stale = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        String slot = "interrupted-" + stale;
        jdbc.update(
                "INSERT INTO reconciliation_run (id, site, trigger, requested_by, slot, started_at)"
                        + " VALUES (?, 'BSL', 'SCHEDULED', 'system:reconciliation', ?, ?)",
                stale,
                slot,
                Timestamp.from(clock.instant().minus(Duration.ofHours(2))));
        jdbc.update(
                "INSERT INTO reconciliation_run (id, site, trigger, requested_by, started_at)"
                        + " VALUES (?, 'BSL', 'ON_DEMAND', 'user:qa-approver', ?)",
                recent,
                Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))));

        assertThat(reconciliation.closeInterrupted()).isGreaterThanOrEqualTo(1);

        assertThat(reconciliation.find(stale)).hasValueSatisfying(run -> {
            assertThat(run.finishedAt()).isNotNull();
            assertThat(run.error()).startsWith("interrupted");
        });
        assertThat(reconciliation.find(recent))
                .hasValueSatisfying(run -> assertThat(run.finishedAt())
                        .as("a run started a minute ago may still be running on another instance")
                        .isNull());
        assertThat(auditEntries("entityType=reconciliation&entityId=" + stale + "&action=reconciliation.failed"))
                .hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reconciliation_run WHERE slot = ?", Long.class, slot))
                .as("the slot is free to run again")
                .isZero();
        jdbc.update("UPDATE reconciliation_run SET finished_at = now(), error = 'test' WHERE id = ?", recent);
    }
}
