package org.qualigate.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code delivery} component of {@code /actuator/health}: UP or DEGRADED (answered with HTTP 200, so the
 * instance stays in service and keeps accepting events) with per-target breaker, backlog, due items, oldest
 * waiting change and dead letters, the recent error rate and latency, and the last probe.
 */
@Component("deliveryHealthIndicator")
class DeliveryHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "delivery works but is slow, failing or refused by a target");

    private final DeliveryMonitor monitor;

    DeliveryHealth(DeliveryMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Health health() {
        return of(monitor.assess());
    }

    /** The health of delivery in that condition, with its details. */
    static Health of(DeliveryCondition c) {
        Health.Builder h = c.status() == DeliveryCondition.Status.UP ? Health.up() : Health.status(DEGRADED);
        if (!c.reasons().isEmpty()) {
            h.withDetail("reasons", c.reasons());
        }
        Map<String, Object> targets = new LinkedHashMap<>();
        c.snapshot().targets().forEach(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("circuitBreaker", t.breaker());
            m.put("failureRatePercent", t.failureRate());
            m.put("backlog", t.backlog());
            m.put("due", t.due());
            m.put("oldestWaiting", t.oldestWaiting().map(Object::toString).orElse("none"));
            m.put("deadLetters", t.deadLetters());
            targets.put(t.name(), m);
        });
        h.withDetail("targets", targets)
                .withDetail("backlog", c.snapshot().backlog())
                .withDetail("deadLetters", c.snapshot().deadLetters())
                .withDetail("latencyP99", c.snapshot().latencyP99().toString())
                .withDetail("errorRate", c.snapshot().errorRate())
                .withDetail("recentAttempts", c.snapshot().recentAttempts())
                .withDetail("recentFailures", c.snapshot().recentFailures());
        c.probe().ifPresent(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", p.at().toString());
            m.put("succeeded", p.succeeded());
            m.put("latency", p.latency().toString());
            m.put("detail", p.detail());
            h.withDetail("probe", m);
        });
        return h.build();
    }
}
