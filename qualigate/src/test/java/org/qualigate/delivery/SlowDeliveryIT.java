package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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

/**
 * One person's delivery that waits (here: the target's answer for them held back) does not hold back anyone else's:
 * the worker's other threads go on taking due work instead of waiting for every item of a batch to finish.
 */
class SlowDeliveryIT extends DrivenWorkersIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";

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

    @Verifies("URS-BCP-540")
    @Test
    void oneSlowDeliveryDoesNotHoldBackTheOthers() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String person = newPerson("BSL");
            hook(certification(person, "WD-CERT-1001").json());
            hook(certification(person, "WD-CERT-1002").json());
            hook(certification(person, "WD-CERT-6001").json());
            people.add(person);
        }
        // the first person asked for is the first leased: the MES's answer for them waits until released
        String slow = people.getFirst();
        CountDownLatch release = new CountDownLatch(1);
        // four items out at a time on two threads: before, the next four were leased only once all four were done
        DeliverySettings small = new DeliverySettings(
                true,
                4,
                2,
                settings.lease(),
                Duration.ofMillis(50),
                settings.backoffInitial(),
                settings.backoffMax(),
                settings.maxAttempts(),
                settings.maxInternalErrors(),
                settings.backoffMaxHealthy(),
                settings.maxConcurrentPerTarget(),
                settings.maxBatchPerRequest());
        DeliveryWorker running = new DeliveryWorker(
                queue,
                new AccessTargets(List.of(slowFor(slow, release))),
                planner,
                assignments,
                deadLetters,
                tx,
                clock,
                small,
                metrics,
                CrashPoints.none(),
                parameters,
                waiting);
        running.start();
        try {
            List<String> others = people.subList(1, people.size());
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(others)
                            .allSatisfy(p -> assertThat(mesGroupsOf(p)).contains(ROLE)));
            assertThat(mesGroupsOf(slow)).as("still waiting for the target").doesNotContain(ROLE);

            release.countDown();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> mesGroupsOf(slow).contains(ROLE));
            await().atMost(Duration.ofSeconds(120)).until(() -> backlogFor(people) == 0);
        } finally {
            release.countDown();
            running.stop();
        }
    }

    /** The MES, except that reading this person waits until released. */
    private AccessTarget slowFor(String person, CountDownLatch release) {
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
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
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
