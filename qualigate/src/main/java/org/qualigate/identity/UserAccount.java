package org.qualigate.identity;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One user as stored: a person or a named service account, its roles and the state of its sign-in. */
public record UserAccount(
        long id,
        String username,
        String displayName,
        Kind kind,
        Set<Role> roles,
        boolean enabled,
        boolean locked,
        int failedAttempts,
        @Nullable Instant passwordExpiresAt,
        ZoneId timeZone,
        @Nullable String email,
        String origin,
        Instant createdAt,
        String language,
        boolean mustChangePassword) {

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    /** Whether the password no longer opens a session: past its maximum age, or set by an administrator. */
    public boolean passwordExpired(Instant now) {
        return mustChangePassword || (passwordExpiresAt != null && !passwordExpiresAt.isAfter(now));
    }

    /** A person's account (who may sign and use the pages), not a service account. */
    public boolean person() {
        return kind == Kind.PERSON;
    }

    /** Whether the account is a person's (who may sign) or an integration's. */
    public enum Kind {
        PERSON,
        SERVICE
    }
}
