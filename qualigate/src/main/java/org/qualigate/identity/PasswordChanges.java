package org.qualigate.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.identity.Users.Result;
import org.qualigate.text.Refusal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A password set, reset or replaced under the policy (length, not the user name, none of the last ones), its
 * expiry, its history and its audit entry.
 */
@Component
class PasswordChanges {

    private final AccountStore accounts;
    private final AuditTrail audit;
    private final PasswordEncoder encoder;
    private final IdentitySettings settings;
    private final Clock clock;

    PasswordChanges(
            AccountStore accounts, AuditTrail audit, PasswordEncoder encoder, IdentitySettings settings, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.encoder = encoder;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sets a new password under the policy; it expires after the configured maximum age. */
    @Transactional
    public Result<UserAccount> setPassword(String username, String password, String actor) {
        return store(username, password, false, actor, "user.password-set", "password changed");
    }

    /**
     * An administrator resets a person's password to a temporary one: it opens no session and signs nothing
     * until its owner has replaced it (it is expired at once), and the reason is audited. An administrator
     * changes their own password on their account page, never here.
     */
    @Transactional
    public Result<UserAccount> resetPassword(String username, String temporary, String reason, String actor) {
        Optional<UserAccount> user = accounts.find(username);
        if (user.isEmpty()) {
            return Result.refused(Refusal.of("username", "is not a user", "refusal.account.unknown"));
        }
        if (!user.get().person()) {
            return Result.refused(Refusal.of(
                    "username",
                    "is a service account: its password is set through the API",
                    "refusal.account.service-password"));
        }
        if (username.equals(actor)) {
            return Result.refused(Refusal.of(
                    "username",
                    "is your own account: change your password on your account page",
                    "refusal.account.own-reset"));
        }
        if (reason.isBlank()) {
            return Result.refused(
                    Refusal.of("reason", "is required: say why the password is reset", "refusal.account.reset-reason"));
        }
        return store(username, temporary, true, actor, "user.password-reset", reason.strip());
    }

    /**
     * The owner replaces their password (signed in, or at sign-in when it had expired or was reset; the caller
     * has checked the current one). The new one runs for the full maximum age and opens sessions again.
     */
    @Transactional
    public Result<UserAccount> changeOwnPassword(String username, String password, String why) {
        return store(username, password, false, username, "user.password-changed", why);
    }

    private Result<UserAccount> store(
            String username, String password, boolean temporary, String actor, String action, String reason) {
        Optional<UserAccount> user = accounts.find(username);
        if (user.isEmpty()) {
            return Result.refused(Refusal.of("username", "is not a user", "refusal.account.unknown"));
        }
        List<Predicate<String>> previous = accounts.previousHashes(user.get().id(), settings.passwordHistory()).stream()
                .<Predicate<String>>map(hash -> candidate -> matches(candidate, hash))
                .toList();
        Optional<Refusal> weak = new PasswordPolicy(settings.passwordMinLength(), settings.passwordHistory())
                .refusal(username, password, previous);
        if (weak.isPresent()) {
            return Result.refused(weak.get());
        }
        Instant now = clock.instant();
        String hash = encoder.encode(password);
        accounts.password(user.get().id(), hash, now, temporary ? now : now.plus(settings.passwordMaxAge()), temporary);
        accounts.history(user.get().id(), hash, now);
        audit.append(new AuditRecord(
                actor,
                action,
                "user",
                username,
                null,
                null,
                temporary ? Map.of("mustChangePassword", true) : null,
                reason,
                null));
        return Result.ok(accounts.byId(user.get().id()).orElseThrow());
    }

    private boolean matches(String candidate, String hash) {
        try {
            return encoder.matches(candidate, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
