package org.qualigate.ui;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Confirms that the signed-in user re-entered their own password before a critical action on a page, through
 * the log-in's own path (so a wrong password is published as a failed authentication like any other).
 */
@Component
class UiReauthentication {

    private final AuthenticationManager manager;

    UiReauthentication(
            UserDetailsService users,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events) {
        this.manager = UiSecurityConfiguration.authenticationManager(users, encoder, eventPublisher, events);
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
