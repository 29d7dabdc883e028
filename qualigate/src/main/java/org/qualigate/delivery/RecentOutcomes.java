package org.qualigate.delivery;

import java.time.Duration;

/**
 * Counts delivery attempts and their failures over a sliding window, in buckets, for the error rate the
 * monitor compares with its threshold. It measures elapsed time with the monotonic clock on purpose: it
 * is about how this instance has fared lately, not about business time, which tests and operators move.
 */
final class RecentOutcomes {

    private static final int BUCKETS = 30;

    private final long bucketNanos;
    private final long[] bucket = new long[BUCKETS];
    private final long[] attempts = new long[BUCKETS];
    private final long[] failures = new long[BUCKETS];

    RecentOutcomes(Duration window) {
        this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
        java.util.Arrays.fill(bucket, Long.MIN_VALUE);
    }

    synchronized void record(boolean failed) {
        long now = Math.floorDiv(System.nanoTime(), bucketNanos);
        int i = (int) Math.floorMod(now, (long) BUCKETS);
        if (bucket[i] != now) {
            bucket[i] = now;
            attempts[i] = 0;
            failures[i] = 0;
        }
        attempts[i]++;
        if (failed) {
            failures[i]++;
        }
    }

    /** Attempts and failures within the window. */
    synchronized Counts counts() {
        long now = Math.floorDiv(System.nanoTime(), bucketNanos);
        long a = 0;
        long f = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucket[i] != Long.MIN_VALUE && now - bucket[i] < BUCKETS) {
                a += attempts[i];
                f += failures[i];
            }
        }
        return new Counts(a, f);
    }

    /** Attempts and failures counted in the window. */
    record Counts(long attempts, long failures) {

        double failureRate() {
            return attempts == 0 ? 0 : (double) failures / attempts;
        }
    }
}
