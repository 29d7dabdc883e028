package org.qualigate.calibration;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Calibration conflicts ({@code qualigate.calibration.*}): how often the two systems are compared, and the pace of
 * the corrections that apply QA's resolutions. The maintenance system ({@code maximo.*}; no base URL, no comparison)
 * and the QMS's equipment object and fields ({@code qms-fields.*}) are read by their adapters in {@code connector};
 * the QMS itself is {@code qualigate.qms.*}.
 */
@ConfigurationProperties("qualigate.calibration")
record CalibrationSettings(
        Duration compareInterval,
        Duration initialDelay,
        Duration pollInterval,
        Duration leaseFor,
        Duration backoffInitial,
        Duration backoffMax) {

    public CalibrationSettings {
        compareInterval = compareInterval == null ? Duration.ofMinutes(15) : compareInterval;
        initialDelay = initialDelay == null ? Duration.ofSeconds(20) : initialDelay;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        leaseFor = leaseFor == null ? Duration.ofMinutes(2) : leaseFor;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(5) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofMinutes(15) : backoffMax;
    }
}
