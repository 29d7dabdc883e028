package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The MES's circuit breaker: it opens when the MES keeps failing, holds calls back while open, lets trial
 * calls through after its wait and closes when they succeed; every transition is in the audit trail, and no
 * change is lost or applied twice.
 */
class CircuitBreakerIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TargetGuards guards;

    @AfterEach
    void heal() {
        sandbox().faults().clear();
        guards.reset("mes");
    }

    @Verifies({"URS-BCP-002", "URS-BCP-001"})
    @Test
    void opensWhenTheMesKeepsFailingHoldsCallsBackThenClosesWhenItHealsAndLosesNothing() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            people.add(newPerson("BSL"));
        }
        long auditBefore = lastAuditSeq();
        long effectsBefore = sandbox().sideEffects().all().stream()
                .mapToLong(SideEffect::seq)
                .max()
                .orElse(0);
        sandbox().faults().inject(Fault.error("scim", "*", 503, Fault.UNTIL_CLEARED));

        for (String p : people) {
            hook(certification(p, "WD-CERT-1001").json());
            hook(certification(p, "WD-CERT-1002").json());
            hook(certification(p, "WD-CERT-6001").json());
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> transitions(auditBefore).contains("CLOSED->OPEN"));
        // while open, calls are held back on this side and are not attempts: nothing is dead-lettered
        await().atMost(Duration.ofSeconds(60)).until(() -> mes().notPermittedCalls() > 0);
        assertThat(deadLettersFor(people)).isZero();
        assertThat(people).allSatisfy(p -> assertThat(mesGroupsOf(p)).doesNotContain("BSL.QA.BATCH_REVIEWER"));

        sandbox().faults().clear();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> people.stream().allMatch(p -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER")));
        await().atMost(Duration.ofSeconds(60)).until(() -> mes().state().equals("CLOSED"));
        assertThat(transitions(auditBefore)).contains("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(people) == 0);

        List<SideEffect> adds = sandbox().sideEffects().since(effectsBefore).stream()
                .filter(e -> e.operation().equals("group.member.add"))
                .filter(e -> people.contains(e.detail()))
                .toList();
        assertThat(adds).extracting(SideEffect::detail).containsExactlyInAnyOrderElementsOf(people);
        sealAuditTrail();
        String reason = jdbc.sql("SELECT reason FROM audit_event WHERE action = 'target.circuit-breaker' "
                        + "AND entity_type = 'target' AND entity_id = 'mes' AND seq > ? "
                        + "AND new_value->>'state' = 'OPEN' ORDER BY seq LIMIT 1")
                .param(auditBefore)
                .query(String.class)
                .single();
        assertThat(reason).contains("of the last 20 calls failed").contains("503");
    }

    private TargetGuards.BreakerView mes() {
        return guards.breakers().stream()
                .filter(b -> b.target().equals("mes"))
                .findFirst()
                .orElseThrow();
    }

    private List<String> transitions(long after) {
        sealAuditTrail();
        return jdbc.sql("SELECT (old_value->>'state') || '->' || (new_value->>'state') FROM audit_event "
                        + "WHERE action = 'target.circuit-breaker' AND entity_id = 'mes' AND seq > ? ORDER BY seq")
                .param(after)
                .query(String.class)
                .list();
    }

    private long lastAuditSeq() {
        sealAuditTrail();
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_event")
                .query(Long.class)
                .single();
    }

    private long deadLettersFor(List<String> people) {
        return jdbc.sql("SELECT count(*) FROM dead_letter WHERE employee_id IN (:ids)")
                .param("ids", people)
                .query(Long.class)
                .single();
    }
}
