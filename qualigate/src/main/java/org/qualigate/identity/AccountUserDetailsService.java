package org.qualigate.identity;

import java.time.Clock;
import java.util.UUID;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Every password sign-in (HTTP Basic for the API, the UI's form login, re-authentication for a signature)
 * reads the account here: disabled, locked and expired-password accounts are refused by Spring Security
 * itself before the password is compared.
 */
@Component
public class AccountUserDetailsService implements UserDetailsService {

    private final Users users;
    private final Clock clock;

    public AccountUserDetailsService(Users users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return load(username, false);
    }

    /**
     * The accounts as a signature's re-authentication sees them: the same, except that an OIDC account's
     * local password (its signing password, decision 0020) is compared here, and only here.
     */
    public UserDetailsService forSigning() {
        return username -> load(username, true);
    }

    private UserDetails load(String username, boolean signing) {
        UserAccount account = users.find(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        // An account without a password can never match: a random value nobody knows. An OIDC account signs
        // in at its provider only; its local password, if set, is for signing and never opens a session.
        boolean passwordSignIn = signing || !account.origin().equals("OIDC");
        String hash = (passwordSignIn ? users.passwordHash(username) : java.util.Optional.<String>empty())
                .orElse("{noop}" + UUID.randomUUID() + UUID.randomUUID());
        // a password past its age, or one an administrator set, must be replaced by its owner before it opens
        // a session or signs (the UI offers the change at sign-in)
        boolean expired = account.passwordExpired(clock.instant());
        return User.withUsername(account.username())
                .password(hash)
                .roles(account.roles().stream().map(Role::name).toArray(String[]::new))
                .disabled(!account.enabled())
                .accountLocked(account.locked())
                .credentialsExpired(expired)
                .build();
    }
}
