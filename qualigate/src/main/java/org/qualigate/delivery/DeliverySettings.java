package org.qualigate.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the delivery worker takes and retries work ({@code qualigate.delivery.*}): a transient target failure is
 * retried up to {@code max-attempts}, an unexpected internal error up to {@code max-internal-errors}.
 */
@ConfigurationProperties("qualigate.delivery")
public record DeliverySettings(
        boolean enabled,
        int batchSize,
        int parallelism,
        Duration lease,
        Duration pollInterval,
        Duration backoffInitial,
        Duration backoffMax,
        int maxAttempts,
        int maxInternalErrors) {

    public DeliverySettings {
        // unset: an unexpected error (a bug, not the target) ends in the dead letters after 10 attempts
        maxInternalErrors = maxInternalErrors <= 0 ? 10 : maxInternalErrors;
        if (batchSize < 1 || parallelism < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "qualigate.delivery: batch-size, parallelism and max-attempts must be at least 1");
        }
    }
}
