package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;

class GuardedTargetTest {

    private static final EmployeeId PERSON = EmployeeId.of("E10023");
    private static final TargetResilience.CircuitBreaker TIGHT =
            new TargetResilience.CircuitBreaker(50f, 4, 4, Duration.ofSeconds(30), 1);

    @Verifies("URS-BCP-002")
    @Test
    void permanentFailuresAreAnswersAndDoNotOpenTheBreaker() {
        var mes = new FakeTarget(() -> TargetException.permanentFailure("403 forbidden role", null));
        GuardedTarget guarded = guard(mes, TIGHT, 0);

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guarded.read(PERSON))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isHeldBack()).isFalse());
        }

        assertThat(guarded.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guarded.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(mes.calls.get()).isEqualTo(10);
    }

    @Verifies("URS-BCP-002")
    @Test
    void transientFailuresOpenTheBreakerWhichThenHoldsCallsBackWithoutReachingTheTarget() {
        var mes = new FakeTarget(() -> TargetException.transientFailure("503 service unavailable", null));
        GuardedTarget guarded = guard(mes, TIGHT, 0);

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guarded.read(PERSON)).isInstanceOf(TargetException.class);
        }
        assertThat(guarded.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> guarded.read(PERSON)).isInstanceOfSatisfying(TargetException.class, e -> {
            assertThat(e.isHeldBack()).isTrue();
            assertThat(e.isTransient()).isTrue();
            // retried when the breaker may let a trial call through, not at the next backoff step
            assertThat(e.retryAfter())
                    .hasValueSatisfying(
                            wait -> assertThat(wait).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(37)));
        });
        assertThat(mes.calls.get()).isEqualTo(4);
    }

    @Test
    void theRateLimitSpacesCallsEvenly() {
        var mes = new FakeTarget(null);
        GuardedTarget guarded = guard(mes, TargetResilience.CircuitBreaker.DEFAULTS, 20);

        long start = System.nanoTime();
        for (int i = 0; i < 21; i++) {
            guarded.read(PERSON);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // 20 calls per second: the 21st call comes about a second after the first
        assertThat(took).isGreaterThan(Duration.ofMillis(850));
        assertThat(mes.calls.get()).isEqualTo(21);
    }

    private static GuardedTarget guard(AccessTarget target, TargetResilience.CircuitBreaker cb, double perSecond) {
        return new GuardedTarget(
                target,
                TargetGuards.breaker(target.name(), cb),
                TargetGuards.limiter(target.name(), perSecond),
                cb.openFor());
    }

    /** A target that answers every read with an account, or with the given failure. */
    private static final class FakeTarget implements AccessTarget {

        private final java.util.function.Supplier<TargetException> failure;
        final AtomicInteger calls = new AtomicInteger();

        FakeTarget(java.util.function.Supplier<TargetException> failure) {
            this.failure = failure;
        }

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
            calls.incrementAndGet();
            if (failure != null) {
                throw failure.get();
            }
            return Optional.of(TargetAccount.of(employeeId, "u-1", java.util.Set.of()));
        }

        @Override
        public void grant(TargetAccount account, RoleName role) {}

        @Override
        public void revoke(TargetAccount account, RoleName role) {}
    }
}
