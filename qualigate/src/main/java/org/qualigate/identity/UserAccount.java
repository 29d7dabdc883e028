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
        Instant createdAt) {

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    /** Whether the account is a person's (who may sign) or an integration's. */
    public enum Kind {
        PERSON,
        SERVICE
    }
}
