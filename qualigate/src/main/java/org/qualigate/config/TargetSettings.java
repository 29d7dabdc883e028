package org.qualigate.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.TargetResilience;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The access targets ({@code qualigate.targets.<name>}). A target without a base URL is not configured.
 * Group names default to the role names; {@code groups} maps a role to another SCIM group display name.
 * Each target has its own circuit breaker and rate limit ({@code circuit-breaker.*}, {@code rate-limit-per-second}),
 * sends If-Match with membership changes only when {@code if-match} is true, and is reconciled in {@code enforce}
 * mode (differences corrected) or {@code observe} mode (only reported) by {@code reconciliation}.
 */
@ConfigurationProperties("qualigate")
public record TargetSettings(Map<String, Target> targets) {

    public TargetSettings {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
    }

    /** One access target. */
    public record Target(
            String type,
            String baseUrl,
            String bearerToken,
            String matchAttribute,
            Map<String, String> groups,
            TargetResilience.@Nullable CircuitBreaker circuitBreaker,
            @Nullable Double rateLimitPerSecond,
            @Nullable Boolean ifMatch,
            @Nullable String reconciliation) {

        public Target {
            type = type == null ? "scim" : type;
            matchAttribute = matchAttribute == null || matchAttribute.isBlank() ? "userName" : matchAttribute;
            groups = groups == null ? Map.of() : Map.copyOf(groups);
            // membership changes commute: If-Match only for a server that requires it
            ifMatch = ifMatch != null && ifMatch;
            reconciliation = reconciliation == null || reconciliation.isBlank()
                    ? "enforce"
                    : reconciliation.strip().toLowerCase(java.util.Locale.ROOT);
            if (!reconciliation.equals("enforce") && !reconciliation.equals("observe")) {
                throw new IllegalArgumentException(
                        "qualigate.targets.*.reconciliation must be enforce or observe, not " + reconciliation);
            }
        }

        TargetResilience resilience() {
            return TargetResilience.of(circuitBreaker, rateLimitPerSecond);
        }

        boolean configured() {
            return baseUrl != null && !baseUrl.isBlank();
        }

        @Override
        public String toString() {
            return "Target[type=" + type + ", baseUrl=" + baseUrl + ", matchAttribute=" + matchAttribute + ", ifMatch="
                    + ifMatch + ", reconciliation=" + reconciliation + "]";
        }
    }
}
