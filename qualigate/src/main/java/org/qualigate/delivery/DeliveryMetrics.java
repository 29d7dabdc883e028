package org.qualigate.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Publishes delivery's metrics (Prometheus at {@code /actuator/prometheus}): backlog, open dead letters,
 * attempts by outcome, and the latency from the first request of a change to its recording, as a histogram
 * and as percentiles over the monitoring window (which the health check reads).
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Duration window;
    private final RecentOutcomes outcomes;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    DeliveryMetrics(
            MeterRegistry registry,
            WorkQueue queue,
            JdbcClient jdbc,
            @Value("${qualigate.monitoring.window:PT5M}") Duration window) {
        this.registry = registry;
        this.window = window;
        this.outcomes = new RecentOutcomes(window);
        Gauge.builder("qualigate.delivery.backlog", queue, WorkQueue::backlog)
                .description("work items waiting (person x target)")
                .register(registry);
        Gauge.builder(
                        "qualigate.delivery.dead_letters",
                        jdbc,
                        j -> j.sql("SELECT count(*) FROM dead_letter WHERE replayed_at IS NULL")
                                .query(Long.class)
                                .single())
                .description("failed deliveries waiting for an operator")
                .register(registry);
    }

    /** A work item was brought up to date and recorded, {@code latency} after its change was first asked for. */
    void applied(String target, Duration latency) {
        timer(target).record(latency.isNegative() ? Duration.ZERO : latency);
        attempt(target, "success");
    }

    /** An attempt failed; a permanent failure sends the item to the dead letters. */
    void failed(String target, boolean permanent) {
        attempt(target, permanent ? "permanent" : "transient");
    }

    /**
     * A change met a concurrent change of the same group (412) and will be tried again: counted apart, since it
     * is neither a success nor a failure of the target.
     */
    void conflict(String target) {
        registry.counter("qualigate.delivery.conflicts", "target", target).increment();
    }

    /** The highest 99th percentile of the latency across targets, over about the last window. */
    Duration latencyP99() {
        double worst = 0;
        for (Timer t : latency.values()) {
            for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.99) {
                    worst = Math.max(worst, v.value(TimeUnit.MILLISECONDS));
                }
            }
        }
        return Duration.ofMillis(Math.round(worst));
    }

    RecentOutcomes.Counts recent() {
        return outcomes.counts();
    }

    private void attempt(String target, String outcome) {
        outcomes.record(!outcome.equals("success"));
        registry.counter("qualigate.delivery.attempts", "target", target, "outcome", outcome)
                .increment();
    }

    private Timer timer(String target) {
        return latency.computeIfAbsent(
                target,
                t -> Timer.builder("qualigate.delivery.latency")
                        .description(
                                "from the first request of a change (webhook, timer) to its recording after the target applied it")
                        .tag("target", t)
                        .publishPercentileHistogram()
                        .publishPercentiles(0.5, 0.95, 0.99)
                        .minimumExpectedValue(Duration.ofMillis(5))
                        .maximumExpectedValue(Duration.ofHours(2))
                        .distributionStatisticExpiry(window)
                        .distributionStatisticBufferLength(3)
                        .register(registry));
    }
}
