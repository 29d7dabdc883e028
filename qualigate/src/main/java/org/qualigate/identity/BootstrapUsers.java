package org.qualigate.identity;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The users from configuration ({@code qualigate.security.users}), created in the database at start when
 * absent; their passwords are given as encoded hashes ({@code {bcrypt}…}).
 */
@ConfigurationProperties("qualigate.security")
record BootstrapUsers(@Nullable List<Entry> users) {

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

        /** The account to create: roles AUDITOR unless configured, a person unless SERVICE, zone UTC by default. */
        Users.NewUser newUser() {
            Set<Role> set = roles == null || roles.isEmpty()
                    ? EnumSet.of(Role.AUDITOR)
                    : roles.stream().map(Role::of).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
            UserAccount.Kind accountKind = kind != null && kind.equalsIgnoreCase("SERVICE")
                    ? UserAccount.Kind.SERVICE
                    : UserAccount.Kind.PERSON;
            return new Users.NewUser(
                    username,
                    displayName == null ? username : displayName,
                    accountKind,
                    set,
                    null,
                    timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone),
                    email);
        }

        @Override
        public String toString() {
            return "Entry[" + username + ", roles=" + roles + "]";
        }
    }
}
