package org.qualigate.web;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Confirms that the signed-in user re-entered their own password before a critical action (an override),
 * through the same authentication path as sign-in: the stored hash, the password encoder's comparison, and
 * no trace of the password anywhere.
 */
@Component
class Reauthentication {

    private final AuthenticationManager manager;

    Reauthentication(
            UserDetailsService users,
            PasswordEncoder encoder,
            org.springframework.beans.factory.ObjectProvider<
                            org.springframework.security.authentication.AuthenticationEventPublisher>
                    events,
            org.springframework.context.ApplicationEventPublisher publisher) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager providers = new ProviderManager(provider);
        // a wrong password here counts toward lockout like a failed sign-in
        providers.setAuthenticationEventPublisher(events.getIfAvailable(
                () -> new org.springframework.security.authentication.DefaultAuthenticationEventPublisher(publisher)));
        this.manager = providers;
    }

    boolean confirms(Authentication caller, String password) {
        try {
            Authentication again = manager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(caller.getName(), password));
            return again.isAuthenticated() && again.getName().equals(caller.getName());
        } catch (AuthenticationException e) {
            return false;
        }
    }
}
