package org.qualigate.delivery;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.qualigate.access.AccessPlanner;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.faults.CrashPoints;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.support.DrivenWorkersIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the tests that deliver with a worker of their own over a target that behaves differently for one person
 * (the MES otherwise): the service's worker does not start, and the queue is emptied before each test.
 */
abstract class OwnWorkerIT extends DrivenWorkersIT {

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

    @Autowired
    JdbcClient sql;

    @BeforeEach
    void nothingElseIsDue() {
        clock.set(START);
        worker.drain();
    }

    /** A worker of the test's own on this one target, with these settings. */
    DeliveryWorker workerOn(AccessTarget target, DeliverySettings with) {
        return new DeliveryWorker(
                queue,
                new AccessTargets(List.of(target)),
                planner,
                assignments,
                deadLetters,
                tx,
                clock,
                with,
                metrics,
                CrashPoints.none(),
                parameters,
                waiting);
    }

    /** The MES, except that reading {@code person} is answered by {@code read}. */
    AccessTarget mesReading(String person, Function<EmployeeId, Optional<TargetAccount>> read) {
        return mesReading(java.util.Set.of(person), read);
    }

    /** The MES, except that reading these people is answered by {@code read}. */
    AccessTarget mesReading(java.util.Set<String> people, Function<EmployeeId, Optional<TargetAccount>> read) {
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
                return people.contains(employeeId.value()) ? read.apply(employeeId) : mes.read(employeeId);
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
