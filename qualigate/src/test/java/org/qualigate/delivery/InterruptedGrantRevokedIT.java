package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An earlier delivery intended a grant, the MES took it, and the delivery was interrupted before recording it; when the
 * next attempt comes the role is no longer justified. That attempt records the grant with the cause the earlier one
 * wrote down, then revokes the role and records the revocation against the grant as it was just recorded (held since
 * the earlier intent, on its basis), in the transaction that records its own intent, before it calls the MES.
 */
class InterruptedGrantRevokedIT extends DrivenWorkersIT {

    private static final RoleName ROLE = RoleName.of("BSL.QA.BATCH_REVIEWER");

    @Autowired
    DeliveryWorker worker;

    @Autowired
    WorkQueue queue;

    @Autowired
    DeliveryIntents intents;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void nothingElseIsDue() {
        clock.set(START);
        worker.drain();
    }

    @Verifies({"URS-AUD-077", "URS-DI-007"})
    @Test
    void aGrantAnInterruptedDeliveryMadeIsRecordedWithItsCauseThenRevokedAgainstWhatWasRecorded() {
        String p = newPerson("BSL");
        EmployeeId person = EmployeeId.of(p);
        Instant intendedAt = clock.instant().minusSeconds(30).truncatedTo(ChronoUnit.MICROS);
        // what the interrupted delivery wrote before its call, and the call the MES took
        WorkQueue.Lease interrupted = new WorkQueue.Lease(person, "mes", 1, 0, 0, intendedAt);
        String cause = p + " gained " + ROLE + " in mes because of the earlier attempt's basis";
        intents.replace(
                interrupted,
                List.of(new DeliveryIntents.Intent(
                        ROLE,
                        true,
                        intendedAt,
                        1,
                        new AssignmentEntries.Entry(
                                "role.granted",
                                null,
                                Map.of("target", "mes", "role", ROLE.value()),
                                cause,
                                "the earlier attempt's basis",
                                null))));
        sandbox().scim().addMember(ROLE.value(), p);
        tx.executeWithoutResult(s -> queue.request(person, clock.instant()));

        assertThat(worker.drain()).isPositive();

        assertThat(mesGroupsOf(p)).doesNotContain(ROLE.value());
        assertThat(backlogFor(List.of(p))).isZero();
        assertThat(intents.of(interrupted)).isEmpty();
        JsonNode trail = json(get("/api/v1/audit?employeeId=" + p + "&entityType=assignment"))
                .get("entries");
        assertThat(trail.findValuesAsString("action")).containsExactly("role.granted", "role.revoked");
        JsonNode granted = trail.get(0);
        assertThat(granted.get("reason").asString()).startsWith(cause).contains("interrupted");
        assertThat(granted.get("new").get("recordedAfterInterruption").asBoolean())
                .isTrue();
        // the revocation names the grant as recorded a moment before in the same transaction, not a guess
        JsonNode revoked = trail.get(1);
        assertThat(revoked.get("old").get("since").asString()).isEqualTo(intendedAt.toString());
        assertThat(revoked.get("old").get("basis").asString()).isEqualTo("the earlier attempt's basis");
        assertThat(jdbc.sql("SELECT cause || '/' || end_cause FROM assignment_history WHERE employee_id = ?")
                        .param(p)
                        .query(String.class)
                        .list())
                .containsExactly("granted/revoked");
        assertThat(jdbc.sql("SELECT count(*) FROM assignment WHERE employee_id = ?")
                        .param(p)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
