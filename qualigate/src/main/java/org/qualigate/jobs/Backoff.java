package org.qualigate.jobs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a piece of work waits before it is tried again after a failure, the one rule of every retrying queue:
 * the wait doubles from {@code initial} with each doubling, at most {@code max}, and is drawn at random from the
 * upper half of that, so many items failing together do not retry together and none waits less than half.
 */
public record Backoff(Duration initial, Duration max) {

    /** Beyond this many doublings the wait is the maximum anyway. */
    private static final int MOST_DOUBLINGS = 20;

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
        long doubled = first << Math.clamp(doublings, 0, MOST_DOUBLINGS);
        return Math.min(Math.max(doubled, first), max.toMillis());
    }
}
