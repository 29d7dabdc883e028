package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TargetAccount;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.validation.Verifies;

/**
 * One person's delivery that waits (here: the target's answer for them held back) does not hold back anyone else's:
 * the worker's other threads go on taking due work instead of waiting for every item of a batch to finish.
 */
class SlowDeliveryIT extends OwnWorkerIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";

    @Verifies("URS-BCP-540")
    @Test
    void oneSlowDeliveryDoesNotHoldBackTheOthers() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            people.add(certifiedPerson());
        }
        // the first person asked for is the first leased: the MES's answer for them waits until released
        String slow = people.getFirst();
        CountDownLatch release = new CountDownLatch(1);
        // four items out at a time on two threads: before, the next four were leased only once all four were done
        DeliverySettings small = small(settings.lease());
        DeliveryWorker running = workerOn(mesReading(slow, id -> readAfter(release, id)), small);
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

    @Verifies("URS-BCP-540")
    @Test
    void anItemLeasedAgainWhileItsDeliveryHangsWaitsForItInsteadOfRunningTwice() {
        String person = certifiedPerson();
        String other = certifiedPerson();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch releaseOther = new CountDownLatch(1);
        AtomicInteger reading = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        // a lease of 1 s: the person's item is due again while its first delivery hangs; when the other person's
        // delivery ends, the worker leases what is due, the person's item among it
        DeliveryWorker running = workerOn(
                mesReading(java.util.Set.of(person, other), id -> {
                    if (id.value().equals(other)) {
                        return readAfter(releaseOther, id);
                    }
                    mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
                    try {
                        return readAfter(release, id);
                    } finally {
                        reading.decrementAndGet();
                    }
                }),
                small(Duration.ofSeconds(1)));
        running.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> reading.get() == 1);
            long first = leaseTokenOf(person);
            await().atMost(Duration.ofSeconds(120)).until(() -> leaseRanOut(person));
            releaseOther.countDown();
            await().atMost(Duration.ofSeconds(120)).until(() -> leaseTokenOf(person) > first);
            assertThat(mostAtOnce)
                    .as("the second lease waits for the first delivery")
                    .hasValue(1);

            release.countDown();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> mesGroupsOf(person).contains(ROLE));
            await().atMost(Duration.ofSeconds(120)).until(() -> backlogFor(List.of(person, other)) == 0);
            assertThat(mostAtOnce).hasValue(1);
            assertThat(sql.sql("SELECT count(*) FROM audit_event WHERE employee_id = ? AND action IN "
                                    + "('role.found-in-target', 'role.missing-in-target')")
                            .param(person)
                            .query(Long.class)
                            .single())
                    .as("the grant is recorded with its cause, not found in the target")
                    .isZero();
        } finally {
            release.countDown();
            releaseOther.countDown();
            running.stop();
        }
    }

    /** A person whose certifications justify the role. */
    private String certifiedPerson() {
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        hook(certification(person, "WD-CERT-6001").json());
        return person;
    }

    private boolean leaseRanOut(String person) {
        return sql.sql("SELECT count(*) FROM work_item WHERE employee_id = ? AND lease_until < ?")
                        .params(person, java.sql.Timestamp.from(clock.instant()))
                        .query(Long.class)
                        .single()
                > 0;
    }

    private long leaseTokenOf(String person) {
        return sql.sql("SELECT coalesce(max(lease_token), 0) FROM work_item WHERE employee_id = ?")
                .param(person)
                .query(Long.class)
                .single();
    }

    /** The MES's answer for this person, once released. */
    private Optional<TargetAccount> readAfter(CountDownLatch release, EmployeeId id) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return targets.named("mes").orElseThrow().read(id);
    }

    /** Four items out at a time on two threads, polling often. */
    private DeliverySettings small(Duration lease) {
        return new DeliverySettings(
                true,
                4,
                2,
                lease,
                Duration.ofMillis(50),
                settings.backoffInitial(),
                settings.backoffMax(),
                settings.maxAttempts(),
                settings.maxInternalErrors(),
                settings.backoffMaxHealthy(),
                settings.maxConcurrentPerTarget(),
                settings.maxBatchPerRequest());
    }
}
