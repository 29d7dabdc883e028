package org.qualigate.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts each target behind its own circuit breaker and rate limit, and records every change of a breaker's
 * state: an audit entry in its own transaction, a log line and a metric. Breakers are per instance.
 */
@Component
public class TargetGuards {

    private static final Logger log = LoggerFactory.getLogger(TargetGuards.class);

    /** How long a call may wait for the rate limit before it is handed back to the queue. */
    private static final Duration LIMIT_WAIT = Duration.ofSeconds(2);

    private final AuditTrail audit;
    private final TransactionTemplate ownTransaction;
    private final MeterRegistry metrics;
    private final Map<String, GuardedTarget> guarded = new ConcurrentHashMap<>();
    private final Map<String, TargetResilience> settings = new ConcurrentHashMap<>();

    private final DeliverySettings delivery;

    public TargetGuards(
            AuditTrail audit,
            PlatformTransactionManager transactions,
            MeterRegistry metrics,
            DeliverySettings delivery) {
        this.delivery = delivery;
        this.audit = audit;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.metrics = metrics;
    }

    /**
     * The target behind a breaker and a rate limit built from its settings, shared by the delivery threads
     * through a bounded number of requests at a time that read and change many people each
     * ({@link CoalescingTarget}).
     */
    public AccessTarget guard(AccessTarget target, TargetResilience resilience) {
        TargetResilience.CircuitBreaker cb = resilience.circuitBreaker();
        CircuitBreaker breaker = breaker(target.name(), cb);
        RateLimiter limiter = limiter(target.name(), resilience.rateLimitPerSecond());
        GuardedTarget guard = new GuardedTarget(target, breaker, limiter, cb.openFor());
        breaker.getEventPublisher().onStateTransition(e -> transitioned(guard, e));
        guarded.put(target.name(), guard);
        settings.put(target.name(), resilience);
        for (CircuitBreaker.State state :
                List.of(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN)) {
            Gauge.builder("qualigate.target.circuit_breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the state the target's circuit breaker is in")
                    .tag("target", target.name())
                    .tag("state", state.name().toLowerCase())
                    .strongReference(true)
                    .register(metrics);
        }
        return new CoalescingTarget(guard, delivery.concurrentPerTarget(), delivery.batchPerRequest());
    }

    /** Whether the target's breaker is closed (true for a target this instance does not guard). */
    boolean healthy(String target) {
        GuardedTarget g = guarded.get(target);
        return g == null || g.healthy();
    }

