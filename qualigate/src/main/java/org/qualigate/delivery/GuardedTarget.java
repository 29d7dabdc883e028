package org.qualigate.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * An access target behind its circuit breaker and rate limit. A call the breaker or the limit holds back
 * fails at once with {@link TargetException#heldBack} and the wait after which trying again makes sense.
 * Only transient failures count against the breaker: a permanent one (unknown user, forbidden) is an
 * answer, and says the target is up, and a conflict (412: the group changed meanwhile) says nothing about its health.
 */
final class GuardedTarget implements AccessTarget {

    private final AccessTarget target;
    private final CircuitBreaker breaker;
    private final @Nullable RateLimiter limiter;
    private final Duration waitInOpen;
    private volatile long openedAtNanos = System.nanoTime();
    private volatile @Nullable String lastFailure;

    GuardedTarget(AccessTarget target, CircuitBreaker breaker, @Nullable RateLimiter limiter, Duration waitInOpen) {
        this.target = target;
        this.breaker = breaker;
        this.limiter = limiter;
        this.waitInOpen = waitInOpen;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public boolean manages(RoleName role) {
        return target.manages(role);
    }

    @Override
    public Optional<TargetAccount> read(EmployeeId employeeId) {
        return call(() -> target.read(employeeId));
    }

    @Override
    public void grant(TargetAccount account, RoleName role) {
        call(() -> {
            target.grant(account, role);
            return null;
        });
    }

    @Override
    public void revoke(TargetAccount account, RoleName role) {
        call(() -> {
            target.revoke(account, role);
            return null;
        });
    }

    @Override
    public Map<EmployeeId, Optional<TargetAccount>> readAll(Collection<EmployeeId> employeeIds) {
        return call(() -> target.readAll(employeeIds));
    }

    @Override
    public void changeAll(RoleName role, Collection<TargetAccount> granted, Collection<TargetAccount> revoked) {
        call(() -> {
            target.changeAll(role, granted, revoked);
            return null;
        });
    }

    /** Whether the breaker lets calls through normally (closed): the target is up, even if some calls fail. */
    boolean healthy() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    @Override
    public List<Member> members(RoleName role) {
        return call(() -> target.members(role));
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    @Nullable
    RateLimiter limiter() {
        return limiter;
    }

    /** The last transient failure the breaker counted, for the reason of a transition. */
    @Nullable
    String lastFailure() {
        return lastFailure;
    }

    void opened() {
        openedAtNanos = System.nanoTime();
    }

    private <T> T call(Supplier<T> action) {
        if (!breaker.tryAcquirePermission()) {
            throw TargetException.heldBack(
                    name() + ": circuit breaker is " + breaker.getState() + ", call not made", untilTrial());
        }
        if (limiter != null && !limiter.acquirePermission()) {
            breaker.releasePermission();
            throw TargetException.heldBack(
                    name() + ": rate limit of " + limiter.getRateLimiterConfig().getLimitForPeriod() + " call(s) per "
                            + limiter.getRateLimiterConfig().getLimitRefreshPeriod() + " reached, call not made",
                    jittered(Duration.ofSeconds(1)));
        }
        long start = System.nanoTime();
        try {
            T result = action.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (TargetException e) {
            if (e.isTransient() && !e.isConflict()) {
                lastFailure = e.getMessage();
            }
            // The breaker's record predicate counts only transient failures; a permanent one counts as an answer.
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        } catch (RuntimeException e) {
            lastFailure = e.toString();
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    /** How long until the breaker lets a trial call through, spread a little so retries do not stampede. */
    private Duration untilTrial() {
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            Duration left = waitInOpen.minusNanos(System.nanoTime() - openedAtNanos);
            return jittered(left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left);
        }
        // Half-open with every trial permit taken: the trials end within a call or two.
        return jittered(Duration.ofMillis(500));
    }

    private static Duration jittered(Duration wait) {
        long ms = wait.toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 5 + 1));
    }
}
