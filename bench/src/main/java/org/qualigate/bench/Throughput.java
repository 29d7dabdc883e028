package org.qualigate.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fixed-duration load phase achieved: operations that succeeded, those that failed (by kind) and
 * how long the phase really lasted.
 */
public record Throughput(int clients, long succeeded, Map<String, Long> failures, Duration elapsed) {

    public Throughput {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1");
        }
        if (succeeded < 0) {
            throw new IllegalArgumentException("succeeded must be >= 0");
        }
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be positive");
        }
        failures = Map.copyOf(new TreeMap<>(failures));
        if (failures.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("a failure kind must count at least one failure");
        }
    }

    /** Successful operations per second of the phase. */
    public double perSecond() {
        return succeeded / seconds();
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This rate as a share of another one (1.0 = as fast); 0 when the other achieved nothing. */
    public double ratioTo(Throughput baseline) {
        double base = baseline.perSecond();
        return base == 0 ? 0 : perSecond() / base;
    }

    /** The failures in a stable order, e.g. {@code 401 ×3, timeout ×1}; empty when none. */
    public String failureSummary() {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(failures).forEach((kind, n) -> {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(kind).append(" ×").append(n);
        });
        return s.toString();
    }

    private double seconds() {
        return elapsed.toNanos() / 1e9;
    }
}
