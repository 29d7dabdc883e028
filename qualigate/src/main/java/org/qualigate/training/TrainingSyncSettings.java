package org.qualigate.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the QMS training-record sync works its queue ({@code qualigate.training.*}): transient QMS failures are
 * retried up to {@code max-attempts}, unexpected internal errors up to {@code max-internal-errors}.
 */
@ConfigurationProperties("qualigate.training")
record TrainingSyncSettings(
        Duration pollInterval,
        int batchSize,
        Duration lease,
        Duration backoffInitial,
        Duration backoffMax,
        int maxAttempts,
        TrainingModes.Mode defaultMode,
        int maxInternalErrors) {

    public TrainingSyncSettings {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize <= 0 ? 16 : batchSize;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(2) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofMinutes(15) : backoffMax;
        maxAttempts = maxAttempts <= 0 ? 30 : maxAttempts;
        // enforce unless told otherwise, so a plant that configured a QMS before modes existed keeps writing
        defaultMode = defaultMode == null ? TrainingModes.Mode.ENFORCE : defaultMode;
        // an unexpected error (a bug) is not worth thirty tries: the person goes to review sooner
        maxInternalErrors = maxInternalErrors <= 0 ? 10 : maxInternalErrors;
    }
}
