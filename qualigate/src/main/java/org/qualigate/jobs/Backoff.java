package org.qualigate.jobs;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a piece of work waits before it is tried again after a failure, the one rule of every retrying queue:
 * the wait doubles from {@code initial} with each doubling, at most {@code max} (resilience4j's exponential
 * {@link IntervalFunction}), and is drawn at random from the upper half of that, so many items failing together do
 * not retry together and none waits less than half. It is itself an {@link IntervalFunction} (attempt 1 waits
 * about the initial wait), so a resilience4j retry can use the same rule.
 */
public record Backoff(Duration initial, Duration max) implements IntervalFunction {

    public Backoff {
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("a backoff waits zero or more: " + initial + ", " + max);
        }
    }

    /** The same backoff, waiting at most {@code cap} (or its own maximum where that is less). */
    public Backoff atMost(Duration cap) {
        return new Backoff(initial, cap.compareTo(max) < 0 ? cap : max);
    }

    /** The wait after {@code doublings} doublings of the initial wait (0: the initial wait), jittered. */
    public Duration after(int doublings) {
        long capped = ceiling(doublings);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** The longest wait {@link #after(int)} can answer for {@code doublings}. */
    public long ceiling(int doublings) {
        long first = initial.toMillis();
        if (first < 1 || max.toMillis() < 1) {
            return 0; // resilience4j refuses a wait under a millisecond: no wait doubles into one
        }
        // attempt n of resilience4j's exponential function waits initial × 2^(n−1), at most max
        return IntervalFunction.ofExponentialBackoff(first, 2.0, max.toMillis()).apply(Math.max(doublings, 0) + 1);
    }

    /** The jittered wait in milliseconds before retry number {@code attempt} (1: after the first failure). */
    @Override
    public Long apply(Integer attempt) {
        return after(attempt - 1).toMillis();
    }
}