    static CircuitBreaker breaker(String name, TargetResilience.CircuitBreaker cb) {
        return CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(cb.window())
                        .minimumNumberOfCalls(cb.minimum())
                        .failureRateThreshold(cb.threshold())
                        .waitDurationInOpenState(cb.openFor())
                        .permittedNumberOfCallsInHalfOpenState(cb.trials())
                        // so that OPEN on the health page means "refusing calls now", not "was refusing when last
                        // asked"
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .recordException(TargetGuards::countsAgainstTarget)
                        .build());
    }

    static @Nullable RateLimiter limiter(String name, double perSecond) {
        if (perSecond <= 0) {
            return null;
        }
        // One permit per interval spaces the calls evenly instead of letting a second's worth burst at once.
        long intervalNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
        return RateLimiter.of(
                name,
                RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(intervalNanos))
                        .timeoutDuration(LIMIT_WAIT)
                        .build());
    }

    /** The breaker of each guarded target, as it stands. */
    public List<BreakerView> breakers() {
        List<BreakerView> views = new ArrayList<>();
        guarded.forEach((name, g) -> {
            CircuitBreaker.Metrics m = g.breaker().getMetrics();
            views.add(new BreakerView(
                    name,
                    g.breaker().getState().name(),
                    m.getFailureRate(),
                    m.getNumberOfBufferedCalls(),
                    m.getNumberOfFailedCalls(),
                    m.getNumberOfNotPermittedCalls(),
                    settings.get(name).rateLimitPerSecond()));
        });
        views.sort(java.util.Comparator.comparing(BreakerView::target));
        return views;
    }

    /** Closes the target's breaker and forgets its calls (an operator's reset; the transition is audited). */
    public void reset(String target) {
        GuardedTarget g = guarded.get(target);
        if (g != null) {
            g.breaker().reset();
        }
    }

    private static boolean countsAgainstTarget(Throwable e) {
        return !(e instanceof TargetException te) || (te.isTransient() && !te.isHeldBack() && !te.isConflict());
    }

    private void transitioned(GuardedTarget guard, CircuitBreakerOnStateTransitionEvent event) {
        String from = event.getStateTransition().getFromState().name();
        String to = event.getStateTransition().getToState().name();
        if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
            guard.opened();
        }
        String reason = reason(guard, event);
        if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
            log.warn("circuit breaker of target {}: {} -> {} ({})", guard.name(), from, to, reason);
        } else {
            log.info("circuit breaker of target {}: {} -> {} ({})", guard.name(), from, to, reason);
        }
        metrics.counter(
                        "qualigate.target.circuit_breaker.transitions",
                        "target",
                        guard.name(),
                        "from",
                        from.toLowerCase(),
                        "to",
                        to.toLowerCase())
                .increment();
        audit(guard, from, to, reason);
    }

    /** Why the breaker moved, in words: the failures behind an opening, the trial calls of a half-open breaker. */
    private String reason(GuardedTarget guard, CircuitBreakerOnStateTransitionEvent event) {
        String from = event.getStateTransition().getFromState().name();
        CircuitBreaker.Metrics m = guard.breaker().getMetrics();
        return switch (event.getStateTransition().getToState()) {
            case OPEN ->
                String.format(
                        "%.0f%% of the last %d calls failed (threshold %.0f%%); calls are refused for %s; last failure: %s",
                        m.getFailureRate(),
                        m.getNumberOfBufferedCalls(),
                        guard.breaker().getCircuitBreakerConfig().getFailureRateThreshold(),
                        settings.get(guard.name()).circuitBreaker().openFor(),
                        guard.lastFailure());
            case HALF_OPEN ->
                "the wait in the open state is over: "
                        + guard.breaker().getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState()
                        + " trial call(s) may go through";
            case CLOSED ->
                from.equals("HALF_OPEN")
                        ? "the trial calls succeeded: the target answers again"
                        : "the breaker was reset";
            default ->
                "the breaker moved from " + from + " to "
                        + event.getStateTransition().getToState().name();
        };
    }

    /** The transition on the audit trail, in its own transaction (the call that caused it is not in one). */
    private void audit(GuardedTarget guard, String from, String to, String reason) {
        CircuitBreaker.Metrics m = guard.breaker().getMetrics();
        var oldValue = new LinkedHashMap<String, Object>();
        oldValue.put("state", from);
        var newValue = new LinkedHashMap<String, Object>();
        newValue.put("state", to);
        newValue.put("failureRate", m.getFailureRate());
        newValue.put("bufferedCalls", m.getNumberOfBufferedCalls());
        newValue.put("failedCalls", m.getNumberOfFailedCalls());
        try {
            ownTransaction.executeWithoutResult(s -> audit.append(new AuditRecord(
                    "system",
                    "target.circuit-breaker",
                    "target",
                    guard.name(),
                    null,
                    oldValue,
                    newValue,
                    reason,
                    null)));
        } catch (RuntimeException e) {
            // The call that caused the transition must not fail because the audit trail is unreachable;
            // the database being down shows on the health page and in the log.
            log.error("could not audit the circuit breaker transition of {}: {} -> {}", guard.name(), from, to, e);
        }
    }

    /** A target's circuit breaker as it stands. */
    public record BreakerView(
            String target,
            String state,
            float failureRate,
            int bufferedCalls,
            int failedCalls,
            long notPermittedCalls,
            double rateLimitPerSecond) {}
}
