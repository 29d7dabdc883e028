package org.qualigate.identity;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The password rules: at least the configured length (never below 12), not the user name, and none of
 * the user's last passwords. A refusal is its reason.
 */
public record PasswordPolicy(int minLength, int history) {

    /** Why the password is refused, or empty when it is acceptable. */
    public Optional<String> refusal(String username, String password, List<Predicate<String>> previous) {
        if (password.length() < minLength) {
            return Optional.of("must have at least " + minLength + " characters");
        }
        if (password.isBlank()
                || password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("must not contain the user name");
        }
        if (previous.stream().limit(history).anyMatch(p -> p.test(password))) {
            return Optional.of("must differ from the last " + history + " passwords");
        }
        return Optional.empty();
    }
}
