package org.qualigate.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a current password before its owner replaces it, through the same sign-in path as every log-in (and,
 * for a signing password, as a signature's re-authentication): a wrong one is published as a failed
 * authentication, so it counts toward lockout; a disabled or locked account is refused.
 */
@Component
public class PasswordCheck {

    /** What the check found. */
    public enum Outcome {
        /** Right, and valid. */
        ACCEPTED,
        /** Right, but expired or set by an administrator: it must be replaced before it opens anything. */
        EXPIRED,
        /** Wrong, or the account is unknown, disabled or locked (one answer for all). */
        REFUSED
    }

    private final ProviderManager signIn;
    private final ProviderManager signing;

    public PasswordCheck(
            AccountUserDetailsService accounts,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events) {
        this.signIn = manager(accounts, encoder, eventPublisher, events);
        this.signing = manager(accounts.forSigning(), encoder, eventPublisher, events);
    }

    /** The password a user signs in with. */
    public Outcome signIn(String username, String password) {
        return check(signIn, username, password);
    }

    /** The password a user signs with (an OIDC account's local signing password; anyone else's own password). */
    public Outcome signing(String username, String password) {
        return check(signing, username, password);
    }

    private static Outcome check(ProviderManager manager, String username, String password) {
        try {
            manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
            return Outcome.ACCEPTED;
        } catch (CredentialsExpiredException e) {
            // Spring Security checks the expiry only after the password matched
            return Outcome.EXPIRED;
        } catch (AuthenticationException e) {
            return Outcome.REFUSED;
        }
    }

    /**
     * The password check every sign-in path shares: the accounts' user details, the encoder, and the
     * authentication events published (so whatever counts failures — lockout — sees them all).
     */
    public static ProviderManager manager(
            UserDetailsService users,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        manager.setAuthenticationEventPublisher(
                eventPublisher.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(events)));
        return manager;
    }
}
