package org.qualigate.identity;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.qualigate.text.Refusal;

/**
 * The password rules: at least the configured length (never below 12), not the user name, and none of
 * the user's last passwords. A refusal is its reason.
 */
public record PasswordPolicy(int minLength, int history) {

    /** Why the password is refused, or empty when it is acceptable. */
    public Optional<Refusal> refusal(String username, String password, List<Predicate<String>> previous) {
        if (password.length() < minLength) {
            return Optional.of(Refusal.of(
                    "password",
                    "must have at least " + minLength + " characters",
                    "refusal.password.length",
                    minLength));
        }
        if (password.isBlank()
                || password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(Refusal.of("password", "must not contain the user name", "refusal.password.username"));
        }
        if (previous.stream().limit(history).anyMatch(p -> p.test(password))) {
            return Optional.of(Refusal.of(
                    "password",
                    "must differ from the last " + history + " passwords",
                    "refusal.password.history",
                    history));
        }
        return Optional.empty();
    }
}
