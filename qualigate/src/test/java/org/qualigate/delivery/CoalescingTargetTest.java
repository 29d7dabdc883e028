package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;

/**
 * Delivery threads share a target through a bounded number of requests; what they ask for while those are
 * out goes together, each thread gets its own answer, and one person's permanent problem stays theirs.
 */
class CoalescingTargetTest {

    private static final RoleName ROLE = RoleName.of("BSL.QA.BATCH_REVIEWER");

    @Verifies("URS-INT-083")
    @Test
    void readsAskedForWhileARequestIsOutGoTogetherAndEachCallerGetsItsOwnAccount() throws Exception {
        Recording mes = new Recording();
        mes.holdFirstCall = new CountDownLatch(1);
        CoalescingTarget shared = new CoalescingTarget(mes, 1, 50);
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            List<Future<Optional<TargetAccount>>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> shared.read(EmployeeId.of("E0"))));
            mes.firstCallStarted.await(10, TimeUnit.SECONDS);
            for (int i = 1; i < 12; i++) {
                String id = "E" + i;
                answers.add(threads.submit(() -> shared.read(EmployeeId.of(id))));
            }
            waitUntilQueued(shared, 11);
            mes.holdFirstCall.countDown();
            for (int i = 0; i < 12; i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS))
                        .hasValueSatisfying(a -> assertThat(a.targetId()).isEqualTo("user-" + a.employeeId()));
            }
        } finally {
            threads.shutdownNow();
        }
        // the first person alone, then the eleven who came while that request was out, in one
        assertThat(mes.reads).containsExactly(1, 11);
        assertThat(mes.mostAtOnce.get()).isEqualTo(1);
    }

    @Verifies("URS-INT-083")
    @Test
    void grantsAndRevokesOfOneRoleGoTogetherAndAnUnavailableTargetFailsEveryCaller() throws Exception {
        Recording mes = new Recording();
        mes.holdFirstCall = new CountDownLatch(1);
        CoalescingTarget shared = new CoalescingTarget(mes, 1, 50);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            done.add(threads.submit(() -> shared.grant(account("E0"), ROLE)));
            mes.firstCallStarted.await(10, TimeUnit.SECONDS);
            for (int i = 1; i < 6; i++) {
                TargetAccount a = account("E" + i);
                boolean grant = i % 2 == 0;
                done.add(threads.submit(() -> {
                    if (grant) {
                        shared.grant(a, ROLE);
                    } else {
                        shared.revoke(a, ROLE);
                    }
                }));
            }
            waitUntilQueued(shared, 5);
            mes.failNext = TargetException.transientFailure("503 service unavailable", null);
            mes.holdFirstCall.countDown();
            done.getFirst().get(10, TimeUnit.SECONDS);
            for (Future<?> f : done.subList(1, done.size())) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TargetException.class)
                        .hasMessageContaining("503");
            }
        } finally {
            threads.shutdownNow();
        }
        // the grants in one request, the revocations in another: each fails for its own callers only
        assertThat(mes.changes).containsExactly("+1 -0", "+2 -0", "+0 -3");
    }

    @Verifies("URS-INT-083")
    @Test
    void aPermanentFailureOfARequestForSeveralIsRepeatedForEachSoOnlyTheCulpritFails() throws Exception {
        Recording mes = new Recording();
        mes.holdFirstCall = new CountDownLatch(1);
        mes.unknown = Set.of("E3");
        CoalescingTarget shared = new CoalescingTarget(mes, 1, 50);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Optional<TargetAccount>>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> shared.read(EmployeeId.of("E0"))));
            mes.firstCallStarted.await(10, TimeUnit.SECONDS);
            for (int i = 1; i < 6; i++) {
                String id = "E" + i;
                answers.add(threads.submit(() -> shared.read(EmployeeId.of(id))));
            }
            waitUntilQueued(shared, 5);
            mes.holdFirstCall.countDown();
            for (int i = 0; i < 6; i++) {
                if (i == 3) {
                    Future<Optional<TargetAccount>> culprit = answers.get(i);
                    assertThatThrownBy(() -> culprit.get(10, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(TargetException.class)
                            .hasMessageContaining("two users for E3");
                } else {
                    assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isPresent();
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(mes.reads).containsExactly(1, 5, 1, 1, 1, 1, 1);
    }

    private static void waitUntilQueued(CoalescingTarget shared, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shared.waiting() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        assertThat(shared.waiting()).isEqualTo(count);
    }

    private static TargetAccount account(String id) {
        return TargetAccount.of(EmployeeId.of(id), "user-" + id, Set.of());
    }

    /** A target that records what it was asked, can hold its first call, and fails as told. */
    private static final class Recording implements AccessTarget {
        final List<Integer> reads = new CopyOnWriteArrayList<>();
        final List<String> changes = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        final AtomicInteger atOnce = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile CountDownLatch holdFirstCall = new CountDownLatch(0);
        volatile TargetException failNext;
        volatile Set<String> unknown = Set.of();

        @Override
        public String name() {
            return "mes";
        }

        @Override
        public boolean manages(RoleName role) {
            return true;
        }

        @Override
        public Optional<TargetAccount> read(EmployeeId employeeId) {
            return readAll(List.of(employeeId)).get(employeeId);
        }

        @Override
        public Map<EmployeeId, Optional<TargetAccount>> readAll(Collection<EmployeeId> ids) {
            enter();
            try {
                reads.add(ids.size());
                Map<EmployeeId, Optional<TargetAccount>> found = new LinkedHashMap<>();
                for (EmployeeId id : ids) {
                    if (unknown.contains(id.value())) {
                        throw TargetException.permanentFailure("two users for " + id, null);
                    }
                    found.put(id, Optional.of(account(id.value())));
                }
                return found;
            } finally {
                atOnce.decrementAndGet();
            }
        }

        @Override
        public void grant(TargetAccount account, RoleName role) {
            changeAll(role, List.of(account), List.of());
        }

        @Override
        public void revoke(TargetAccount account, RoleName role) {
            changeAll(role, List.of(), List.of(account));
        }

        @Override
        public void changeAll(RoleName role, Collection<TargetAccount> granted, Collection<TargetAccount> revoked) {
            enter();
            try {
                changes.add("+" + granted.size() + " -" + revoked.size());
                TargetException failure = failNext;
                if (failure != null && changes.size() > 1) {
                    throw failure;
                }
            } finally {
                atOnce.decrementAndGet();
            }
        }

        private void enter() {
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            if (firstCallStarted.getCount() > 0) {
                firstCallStarted.countDown();
                try {
                    holdFirstCall.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
