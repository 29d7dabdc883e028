package org.qualigate.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.text.Refusal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The user accounts: read, create, change roles, disable and enable, unlock, and set a password under the
 * policy ({@link PasswordChanges}); sign-in failures are counted by {@link SignInFailures}. Every change is audited in its transaction; no account is ever
 * deleted, so an id or a user name never passes to someone else.
 */
@Component
public class Users {

    /**
     * The languages the pages and e-mails can be shown in; the empty choice leaves it to the browser's
     * Accept-Language, else English (stored as NULL).
     */
    public static final List<String> LANGUAGES = List.of("", "en", "de");

    private final AccountStore accounts;
    private final AuditTrail audit;
    private final PasswordEncoder encoder;
    private final IdentitySettings settings;
    private final Clock clock;
    private final PasswordChanges passwords;
    private final AccountCreation creation;

    Users(
            AccountStore accounts,
            AuditTrail audit,
            PasswordEncoder encoder,
            IdentitySettings settings,
            Clock clock,
            PasswordChanges passwords,
            AccountCreation creation) {
        this.accounts = accounts;
        this.creation = creation;
        this.passwords = passwords;
        this.audit = audit;
        this.encoder = encoder;
        this.settings = settings;
        this.clock = clock;
    }

    public PasswordPolicy policy() {
        return new PasswordPolicy(settings.passwordMinLength(), settings.passwordHistory());
    }

    public Optional<UserAccount> find(String username) {
        return accounts.find(username);
    }

    public Optional<UserAccount> byId(long id) {
        return accounts.byId(id);
    }

    public List<UserAccount> all() {
        return accounts.all();
    }

    Optional<String> passwordHash(String username) {
        return accounts.passwordHash(username);
    }

    /** A new account to create. */
    public record NewUser(
            String username,
            String displayName,
            UserAccount.Kind kind,
            Set<Role> roles,
            @Nullable String password,
            ZoneId timeZone,
            @Nullable String email,
            String language) {

        public NewUser(
                String username,
                String displayName,
                UserAccount.Kind kind,
                Set<Role> roles,
                @Nullable String password,
                ZoneId timeZone,
                @Nullable String email) {
            this(username, displayName, kind, roles, password, timeZone, email, "");
        }
    }

    /**
     * Creates the account; a refusal (name taken — even by a disabled account —, a weak password, a service
     * role on a person or a person's role on a service account) is returned as the field and its reason.
     */
    @Transactional
    public Result<UserAccount> create(NewUser user, String actor) {
        return create(user, false, actor);
    }

    /**
     * Creates the account; with {@code temporaryPassword} the password given is the administrator's first one,
     * which its owner must replace at the first sign-in.
     */
    @Transactional
    public Result<UserAccount> create(NewUser user, boolean temporaryPassword, String actor) {
        Optional<Refusal> refusal =
                AccountRules.newAccount(user, name -> find(name).isPresent());
        if (refusal.isPresent()) {
            return Result.refused(refusal.get());
        }
        if (user.password() != null) {
            Optional<Refusal> weak = policy().refusal(user.username(), user.password(), List.of());
            if (weak.isPresent()) {
                return Result.refused(weak.get());
            }
        }
        Instant now = clock.instant();
        Optional<Long> created =
                insert(user, user.password() == null ? null : encoder.encode(user.password()), "API", actor, now);
        if (created.isEmpty()) {
            // another creation of the same name committed between the check above and the insert
            return Result.refused(Refusal.of("username", AccountRules.NAME_TAKEN, "refusal.account.taken"));
        }
        long id = created.get();
        if (user.password() != null) {
            accounts.passwordExpires(
                    id, temporaryPassword ? now : now.plus(settings.passwordMaxAge()), temporaryPassword);
        }
        return Result.ok(byId(id).orElseThrow());
    }

    private Optional<Long> insert(NewUser user, @Nullable String hash, String origin, String actor, Instant now) {
        return creation.insert(user, hash, origin, actor, now, null, null);
    }

