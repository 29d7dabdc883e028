package org.qualigate.identity;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OIDC sign-in ({@code qualigate.identity.oidc}): the provider's issuer, this service's client id and secret,
 * the scopes asked for, the claim that names the user, and how the provider's role values map to the
 * product's roles (a value not mapped, and not a role's own name, gives no role). No issuer, no OIDC.
 */
@ConfigurationProperties("qualigate.identity.oidc")
record OidcSettings(
        @Nullable String issuer,
        @Nullable String clientId,
        @Nullable String clientSecret,
        @Nullable List<String> scopes,
        @Nullable String usernameClaim,
        @Nullable Map<String, String> roleMapping) {

    public OidcSettings {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
        usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "preferred_username" : usernameClaim;
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
    }

    public boolean configured() {
        return issuer != null && !issuer.isBlank();
    }

    @Override
    public String toString() {
        return "OidcSettings[" + issuer + ", client " + clientId + "]";
    }
}
