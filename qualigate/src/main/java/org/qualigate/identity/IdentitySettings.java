package org.qualigate.identity;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in controls ({@code qualigate.identity}): failures before lockout, password length, history and
 * maximum age, the idle timeout of a UI session, who is alerted on a lockout, and the optional OIDC claim
 * that carries roles.
 */
@ConfigurationProperties("qualigate.identity")
record IdentitySettings(
        @Nullable Integer maxFailedAttempts,
        @Nullable Integer passwordMinLength,
        @Nullable Integer passwordHistory,
        @Nullable Duration passwordMaxAge,
        @Nullable Duration sessionTimeout,
        @Nullable List<String> lockoutAlertRecipients,
        @Nullable String oidcRolesClaim) {

    public IdentitySettings {
        maxFailedAttempts = maxFailedAttempts == null ? 5 : maxFailedAttempts;
        passwordMinLength = passwordMinLength == null ? 12 : Math.max(12, passwordMinLength);
        passwordHistory = passwordHistory == null ? 5 : passwordHistory;
        passwordMaxAge = passwordMaxAge == null ? Duration.ofDays(90) : passwordMaxAge;
        sessionTimeout = sessionTimeout == null ? Duration.ofMinutes(15) : sessionTimeout;
        lockoutAlertRecipients = lockoutAlertRecipients == null ? List.of() : List.copyOf(lockoutAlertRecipients);
        oidcRolesClaim = oidcRolesClaim == null || oidcRolesClaim.isBlank() ? "roles" : oidcRolesClaim;
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException("qualigate.identity.max-failed-attempts must be at least 1");
        }
    }
}
