package org.qualigate.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Publishes the delivery backlog and the open dead letters (Prometheus at {@code /actuator/prometheus}). */
@Component
class DeliveryMetrics {

    DeliveryMetrics(MeterRegistry registry, WorkQueue queue, JdbcClient jdbc) {
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
}
