package org.qualigate.delivery;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the delivery worker takes and retries work ({@code qualigate.delivery.*}). A transient target failure is
 * retried up to {@code max-attempts}, an unexpected internal error up to {@code max-internal-errors}. A failed
 * item waits {@code backoff-initial}, doubling up to {@code backoff-max}; while the target's circuit breaker is
 * closed (the target answers, though some calls fail) it waits at most {@code backoff-max-healthy}, since the
 * breaker, not the item, is what backs off from a target that is really down. At most
 * {@code max-concurrent-per-target} requests go to one target at a time, each reading or changing up to
 * {@code max-batch-per-request} people.
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
        int maxInternalErrors,
        @Nullable Duration backoffMaxHealthy,
        @Nullable Integer maxConcurrentPerTarget,
        @Nullable Integer maxBatchPerRequest) {

    public DeliverySettings {
        // unset: an unexpected error (a bug, not the target) ends in the dead letters after 10 attempts
        maxInternalErrors = maxInternalErrors <= 0 ? 10 : maxInternalErrors;
        backoffMaxHealthy = backoffMaxHealthy == null ? Duration.ofSeconds(5) : backoffMaxHealthy;
        maxConcurrentPerTarget = maxConcurrentPerTarget == null ? 4 : maxConcurrentPerTarget;
        maxBatchPerRequest = maxBatchPerRequest == null ? 50 : maxBatchPerRequest;
        if (batchSize < 1
                || parallelism < 1
                || maxAttempts < 1
                || maxConcurrentPerTarget < 1
                || maxBatchPerRequest < 1) {
            throw new IllegalArgumentException("qualigate.delivery: batch-size, parallelism, max-attempts, "
                    + "max-concurrent-per-target and max-batch-per-request must be at least 1");
        }
    }

    Duration healthyBackoffCap() {
        return backoffMaxHealthy == null ? Duration.ofSeconds(5) : backoffMaxHealthy;
    }

    int concurrentPerTarget() {
        return maxConcurrentPerTarget == null ? 4 : maxConcurrentPerTarget;
    }

    int batchPerRequest() {
        return maxBatchPerRequest == null ? 50 : maxBatchPerRequest;
    }
}
