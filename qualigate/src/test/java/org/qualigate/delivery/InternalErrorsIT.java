package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.access.AccessPlanner;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.faults.CrashPoints;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An error in the service's own code while delivering (a bug, not the target) is retried a bounded number of
 * times, then the item is a dead letter with the error as its reason; once the cause is fixed an operator
 * replays it and the role arrives.
 */
class InternalErrorsIT extends DrivenWorkersIT {

    @Autowired
    DeliveryWorker worker;

    @Autowired
    WorkQueue queue;

    @Autowired
    AccessTargets targets;

    @Autowired
    AccessPlanner planner;

    @Autowired
    Assignments assignments;

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DeliverySettings settings;

    @Autowired
    DeliveryMetrics metrics;

    @Autowired
    ApprovedParameters parameters;

    @Autowired
    DeliveryWaiting waiting;

    @BeforeEach
    void nothingElseIsDue() {
        clock.set(START);
        worker.drain();
    }

    @Verifies({"URS-BCP-038", "URS-BCP-003"})
    @Test
    void anInternalErrorEndsInTheDeadLettersAfterTheLimitAndAReplayDeliversOnceFixed() {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());

        DeliveryWorker broken = new DeliveryWorker(
                queue,
                new AccessTargets(List.of(brokenFor(person))),
                planner,
                assignments,
                deadLetters,
                tx,
                clock,
                settings,
                metrics,
                CrashPoints.none(),
                parameters,
                waiting);
        for (int attempt = 1; attempt <= settings.maxInternalErrors(); attempt++) {
            assertThat(broken.drain()).as("attempt " + attempt).isEqualTo(1);
            clock.advance(settings.backoffMax().plusSeconds(1));
        }
        assertThat(broken.drain()).as("nothing left to retry").isZero();
        assertThat(backlogFor(List.of(person))).isZero();

        JsonNode letter = openLetterFor(person);
        assertThat(letter).isNotNull();
        assertThat(letter.get("reason").asString())
                .contains("internal error in " + settings.maxInternalErrors() + " attempts")
                .contains("the adapter broke");
        assertThat(letter.get("attempts").asInt()).isEqualTo(settings.maxInternalErrors());
        assertThat(mesGroupsOf(person)).doesNotContain("BSL.QA.BATCH_REVIEWER");

        var replay = postAs("admin", "/api/v1/dead-letters/" + letter.get("id").asString() + "/replay", "");
        assertThat(replay.statusCode()).isEqualTo(200);
        worker.drain();
        assertThat(mesGroupsOf(person)).contains("BSL.QA.BATCH_REVIEWER");
        assertThat(backlogFor(List.of(person))).isZero();
    }

    private JsonNode openLetterFor(String person) {
        for (JsonNode l : json(get("/api/v1/dead-letters")).get("deadLetters")) {
            if (l.get("employeeId").asString().equals(person)) {
                return l;
            }
        }
        return null;
    }

    /** The MES, except that reading this person fails with an error no adapter should raise. */
    private AccessTarget brokenFor(String person) {
        AccessTarget mes = targets.named("mes").orElseThrow();
        return new AccessTarget() {
            @Override
            public String name() {
                return mes.name();
            }

            @Override
            public boolean manages(RoleName role) {
                return mes.manages(role);
            }

            @Override
            public Optional<TargetAccount> read(EmployeeId employeeId) {
                if (employeeId.value().equals(person)) {
                    throw new IllegalStateException("the adapter broke on " + person);
                }
                return mes.read(employeeId);
            }

            @Override
            public void grant(TargetAccount account, RoleName role) {
                mes.grant(account, role);
            }

            @Override
            public void revoke(TargetAccount account, RoleName role) {
                mes.revoke(account, role);
            }
        };
    }
}
