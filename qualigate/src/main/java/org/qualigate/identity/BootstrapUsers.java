package org.qualigate.identity;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The users from configuration ({@code qualigate.security.users}), created in the database at start when
 * absent; their passwords are given as encoded hashes ({@code {bcrypt}…}).
 */
@ConfigurationProperties("qualigate.security")
public record BootstrapUsers(@Nullable List<Entry> users) {

    public BootstrapUsers {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** One configured user. */
    public record Entry(
            String username,
            @Nullable String password,
            @Nullable List<String> roles,
            @Nullable String displayName,
            @Nullable String timeZone,
            @Nullable String kind,
            @Nullable String email) {

        @Override
        public String toString() {
            return "Entry[" + username + ", roles=" + roles + "]";
        }
    }
}
