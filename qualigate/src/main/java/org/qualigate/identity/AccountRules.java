package org.qualigate.identity;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Refusal;

/**
 * What makes an account's name, roles and profile acceptable, as values: each refusal names the field and says why.
 * Pure Java; {@link Users} reads the facts (is the name taken?) and writes what passes.
 */
final class AccountRules {

    /** A user name: 2 to 64 lower-case letters, digits, '.', '_', '@' or '-', starting with a letter or digit. */
    static final String USER_NAME = "[a-z0-9][a-z0-9._@-]{1,63}";

    static final String NAME_TAKEN = "is taken (user names are never reused, not even of disabled users)";

    private AccountRules() {}

    /** Why the new account cannot be created: its name, printed name, language or roles. */
    static Optional<Refusal> newAccount(Users.NewUser user, Predicate<String> nameTaken) {
        if (!user.username().matches(USER_NAME)) {
            return Optional.of(Refusal.of(
                    "username",
                    "must be 2 to 64 lower-case letters, digits, '.', '_', '@' or '-'",
                    "refusal.account.username"));
        }
        if (nameTaken.test(user.username())) {
            return Optional.of(Refusal.of("username", NAME_TAKEN, "refusal.account.taken"));
        }
        if (user.displayName().isBlank() || user.displayName().length() > 128) {
            return Optional.of(Refusal.of(
                    "displayName",
                    "must be the person's printed name (1 to 128 characters)",
                    "refusal.account.display-name"));
        }
        Optional<Refusal> language = language(user.language());
        if (language.isPresent()) {
            return language;
        }
        if (user.roles().isEmpty()) {
            return Optional.of(Refusal.of("roles", "must name at least one role", "refusal.account.one-role"));
        }
        return roles(user.kind(), user.roles());
    }

    /** A service account holds exactly the SERVICE role, a person never does. */
    static Optional<Refusal> roles(UserAccount.Kind kind, Set<Role> roles) {
        boolean service = kind == UserAccount.Kind.SERVICE;
        if (service != roles.contains(Role.SERVICE) || (service && roles.size() > 1)) {
            return Optional.of(Refusal.of(
                    "roles",
                    "a service account holds exactly the SERVICE role, a person never does",
                    "refusal.account.service-role"));
        }
        return Optional.empty();
    }

    /** An e-mail address when given, and a language the pages are written in. */
    static Optional<Refusal> profile(@Nullable String email, String language) {
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            return Optional.of(Refusal.of("email", "is not an e-mail address", "refusal.account.email"));
        }
        return language(language);
    }

    private static Optional<Refusal> language(String language) {
        if (!Users.LANGUAGES.contains(language)) {
            return Optional.of(Refusal.of(
                    "language", "must be empty (as the browser asks), en or de", "refusal.account.language"));
        }
        return Optional.empty();
    }
}
