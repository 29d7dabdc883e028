package org.qualigate.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The distribution of webhook-to-role latencies, in milliseconds, and how many grants did not arrive in
 * time.
 *
 * @param arrived samples whose grant was seen within the timeout
 * @param missing samples whose grant was not seen within the timeout, or whose webhook was refused
 */
public record LatencySummary(long arrived, long missing, double p50, double p90, double p99, double max) {

    /** Latencies up to ten minutes, at three significant digits. */
    static final long HIGHEST_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    public LatencySummary {
        if (arrived < 0 || missing < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (!(p50 <= p90 && p90 <= p99 && p99 <= max)) {
            throw new IllegalArgumentException(
                    "percentiles must not decrease: " + p50 + ", " + p90 + ", " + p99 + ", " + max);
        }
    }

    /** A histogram sized for {@link #of}: microseconds up to ten minutes. */
    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** Summarises a histogram of microseconds; all zero when nothing arrived. */
    static LatencySummary of(Histogram micros, long missing) {
        long n = micros.getTotalCount();
        if (n == 0) {
            return new LatencySummary(0, missing, 0, 0, 0, 0);
        }
        return new LatencySummary(
                n,
                missing,
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