    /**
     * The account of a person who signed in through the OIDC provider: found by the provider's issuer and
     * subject, or created on their first sign-in (origin {@code OIDC}, no password, audited
     * {@code user.first-sign-in}); its roles follow the provider's claim at each sign-in (a change audited).
     * Refused when the account is disabled or locked, when the claim gives no role, or when the user name
     * belongs to an account not bound to this subject (no take-over by a matching name).
     */
    @Transactional
    public Result<UserAccount> signedInWithOidc(
            String issuer,
            String subject,
            String username,
            String displayName,
            @Nullable String email,
            Set<Role> claimed) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(claimed);
        roles.remove(Role.SERVICE);
        Optional<UserAccount> bound = accounts.boundTo(issuer, subject);
        if (bound.isPresent()) {
            return signedInAgain(bound.get(), roles, issuer);
        }
        return firstSignIn(issuer, subject, username, displayName, email, roles);
    }

    /** A known subject: refused when the account is disabled or locked or the claim gives no role. */
    private Result<UserAccount> signedInAgain(UserAccount a, Set<Role> roles, String issuer) {
        if (!a.enabled() || a.locked()) {
            return Result.refused(Refusal.of(
                    "username",
                    "the account " + a.username() + " is disabled or locked",
                    "refusal.account.disabled",
                    a.username()));
        }
        if (roles.isEmpty()) {
            return Result.refused(Refusal.of(
                    "roles", "the provider's roles claim gives no Qualigate role", "refusal.account.oidc-roles"));
        }
        if (!roles.equals(a.roles())) {
            return changeRoles(a.username(), roles, "oidc:" + issuer);
        }
        return Result.ok(a);
    }

    private Result<UserAccount> firstSignIn(
            String issuer,
            String subject,
            String username,
            String displayName,
            @Nullable String email,
            Set<Role> roles) {
        String name = username.toLowerCase(java.util.Locale.ROOT);
        if (!name.matches(AccountRules.USER_NAME)) {
            return Result.refused(Refusal.of(
                    "username",
                    "the provider's user name cannot be a Qualigate user name: " + name,
                    "refusal.account.oidc-name",
                    name));
        }
        if (find(name).isPresent()) {
            return Result.refused(Refusal.of(
                    "username",
                    "an account named " + name + " exists and is not bound to this OIDC subject",
                    "refusal.account.oidc-bound",
                    name));
        }
        if (roles.isEmpty()) {
            return Result.refused(Refusal.of(
                    "roles", "the provider's roles claim gives no Qualigate role", "refusal.account.oidc-roles"));
        }
        Instant now = clock.instant();
        Optional<Long> created = creation.insert(
                new NewUser(name, displayName, UserAccount.Kind.PERSON, roles, null, ZoneId.of("UTC"), email),
                null,
                "OIDC",
                "oidc:" + issuer,
                now,
                issuer,
                subject);
        if (created.isEmpty()) {
            return Result.refused(Refusal.of(
                    "username",
                    "an account named " + name + " exists and is not bound to this OIDC subject",
                    "refusal.account.oidc-bound",
                    name));
        }
        long id = created.get();
        accounts.firstSignIn(id, now);
        audit.append(new AuditRecord(
                name,
                "user.first-sign-in",
                "user",
                name,
                null,
                null,
                Map.of("issuer", issuer, "subject", subject, "id", id),
                "first sign-in through the OIDC provider " + issuer,
                null));
        return Result.ok(byId(id).orElseThrow());
    }

    @Transactional
    public Result<UserAccount> changeRoles(String username, Set<Role> roles, String actor) {
        return changeRoles(username, roles, "roles changed", actor);
    }

    /** Changes the account's roles, with the reason recorded in the audit trail. */
    @Transactional
    public Result<UserAccount> changeRoles(String username, Set<Role> roles, String reason, String actor) {
        if (reason.isBlank()) {
            return Result.refused(
                    Refusal.of("reason", "is required: say why the roles change", "refusal.account.roles-reason"));
        }
        Optional<UserAccount> user = find(username);
        if (user.isEmpty()) {
            return Result.refused(Refusal.of("username", "is not a user", "refusal.account.unknown"));
        }
        if (roles.isEmpty()) {
            return Result.refused(Refusal.of(
                    "roles",
                    "must name at least one role (disable the account instead)",
                    "refusal.account.keep-a-role"));
        }
        Optional<Refusal> refusal = AccountRules.roles(user.get().kind(), roles);
        if (refusal.isPresent()) {
            return Result.refused(refusal.get());
        }
        accounts.roles(user.get().id(), roles);
        audit.append(new AuditRecord(
                actor,
                "user.roles-changed",
                "user",
                username,
                null,
                user.get().roles().stream().map(Role::name).sorted().toList(),
                roles.stream().map(Role::name).sorted().toList(),
                reason.strip(),
                null));
        return Result.ok(byId(user.get().id()).orElseThrow());
    }

    /** Disables or enables the account; enabling also clears a lockout. */
    @Transactional
    public Result<UserAccount> setEnabled(String username, boolean enabled, String reason, String actor) {
        Optional<UserAccount> user = find(username);
        if (user.isEmpty()) {
            return Result.refused(Refusal.of("username", "is not a user", "refusal.account.unknown"));
        }
        if (!enabled && username.equals(actor)) {
            return Result.refused(Refusal.of(
                    "username", "an administrator cannot disable their own account", "refusal.account.own-disable"));
        }
        accounts.enabled(user.get().id(), enabled);
        audit.append(new AuditRecord(
                actor,
                enabled ? "user.enabled" : "user.disabled",
                "user",
                username,
                null,
                Map.of("enabled", user.get().enabled(), "locked", user.get().locked()),
                Map.of(
                        "enabled",
                        enabled,
                        "locked",
                        enabled ? false : user.get().locked()),
                reason,
                null));
        return Result.ok(byId(user.get().id()).orElseThrow());
    }

    /** Sets a new password under the policy; it expires after the configured maximum age. */
    @Transactional
    public Result<UserAccount> setPassword(String username, String password, String actor) {
        return passwords.setPassword(username, password, actor);
    }

    /**
     * An administrator resets a person's password to a temporary one: it opens no session and signs nothing
     * until its owner has replaced it (it is expired at once), and the reason is audited. An administrator
     * changes their own password on their account page, never here.
     */
    @Transactional
    public Result<UserAccount> resetPassword(String username, String temporary, String reason, String actor) {
        return passwords.resetPassword(username, temporary, reason, actor);
    }

    /**
     * The owner replaces their password (signed in, or at sign-in when it had expired or was reset; the caller
     * has checked the current one). The new one runs for the full maximum age and opens sessions again.
     */
    @Transactional
    public Result<UserAccount> changeOwnPassword(String username, String password, String why) {
        return passwords.changeOwnPassword(username, password, why);
    }

    /**
     * Changes the account's e-mail address, time zone and language (the pages and e-mails use the last two;
     * HR dates stay calendar dates), audited with the values before and after.
     */
    @Transactional
    public Result<UserAccount> updateProfile(
            String username, @Nullable String email, ZoneId timeZone, String language, String actor) {
        Optional<UserAccount> user = find(username);
        if (user.isEmpty()) {
            return Result.refused(Refusal.of("username", "is not a user", "refusal.account.unknown"));
        }
        Optional<Refusal> refusal = AccountRules.profile(email, language);
        if (refusal.isPresent()) {
            return Result.refused(refusal.get());
        }
        UserAccount before = user.get();
        accounts.profile(before.id(), email, timeZone, language);
        Map<String, Object> old = new LinkedHashMap<>(); // audit values, hashed into the chain
        old.put("email", before.email());
        old.put("timeZone", before.timeZone().getId());
        old.put("language", before.language());
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("email", email);
        now.put("timeZone", timeZone.getId());
        now.put("language", language);
        audit.append(new AuditRecord(
                actor, "user.profile-changed", "user", username, null, old, now, "profile changed", null));
        return Result.ok(byId(before.id()).orElseThrow());
    }

    /** The enabled people holding the role who have an e-mail address (to tell them what waits for them). */
    public List<UserAccount> reachable(Role role) {
        return accounts.reachable(role);
    }

    /** The account after a change, or the field and reason it was refused. */
    public record Result<T>(@Nullable T value, @Nullable Refusal why) {

        static <T> Result<T> ok(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> refused(Refusal why) {
            return new Result<>(null, why);
        }

        public @Nullable String field() {
            return why == null ? null : why.field();
        }

        public @Nullable String reason() {
            return why == null ? null : why.reason();
        }

        public boolean refused() {
            return value == null;
        }
    }
}
