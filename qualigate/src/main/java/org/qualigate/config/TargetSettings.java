package org.qualigate.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.TargetResilience;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The access targets ({@code qualigate.targets.<name>}). A target without a base URL is not configured.
 * Group names default to the role names; {@code groups} maps a role to another SCIM group display name.
 * Each target has its own circuit breaker and rate limit ({@code circuit-breaker.*}, {@code rate-limit-per-second}).
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
            @Nullable Double rateLimitPerSecond) {

        public Target {
            type = type == null ? "scim" : type;
            matchAttribute = matchAttribute == null || matchAttribute.isBlank() ? "userName" : matchAttribute;
            groups = groups == null ? Map.of() : Map.copyOf(groups);
        }

        TargetResilience resilience() {
            return TargetResilience.of(circuitBreaker, rateLimitPerSecond);
        }

        boolean configured() {
            return baseUrl != null && !baseUrl.isBlank();
        }

        @Override
        public String toString() {
            return "Target[type=" + type + ", baseUrl=" + baseUrl + ", matchAttribute=" + matchAttribute + "]";
        }
    }
}
