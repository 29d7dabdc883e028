package org.qualigate.intake;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How pulled HRIS sources are read ({@code qualigate.pulls.*}): how often, how far each window reaches
 * back over the previous one (so a record that a source timestamps late, or a skewed clock, is never
 * skipped), how far behind now a window stops, and how soon an unavailable source is tried again. A full read
 * of a worker that lacks a certification the ledger holds is a removal ({@code removals-by-absence}), unless
 * one read would take more than {@code removal-limit-percent} of a site's certifications (and more than
 * {@code removal-limit-floor} of them): then the removals at that site are held for an operator.
 */
@ConfigurationProperties("qualigate.pulls")
public record PullSettings(
        Duration interval,
        Duration overlap,
        Duration lag,
        Duration retryAfterFailure,
        Duration firstWindow,
        Duration lease,
        @Nullable Boolean removalsByAbsence,
        @Nullable Double removalLimitPercent,
        @Nullable Integer removalLimitFloor) {

    public PullSettings {
        interval = interval == null ? Duration.ofMinutes(15) : interval;
        overlap = overlap == null ? Duration.ofMinutes(10) : overlap;
        lag = lag == null ? Duration.ofMinutes(1) : lag;
        retryAfterFailure = retryAfterFailure == null ? Duration.ofHours(1) : retryAfterFailure;
        firstWindow = firstWindow == null ? Duration.ofDays(3650) : firstWindow;
        lease = lease == null ? Duration.ofMinutes(30) : lease;
        removalsByAbsence = removalsByAbsence == null || removalsByAbsence;
        removalLimitPercent = removalLimitPercent == null ? 10.0 : removalLimitPercent;
        removalLimitFloor = removalLimitFloor == null ? 3 : removalLimitFloor;
        if (removalLimitPercent < 0 || removalLimitPercent > 100) {
            throw new IllegalArgumentException(
                    "qualigate.pulls.removal-limit-percent must be 0..100: " + removalLimitPercent);
        }
        if (removalLimitFloor < 0) {
            throw new IllegalArgumentException("qualigate.pulls.removal-limit-floor must not be negative");
        }
    }
}
