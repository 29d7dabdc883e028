package org.qualigate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.TargetResilience;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The access targets ({@code qualigate.targets.<name>}). A target without a base URL is not configured. Group names
 * default to the role names; {@code group-mappings} (a list of {@code {role, group}} pairs, which binds from
 * environment variables: {@code QUALIGATE_TARGETS_MES_GROUPMAPPINGS_0_ROLE}) or the older {@code groups} map name
 * another SCIM group per role. {@code authentication} is a static bearer token (default, {@code bearer-token}), HTTP
 * Basic, OAuth 2.0 client credentials, or a client certificate ({@code key-store}); timeouts are per target. Each
 * target has its own circuit breaker and rate limit ({@code circuit-breaker.*}, {@code rate-limit-per-second}), sends
 * If-Match with membership changes only when {@code if-match} is true, and is reconciled in {@code enforce} mode
 * (differences corrected) or {@code observe} mode (only reported) by {@code reconciliation}.
 */
@ConfigurationProperties("qualigate")
record TargetSettings(Map<String, Target> targets) {

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
            List<GroupMapping> groupMappings,
            @Nullable Authentication authentication,
            @Nullable Duration connectTimeout,
            @Nullable Duration requestTimeout,
            TargetResilience.@Nullable CircuitBreaker circuitBreaker,
            @Nullable Double rateLimitPerSecond,
            @Nullable Boolean ifMatch,
            @Nullable String reconciliation) {

        public Target {
            type = type == null ? "scim" : type;
            matchAttribute = matchAttribute == null || matchAttribute.isBlank() ? "userName" : matchAttribute;
            groups = groups == null ? Map.of() : Map.copyOf(groups);
            groupMappings = groupMappings == null ? List.of() : List.copyOf(groupMappings);
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
            return "Target[type=" + type + ", baseUrl=" + baseUrl + ", matchAttribute=" + matchAttribute
                    + ", authentication=" + authentication + ", ifMatch=" + ifMatch + ", reconciliation="
                    + reconciliation
                    + "]";
        }
    }

    /** A role and the SCIM group (display name) that grants it. */
    public record GroupMapping(String role, String group) {

        public GroupMapping {
            if (role == null || role.isBlank() || group == null || group.isBlank()) {
                throw new IllegalArgumentException("every group mapping needs a role and a group");
            }
        }
    }

    /**
     * How the target authenticates us: {@code type} {@code bearer} (the target's {@code bearer-token}), {@code basic}
     * ({@code username}, {@code password}), {@code oauth-client-credentials} ({@code token-url}, {@code client-id},
     * {@code client-secret}, optional {@code scope}) or {@code none}; independently, a {@code key-store} presents a
     * client certificate and a {@code trust-store} names the server certificates to trust.
     */
    public record Authentication(
            @Nullable String type,
            @Nullable String username,
            @Nullable String password,
            @Nullable String tokenUrl,
            @Nullable String clientId,
            @Nullable String clientSecret,
            @Nullable String scope,
            @Nullable Path keyStore,
            @Nullable String keyStorePassword,
            @Nullable String keyStoreType,
            @Nullable Path trustStore,
            @Nullable String trustStorePassword,
            @Nullable String trustStoreType) {

        public Authentication {
            type = type == null || type.isBlank() ? "bearer" : type.strip().toLowerCase(Locale.ROOT);
            if (!List.of("bearer", "basic", "oauth-client-credentials", "none").contains(type)) {
                throw new IllegalArgumentException(
                        "authentication.type must be bearer, basic, oauth-client-credentials or none, not " + type);
            }
        }

        @Override
        public String toString() {
            return "Authentication[type=" + type + ", username=" + username + ", tokenUrl=" + tokenUrl + ", clientId="
                    + clientId + ", keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
        }
    }
}
