package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.access.Deferrals;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.Overrides;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.Persons;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The MES kept honest: a role added and a role removed by hand in the MES are found by the next reconciliation,
 * recorded as drift with what was found, and corrected — the member without a basis removed, the missing one
 * added — each correction audited; in observe mode the same differences are only reported; and someone whose
 * account was created meanwhile gets the role at the reconciliation, without a replay.
 */
class TargetReconciliationIT extends QualigateIT {

    private static final String PACK = "BSL.PACK-3.OPERATOR";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccessTargets targets;

    @Autowired
    PlantDefinition plant;

    @Autowired
    EntitlementProjection projection;

    @Autowired
    Persons persons;

    @Autowired
    Overrides overrides;

    @Autowired
    Deferrals deferrals;

    @Autowired
    DeliveryWaiting waiting;

    @Autowired
    WorkQueue queue;

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate tx;

    @Verifies({"URS-INT-074", "URS-AUD-001"})
    @Test
    void membersAddedAndRemovedByHandAreFoundRecordedAsDriftAndCorrected() {
        String qualified = packer();
        String unqualified = newPerson("BSL");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mesGroupsOf(qualified).contains(PACK));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(qualified, unqualified)) == 0);
        // by hand, in the MES: the qualified packer taken out, someone unqualified put in
        sandbox().scim().removeMember(PACK, qualified);
        sandbox().scim().addMember(PACK, unqualified);

        JsonNode run = json(postAs("admin", "/api/v1/targets/mes/reconciliations", ""));

        assertThat(run.get("mode").asString()).isEqualTo("ENFORCE");
        assertThat(drift(run, unqualified)).isEqualTo("extra " + PACK);
        assertThat(drift(run, qualified)).isEqualTo("missing " + PACK);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mesGroupsOf(qualified).contains(PACK)
                        && !mesGroupsOf(unqualified).contains(PACK));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(qualified, unqualified)) == 0);
        assertThat(assignmentActions(unqualified)).containsExactly("role.found-in-target", "role.revoked");
        assertThat(assignmentActions(qualified))
                .containsExactly("role.granted", "role.missing-in-target", "role.granted");
        JsonNode found = json(get("/api/v1/audit?employeeId=" + unqualified + "&action=role.found-in-target"))
                .get("entries")
                .get(0);
        assertThat(found.get("new").get("foundInTarget").toString()).contains(PACK);
        assertThat(found.get("new").get("recorded").isEmpty()).isTrue();
        // the history says what the MES held, and how: found, then revoked
        assertThat(jdbc.sql("SELECT cause || '/' || end_cause FROM assignment_history WHERE employee_id = ?")
                        .param(unqualified)
                        .query(String.class)
                        .list())
                .containsExactly("found/revoked");

        // A second run finds nothing of it any more.
        JsonNode again = json(postAs("admin", "/api/v1/targets/mes/reconciliations", ""));
        assertThat(drift(again, qualified)).isNull();
        assertThat(drift(again, unqualified)).isNull();
        assertThat(json(get("/api/v1/targets/mes/reconciliations")).get("runs").size())
                .isGreaterThanOrEqualTo(2);
    }

    @Verifies("URS-INT-074")
    @Test
    void inObserveModeTheDifferencesAreReportedButNothingIsCorrected() {
        String unqualified = newPerson("BSL");
        sandbox().scim().addMember(PACK, unqualified);
        long before = sandbox().sideEffects().latestSeq();
        TargetReconciliation observing = new TargetReconciliation(
                targets,
                plant,
                projection,
                persons,
                overrides,
                deferrals,
                waiting,
                queue,
                audit,
                jdbc,
                tx,
                Clock.systemUTC(),
                new TargetReconciliation.Settings(
                        Map.of("mes", TargetReconciliation.Mode.OBSERVE), Duration.ofHours(1)),
                new SimpleMeterRegistry());

        TargetReconciliation.Run run = observing
                .run("mes", TargetReconciliation.Trigger.ON_DEMAND, "user:admin")
                .orElseThrow();

        assertThat(run.corrections()).isZero();
        assertThat(observing.drift(run.id()))
                .anySatisfy(d -> assertThat(d.employeeId() + " " + d.kind() + " " + d.role())
                        .isEqualTo(unqualified + " extra " + PACK));
        assertThat(backlogFor(List.of(unqualified))).isZero();
        assertThat(mesGroupsOf(unqualified)).contains(PACK);
        assertThat(sandbox().sideEffects().since(before).stream()
                        .filter(e -> e.detail().equals(unqualified)))
                .isEmpty();
        // the newest observation of the MES is this run's (its id is the entry's correlation id)
        assertThat(auditEntries("entityType=target&entityId=mes&action=target.drift-observed&limit=1"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("correlationId").asString())
                            .isEqualTo(run.id().toString());
                    assertThat(e.get("reason").asString()).endsWith("observe mode: nothing corrected");
                });
        // leave the MES as the others expect it
        sandbox().scim().removeMember(PACK, unqualified);
    }

    @Verifies({"URS-INT-075", "URS-INT-074"})
    @Test
    void someoneWhoseAccountAppearedMeanwhileGetsTheRoleAtTheNextReconciliation() {
        String p = newPerson("BSL", false);
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
            hook(certification(p, cert).json());
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("SELECT count(*) FROM delivery_waiting WHERE employee_id = ?")
                                .param(p)
                                .query(Long.class)
                                .single()
                        == 1);
        sandbox().scim().createUser(p, p, "Test Operator " + p);

        JsonNode run = json(postAs("admin", "/api/v1/targets/mes/reconciliations", ""));

        assertThat(run.get("waitingForAccount").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains(PACK));
    }

    private String packer() {
        String p = newPerson("BSL");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010")) {
            hook(certification(p, cert).json());
        }
        return p;
    }

    private static String drift(JsonNode run, String employeeId) {
        for (JsonNode d : run.get("drift")) {
            if (d.get("employeeId").asString().equals(employeeId)) {
                return d.get("kind").asString() + " " + d.get("role").asString();
            }
        }
        return null;
    }
}
