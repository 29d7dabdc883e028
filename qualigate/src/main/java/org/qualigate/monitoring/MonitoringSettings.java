package org.qualigate.monitoring;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When delivery counts as degraded and whom to tell ({@code qualigate.monitoring.*}): the longest acceptable
 * webhook-to-applied latency, the highest acceptable error rate over the window (once at least
 * {@code min-attempts} were made in it), how often to check, the alert recipients, the synthetic probe, and how
 * long a committed audit entry may wait to be sealed into the chain ({@code max-seal-lag}).
 */
@ConfigurationProperties("qualigate.monitoring")
record MonitoringSettings(
        @Nullable Duration maxLatency,
        @Nullable Double maxErrorRate,
        @Nullable Integer minAttempts,
        @Nullable Duration window,
        @Nullable Duration checkInterval,
        @Nullable List<String> alertRecipients,
        @Nullable String alertFrom,
        @Nullable Probe probe,
        @Nullable Duration maxSealLag) {

    public MonitoringSettings {
        maxSealLag = maxSealLag == null ? Duration.ofMinutes(1) : maxSealLag;
        maxLatency = maxLatency == null ? Duration.ofMinutes(5) : maxLatency;
        maxErrorRate = maxErrorRate == null ? 0.02 : maxErrorRate;
        minAttempts = minAttempts == null ? 20 : minAttempts;
        window = window == null ? Duration.ofMinutes(5) : window;
        checkInterval = checkInterval == null ? Duration.ofSeconds(30) : checkInterval;
        alertRecipients = alertRecipients == null
                ? List.of()
                : alertRecipients.stream().filter(r -> !r.isBlank()).toList();
        alertFrom = alertFrom == null || alertFrom.isBlank() ? "qualigate@localhost" : alertFrom;
        probe = probe == null ? new Probe(null, null, null, null, null, null, null) : probe;
        if (maxErrorRate < 0 || maxErrorRate > 1) {
            throw new IllegalArgumentException("qualigate.monitoring.max-error-rate must be a fraction in [0, 1]");
        }
    }

    Duration sealLagLimit() {
        return maxSealLag == null ? Duration.ofMinutes(1) : maxSealLag;
    }

    Duration latencyLimit() {
        return maxLatency == null ? Duration.ofMinutes(5) : maxLatency;
    }

    double errorRateLimit() {
        return maxErrorRate == null ? 0.02 : maxErrorRate;
    }

    int attemptsNeeded() {
        return minAttempts == null ? 20 : minAttempts;
    }

    List<String> recipients() {
        return alertRecipients == null ? List.of() : alertRecipients;
    }

    String sender() {
        return alertFrom == null ? "qualigate@localhost" : alertFrom;
    }

    Probe probeSettings() {
        return probe == null ? new Probe(null, null, null, null, null, null, null) : probe;
    }

    /**
     * The synthetic probe: a dedicated person ({@code employee-id}) whose probe certification
     * ({@code certification-id}, looked up in the dictionary of {@code source}) justifies {@code role} in
     * {@code target}. Each run grants or takes the certification through intake and waits until the role
     * appears or disappears in the target. Off while no employee id is set.
     */
    public record Probe(
            @Nullable String employeeId,
            @Nullable String source,
            @Nullable String certificationId,
            @Nullable String role,
            @Nullable String target,
            @Nullable Duration interval,
            @Nullable Duration timeout) {

        public Probe {
            source = source == null || source.isBlank() ? "probe" : source;
            interval = interval == null ? Duration.ofMinutes(5) : interval;
            timeout = timeout == null ? Duration.ofMinutes(1) : timeout;
        }

        boolean configured() {
            return employeeId != null && !employeeId.isBlank();
        }
    }
}
