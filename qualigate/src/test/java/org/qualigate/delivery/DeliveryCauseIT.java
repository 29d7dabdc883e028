package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.Fault;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What a delivery records when it is interrupted, and when it cannot give a role at all: a change the MES made
 * before the answer was lost is audited with the qualification that caused it, never as something found in the
 * target; a person without an MES account, or with an inactive one, waits for it instead of failing, and gets the
 * role once the account exists or is active, at the next directory sync, without anyone replaying anything.
 */
class DeliveryCauseIT extends QualigateIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-AUD-077", "URS-DI-007"})
    @Test
    void aGrantTheMesMadeBeforeItsAnswerWasLostIsAuditedWithItsCauseNotAsFoundInTheTarget() {
        String p = newPerson("BSL");
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(p)) == 0);
        // The MES commits the next membership change and then never answers; the service gives up waiting.
        sandbox()
                .faults()
                .inject(Fault.commitThenTimeout("scim", "PATCH /Groups", 1).withDelay(Duration.ofSeconds(12)));

        hook(certification(p, "WD-CERT-6001").json());

        await().atMost(Duration.ofSeconds(40)).until(() -> mesGroupsOf(p).contains(ROLE));
        await().atMost(Duration.ofSeconds(40)).until(() -> backlogFor(List.of(p)) == 0);
        JsonNode trail = json(get("/api/v1/audit?employeeId=" + p + "&entityType=assignment"))
                .get("entries");
        assertThat(trail.findValuesAsString("action")).containsExactly("role.granted");
        JsonNode grant = trail.get(0);
        assertThat(grant.get("reason").asString())
                .contains(p + " gained " + ROLE)
                .contains("BATCH-REVIEW")
                .contains("interrupted");
        assertThat(grant.get("new").get("recordedAfterInterruption").asBoolean())
                .isTrue();
        assertThat(grant.get("new").get("basis").findValuesAsString("code"))
                .contains("GMP-BASIC", "GDP-DOC", "BATCH-REVIEW");
        // what the MES held is in its history with the same cause
        assertThat(jdbc.sql("SELECT cause FROM assignment_history WHERE employee_id = ? AND role = ?")
                        .params(p, ROLE)
                        .query(String.class)
                        .list())
                .containsExactly("granted");
    }

    @Verifies({"URS-INT-075", "URS-BCP-003"})
    @Test
    void aPersonWithoutAnMesAccountWaitsAndGetsTheRoleOnceTheAccountExistsAtTheNextDirectorySync() {
        String p = newPerson("BSL", false);
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        hook(certification(p, "WD-CERT-6001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> waitingReason(p) != null);
        assertThat(waitingReason(p)).isEqualTo("no-account");
        assertThat(backlogFor(List.of(p))).isZero();
        assertThat(json(get("/api/v1/dead-letters")).toString()).doesNotContain(p);
        assertThat(json(get("/api/v1/audit?employeeId=" + p + "&action=delivery.waiting"))
                        .get("entries")
                        .get(0)
                        .get("reason")
                        .asString())
                .contains("has no account for " + p)
                .contains(ROLE);

        sandbox().scim().createUser(p, p, "Test Operator " + p);
        directory.run();

        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains(ROLE));
        await().atMost(Duration.ofSeconds(60)).until(() -> waitingReason(p) == null);
    }

    @Verifies("URS-INT-075")
    @Test
    void aRoleIsNeverGivenToAnInactiveAccountAndIsGivenOnceItIsActiveAgain() {
        String p = newPerson("BSL");
        sandbox().scim().setActive(p, false);
        long before = sandbox().sideEffects().latestSeq();
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        hook(certification(p, "WD-CERT-6001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> "inactive-account".equals(waitingReason(p)));
        assertThat(sandbox().sideEffects().since(before).stream()
                        .filter(e -> e.operation().equals("group.member.add")
                                && e.detail().equals(p)))
                .isEmpty();
        assertThat(mesGroupsOf(p)).isEmpty();

        sandbox().scim().setActive(p, true);
        directory.run();

        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains(ROLE));
        await().atMost(Duration.ofSeconds(60)).until(() -> waitingReason(p) == null);
    }

    private String waitingReason(String employeeId) {
        return jdbc.sql("SELECT reason FROM delivery_waiting WHERE employee_id = ?")
                .param(employeeId)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
