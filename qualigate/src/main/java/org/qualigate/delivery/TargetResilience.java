package org.qualigate.delivery;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a target is protected: its circuit breaker ({@code qualigate.targets.<name>.circuit-breaker.*}) and
 * the most calls per second this instance makes to it ({@code rate-limit-per-second}, 0 for none).
 */
public record TargetResilience(CircuitBreaker circuitBreaker, double rateLimitPerSecond) {

    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 200;

    public TargetResilience {
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("rate-limit-per-second must not be negative: " + rateLimitPerSecond);
        }
    }

    public static TargetResilience of(@Nullable CircuitBreaker circuitBreaker, @Nullable Double rateLimitPerSecond) {
        return new TargetResilience(
                circuitBreaker == null ? CircuitBreaker.DEFAULTS : circuitBreaker,
                rateLimitPerSecond == null ? DEFAULT_RATE_LIMIT_PER_SECOND : rateLimitPerSecond);
    }

    /**
     * The breaker opens when at least {@code failureRateThreshold} percent of the last {@code slidingWindow}
     * calls failed transiently (once {@code minimumCalls} were made), refuses calls for {@code waitInOpen},
     * then lets {@code halfOpenCalls} trial calls through: if they succeed it closes, otherwise it opens again.
     */
    public record CircuitBreaker(
            @Nullable Float failureRateThreshold,
            @Nullable Integer slidingWindow,
            @Nullable Integer minimumCalls,
            @Nullable Duration waitInOpen,
            @Nullable Integer halfOpenCalls) {

        public static final CircuitBreaker DEFAULTS = new CircuitBreaker(null, null, null, null, null);

        public CircuitBreaker {
            failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
            slidingWindow = slidingWindow == null ? 50 : slidingWindow;
            minimumCalls = minimumCalls == null ? 20 : minimumCalls;
            waitInOpen = waitInOpen == null ? Duration.ofSeconds(30) : waitInOpen;
            halfOpenCalls = halfOpenCalls == null ? 5 : halfOpenCalls;
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException(
                        "circuit-breaker.failure-rate-threshold must be a percentage in (0, 100]");
            }
            if (slidingWindow < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
                throw new IllegalArgumentException(
                        "circuit-breaker: sliding-window, minimum-calls and half-open-calls must be at least 1");
            }
            if (waitInOpen.isNegative() || waitInOpen.isZero()) {
                throw new IllegalArgumentException("circuit-breaker.wait-in-open must be positive");
            }
        }

        float threshold() {
            return failureRateThreshold == null ? 50f : failureRateThreshold;
        }

        int window() {
            return slidingWindow == null ? 50 : slidingWindow;
        }

        int minimum() {
            return minimumCalls == null ? 20 : minimumCalls;
        }

        Duration openFor() {
            return waitInOpen == null ? Duration.ofSeconds(30) : waitInOpen;
        }

        int trials() {
            return halfOpenCalls == null ? 5 : halfOpenCalls;
        }
    }
}
