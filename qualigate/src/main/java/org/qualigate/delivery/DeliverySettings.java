package org.qualigate.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the delivery worker takes and retries work ({@code qualigate.delivery.*}). */
@ConfigurationProperties("qualigate.delivery")
public record DeliverySettings(
        boolean enabled,
        int batchSize,
        int parallelism,
        Duration lease,
        Duration pollInterval,
        Duration backoffInitial,
        Duration backoffMax,
        int maxAttempts) {

    public DeliverySettings {
        if (batchSize < 1 || parallelism < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "qualigate.delivery: batch-size, parallelism and max-attempts must be at least 1");
        }
    }
}
