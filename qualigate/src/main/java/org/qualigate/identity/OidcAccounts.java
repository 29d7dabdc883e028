package org.qualigate.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Turns a verified OIDC sign-in into a Qualigate user: the account bound to the provider's subject (created
 * and audited on first sign-in), its roles from the configured claim mapped to the product's roles, and a
 * principal whose name is the account's user name, so signatures and the audit trail name that account.
 * Any filter chain's {@code oauth2Login} uses it as its OIDC user service.
 */
@Component
public class OidcAccounts implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The attribute holding the account's user name (the principal's name). */
    static final String USERNAME = "qualigate_username";

    private final OidcUserService verified = new OidcUserService();
    private final Users users;
    private final SignInFailures failures;
    private final IdentitySettings identity;
    private final OidcSettings settings;

    OidcAccounts(Users users, SignInFailures failures, IdentitySettings identity, OidcSettings settings) {
        this.users = users;
        this.failures = failures;
        this.identity = identity;
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        // the ID token's signature, issuer, audience, expiry and nonce were checked before this point
        OidcUser user = verified.loadUser(request);
        Object username = user.getClaims().get(settings.usernameClaim());
        if (!(username instanceof String name) || name.isBlank()) {
            throw refused(user.getSubject(), "the ID token has no " + settings.usernameClaim() + " claim");
        }
        Users.Result<UserAccount> account = users.signedInWithOidc(
                user.getIssuer().toString(),
                user.getSubject(),
                name,
                user.getFullName() == null ? name : user.getFullName(),
                user.getEmail(),
                roles(user.getClaims().get(identity.oidcRolesClaim())));
        if (account.refused()) {
            throw refused(name, account.reason());
        }
        UserAccount a = account.value();
        List<GrantedAuthority> authorities = new ArrayList<>();
        a.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        // the identity provider's claims, keyed by its data, handed to Spring Security
        Map<String, Object> claims = new LinkedHashMap<>(
                user.getUserInfo() == null
                        ? Map.of("sub", user.getSubject())
                        : user.getUserInfo().getClaims());
        claims.put(USERNAME, a.username());
        return new DefaultOidcUser(authorities, user.getIdToken(), new OidcUserInfo(claims), USERNAME);
    }

    /** The product roles the claim's values name: through the configured mapping, else by their own name. */
    Set<Role> roles(Object claim) {
        // if/else rather than a switch with "case null, default", which the formatter of the build cannot parse
        Collection<?> values;
        if (claim instanceof Collection<?> c) {
            values = c;
        } else if (claim instanceof String s) {
            values = List.of(s.split("[\\s,]+"));
        } else {
            values = List.of();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object v : values) {
            String value = String.valueOf(v).strip();
            String mapped = settings.roleMapping().get(value);
            try {
                roles.add(Role.of(
                        mapped != null ? mapped : value.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                // a provider role that means nothing here gives no role
            }
        }
        return roles;
    }

    /** A refusal is audited like any failed sign-in (Spring Security publishes no event for it). */
    private OAuth2AuthenticationException refused(String name, String why) {
        failures.refused(name, Via.OIDC, SignInAttempts.sourceAddress(null), why);
        return new OAuth2AuthenticationException(new OAuth2Error("access_denied", why, null), why);
    }
}
