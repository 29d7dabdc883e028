package org.qualigate.calibration;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.maximo.MaximoSettings;
import org.qualigate.connector.qms.SalesforceEquipment;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Calibration conflicts ({@code qualigate.calibration.*}): the maintenance system ({@code maximo.*}; no base URL, no
 * comparison), the QMS's equipment object and fields ({@code qms-fields.*}), how often the two are compared, and the
 * pace of the corrections that apply QA's resolutions. The QMS itself is {@code qualigate.qms.*}.
 */
@ConfigurationProperties("qualigate.calibration")
record CalibrationSettings(
        @Nullable MaximoSettings maximo,
        SalesforceEquipment.@Nullable Fields qmsFields,
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

    /** Whether a maintenance system is configured. */
    public boolean configured() {
        return maximo != null && maximo.configured();
    }
}
