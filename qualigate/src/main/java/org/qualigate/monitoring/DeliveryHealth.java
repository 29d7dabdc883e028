package org.qualigate.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.delivery.DeliveryOverview;
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
        // keyed by the targets' names, which are configuration
        Map<String, Target> targets = new LinkedHashMap<>();
        c.snapshot().targets().forEach(t -> targets.put(t.name(), Target.of(t)));
        h.withDetail("targets", targets)
                .withDetail("backlog", c.snapshot().backlog())
                .withDetail("deadLetters", c.snapshot().deadLetters())
                .withDetail("latencyP99", c.snapshot().latencyP99().toString())
                .withDetail("errorRate", c.snapshot().errorRate())
                .withDetail("recentAttempts", c.snapshot().recentAttempts())
                .withDetail("recentFailures", c.snapshot().recentFailures());
        c.probe().ifPresent(p -> h.withDetail("probe", Probe.of(p)));
        return h.build();
    }

    /** One target under {@code targets}: its breaker, failure rate, backlog, due items, oldest waiting change and dead letters. */
    record Target(
            String circuitBreaker,
            float failureRatePercent,
            long backlog,
            long due,
            String oldestWaiting,
            long deadLetters) {

        static Target of(DeliveryOverview.TargetState t) {
            return new Target(
                    t.breaker(),
                    t.failureRate(),
                    t.backlog(),
                    t.due(),
                    t.oldestWaiting().map(Object::toString).orElse("none"),
                    t.deadLetters());
        }
    }

    /** The last synthetic probe under {@code probe}: when, whether it succeeded, how long it took, and what it saw. */
    record Probe(String at, boolean succeeded, String latency, String detail) {

        static Probe of(SyntheticProbe.Result p) {
            return new Probe(p.at().toString(), p.succeeded(), p.latency().toString(), p.detail());
        }
    }
}
