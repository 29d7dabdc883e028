package org.qualigate.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How pulled HRIS sources are read ({@code qualigate.pulls.*}): how often, how far each window reaches
 * back over the previous one (so a record that a source timestamps late, or a skewed clock, is never
 * skipped), how far behind now a window stops, and how soon an unavailable source is tried again.
 */
@ConfigurationProperties("qualigate.pulls")
public record PullSettings(
        Duration interval,
        Duration overlap,
        Duration lag,
        Duration retryAfterFailure,
        Duration firstWindow,
        Duration lease) {

    public PullSettings {
        interval = interval == null ? Duration.ofMinutes(15) : interval;
        overlap = overlap == null ? Duration.ofMinutes(10) : overlap;
        lag = lag == null ? Duration.ofMinutes(1) : lag;
        retryAfterFailure = retryAfterFailure == null ? Duration.ofHours(1) : retryAfterFailure;
        firstWindow = firstWindow == null ? Duration.ofDays(3650) : firstWindow;
        lease = lease == null ? Duration.ofMinutes(30) : lease;
    }
}
