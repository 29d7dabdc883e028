package org.qualigate.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.text.TextInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The user accounts: read, create, change roles, disable and enable, unlock, set a password under the
 * policy, and count sign-in failures. Every change is audited in its transaction; no account is ever
 * deleted, so an id or a user name never passes to someone else.
 */
@Component
public class Users {

    private static final String COLUMNS = "id, username, display_name, kind, roles, enabled, locked_at, "
            + "failed_attempts, password_expires_at, time_zone, email, origin, created_at, language, "
            + "must_change_password";

    /**
     * The languages the pages and e-mails can be shown in; the empty choice leaves it to the browser's
     * Accept-Language, else English (stored as NULL).
     */
    public static final List<String> LANGUAGES = List.of("", "en", "de");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final PasswordEncoder encoder;
    private final IdentitySettings settings;
    private final ApprovedParameters parameters;
    private final Clock clock;
    private final MailQueue mail;

    public Users(
            JdbcClient jdbc,
            AuditTrail audit,
            PasswordEncoder encoder,
            IdentitySettings settings,
            ApprovedParameters parameters,
            Clock clock,
            MailQueue mail) {
        this.mail = mail;
        this.jdbc = jdbc;
        this.parameters = parameters;
        this.audit = audit;
        this.encoder = encoder;
        this.settings = settings;
        this.clock = clock;
    }

    public PasswordPolicy policy() {
        return new PasswordPolicy(settings.passwordMinLength(), settings.passwordHistory());
    }

    public Optional<UserAccount> find(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE username = ?")
                .param(username)
                .query(Users::account)
                .optional();
    }

    public Optional<UserAccount> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = ?")
                .param(id)
                .query(Users::account)
                .optional();
    }

    public List<UserAccount> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user ORDER BY id")
                .query(Users::account)
                .list();
    }

    Optional<String> passwordHash(String username) {
        return jdbc.sql("SELECT password_hash FROM app_user WHERE username = ? AND password_hash IS NOT NULL")
                .param(username)
                .query(String.class)
                .optional();
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
        if (!user.username().matches("[a-z0-9][a-z0-9._@-]{1,63}")) {
            return Result.refused("username", "must be 2 to 64 lower-case letters, digits, '.', '_', '@' or '-'");
        }
        if (find(user.username()).isPresent()) {
            return Result.refused("username", "is taken (user names are never reused, not even of disabled users)");
        }
        if (user.displayName().isBlank() || user.displayName().length() > 128) {
            return Result.refused("displayName", "must be the person's printed name (1 to 128 characters)");
        }
        if (!LANGUAGES.contains(user.language())) {
            return Result.refused("language", "must be empty (as the browser asks), en or de");
        }
        if (user.roles().isEmpty()) {
            return Result.refused("roles", "must name at least one role");
        }
        boolean service = user.kind() == UserAccount.Kind.SERVICE;
        if (service != user.roles().contains(Role.SERVICE)
                || (service && user.roles().size() > 1)) {
            return Result.refused("roles", "a service account holds exactly the SERVICE role, a person never does");
        }
        if (user.password() != null) {
            Optional<String> weak = policy().refusal(user.username(), user.password(), List.of());
            if (weak.isPresent()) {
                return Result.refused("password", weak.get());
            }
        }
        Instant now = clock.instant();
        Optional<Long> created =
                insert(user, user.password() == null ? null : encoder.encode(user.password()), "API", actor, now);
        if (created.isEmpty()) {
            // another creation of the same name committed between the check above and the insert
            return Result.refused("username", "is taken (user names are never reused, not even of disabled users)");
        }
        long id = created.get();
        if (user.password() != null) {
            jdbc.sql("UPDATE app_user SET password_expires_at = ?, must_change_password = ? WHERE id = ?")
                    .params(
                            Timestamp.from(temporaryPassword ? now : now.plus(settings.passwordMaxAge())),
                            temporaryPassword,
                            id)
                    .update();
        }
        return Result.ok(byId(id).orElseThrow());
    }

    /** Creates a configured user if no account has its name; true when it was created. */
    @Transactional
    public boolean bootstrap(BootstrapUsers.Entry entry) {
        if (find(entry.username()).isPresent()) {
            return false;
        }
        Set<Role> roles = entry.roles() == null || entry.roles().isEmpty()
                ? EnumSet.of(Role.AUDITOR)
                : entry.roles().stream()
                        .map(Role::of)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        UserAccount.Kind kind = entry.kind() != null && entry.kind().equalsIgnoreCase("SERVICE")
                ? UserAccount.Kind.SERVICE
                : UserAccount.Kind.PERSON;
        NewUser user = new NewUser(
                entry.username(),
                entry.displayName() == null ? entry.username() : entry.displayName(),
                kind,
                roles,
                null,
                entry.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(entry.timeZone()),
                entry.email());
        // The configured value is already an encoded hash; it never expires by age (configuration owns it).
        return insert(user, entry.password(), "CONFIGURATION", "system", clock.instant())
                .isPresent();
    }

    private Optional<Long> insert(NewUser user, @Nullable String hash, String origin, String actor, Instant now) {
        return insert(user, hash, origin, actor, now, null, null);
    }

    /**
     * Inserts the account and audits it; empty when the name is taken. The unique index decides, so two
     * creations of one name at the same moment give one account and one refusal, never an error.
     */
    private Optional<Long> insert(
            NewUser user,
            @Nullable String hash,
            String origin,
            String actor,
            Instant now,
            @Nullable String oidcIssuer,
            @Nullable String oidcSubject) {
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO app_user (username, display_name, kind, roles, password_hash, password_set_at,
                            time_zone, email, origin, created_at, created_by, oidc_issuer, oidc_subject, language)
                        VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (username) DO NOTHING RETURNING id""")
                .params(
                        user.username(),
                        user.displayName(),
                        user.kind().name(),
                        "{" + user.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")) + "}",
                        hash,
                        hash == null ? null : Timestamp.from(now),
                        user.timeZone().getId(),
                        user.email(),
                        origin,
                        Timestamp.from(now),
                        actor,
                        oidcIssuer,
                        oidcSubject,
                        user.language().isEmpty() ? null : user.language())
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            return inserted;
        }
        long id = inserted.get();
        if (hash != null) {
            history(id, hash, now);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("username", user.username());
        view.put("displayName", user.displayName());
        view.put("kind", user.kind().name());
        view.put("roles", user.roles().stream().map(Role::name).sorted().toList());
        view.put("origin", origin);
        audit.append(new AuditRecord(
                actor, "user.created", "user", user.username(), null, null, view, "account created", null));
        return inserted;
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
        Optional<UserAccount> bound = jdbc.sql(
                        "SELECT " + COLUMNS + " FROM app_user WHERE oidc_issuer = ? AND oidc_subject = ?")
                .params(issuer, subject)
                .query(Users::account)
                .optional();
        if (bound.isPresent()) {
            UserAccount a = bound.get();
            if (!a.enabled() || a.locked()) {
                return Result.refused("username", "the account " + a.username() + " is disabled or locked");
            }
            if (roles.isEmpty()) {
                return Result.refused("roles", "the provider's roles claim gives no Qualigate role");
            }
            if (!roles.equals(a.roles())) {
                return changeRoles(a.username(), roles, "oidc:" + issuer);
            }
            return Result.ok(a);
        }
        String name = username.toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("[a-z0-9][a-z0-9._@-]{1,63}")) {
            return Result.refused("username", "the provider's user name cannot be a Qualigate user name: " + name);
        }
        if (find(name).isPresent()) {
            return Result.refused(
                    "username", "an account named " + name + " exists and is not bound to this OIDC subject");
        }
        if (roles.isEmpty()) {
            return Result.refused("roles", "the provider's roles claim gives no Qualigate role");
        }
        Instant now = clock.instant();
        Optional<Long> created = insert(
                new NewUser(name, displayName, UserAccount.Kind.PERSON, roles, null, ZoneId.of("UTC"), email),
                null,
                "OIDC",
                "oidc:" + issuer,
                now,
                issuer,
                subject);
        if (created.isEmpty()) {
            return Result.refused(
                    "username", "an account named " + name + " exists and is not bound to this OIDC subject");
        }
        long id = created.get();
        jdbc.sql("UPDATE app_user SET first_sign_in_at = ? WHERE id = ?")
                .params(Timestamp.from(now), id)
                .update();
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
            return Result.refused("reason", "is required: say why the roles change");
        }
        Optional<UserAccount> user = find(username);
        if (user.isEmpty()) {
            return Result.refused("username", "is not a user");
        }
        if (roles.isEmpty()) {
            return Result.refused("roles", "must name at least one role (disable the account instead)");
        }
        boolean service = user.get().kind() == UserAccount.Kind.SERVICE;
        if (service != roles.contains(Role.SERVICE) || (service && roles.size() > 1)) {
            return Result.refused("roles", "a service account holds exactly the SERVICE role, a person never does");
        }
        jdbc.sql("UPDATE app_user SET roles = ?::text[] WHERE id = ?")
                .params(
                        "{" + roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")) + "}",
                        user.get().id())
                .update();
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
            return Result.refused("username", "is not a user");
        }
        if (!enabled && username.equals(actor)) {
            return Result.refused("username", "an administrator cannot disable their own account");
        }
        jdbc.sql("UPDATE app_user SET enabled = ?, failed_attempts = CASE WHEN ? THEN 0 ELSE failed_attempts END, "
                        + "locked_at = CASE WHEN ? THEN NULL ELSE locked_at END WHERE id = ?")
                .params(enabled, enabled, enabled, user.get().id())
                .update();
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
        return store(username, password, false, actor, "user.password-set", "password changed");
    }

    /**
     * An administrator resets a person's password to a temporary one: it opens no session and signs nothing
     * until its owner has replaced it (it is expired at once), and the reason is audited. An administrator
     * changes their own password on their account page, never here.
     */
    @Transactional
    public Result<UserAccount> resetPassword(String username, String temporary, String reason, String actor) {
        Optional<UserAccount> user = find(username);
        if (user.isEmpty()) {
            return Result.refused("username", "is not a user");
        }
        if (!user.get().person()) {
            return Result.refused("username", "is a service account: its password is set through the API");
        }
        if (username.equals(actor)) {
            return Result.refused("username", "is your own account: change your password on your account page");
        }
        if (reason.isBlank()) {
            return Result.refused("reason", "is required: say why the password is reset");
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
        Optional<UserAccount> user = find(username);
        if (user.isEmpty()) {
            return Result.refused("username", "is not a user");
        }
        List<Predicate<String>> previous = jdbc
                .sql("SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY set_at DESC LIMIT ?")
                .params(user.get().id(), settings.passwordHistory())
                .query(String.class)
                .list()
                .stream()
                .<Predicate<String>>map(hash -> candidate -> matches(candidate, hash))
                .toList();
        Optional<String> weak = policy().refusal(username, password, previous);
        if (weak.isPresent()) {
            return Result.refused("password", weak.get());
        }
        Instant now = clock.instant();
        String hash = encoder.encode(password);
        jdbc.sql("UPDATE app_user SET password_hash = ?, password_set_at = ?, password_expires_at = ?, "
                        + "must_change_password = ? WHERE id = ?")
                .params(
                        hash,
                        Timestamp.from(now),
                        Timestamp.from(temporary ? now : now.plus(settings.passwordMaxAge())),
                        temporary,
                        user.get().id())
                .update();
        history(user.get().id(), hash, now);
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
        return Result.ok(byId(user.get().id()).orElseThrow());
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
            return Result.refused("username", "is not a user");
        }
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            return Result.refused("email", "is not an e-mail address");
        }
        if (!LANGUAGES.contains(language)) {
            return Result.refused("language", "must be empty (as the browser asks), en or de");
        }
        UserAccount before = user.get();
        jdbc.sql("UPDATE app_user SET email = ?, time_zone = ?, language = ? WHERE id = ?")
                .params(email, timeZone.getId(), language.isEmpty() ? null : language, before.id())
                .update();
        Map<String, Object> old = new LinkedHashMap<>();
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
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE kind = 'PERSON' AND enabled AND locked_at IS NULL "
                        + "AND email IS NOT NULL AND ? = ANY (roles) ORDER BY id")
                .param(role.name())
                .query(Users::account)
                .list();
    }

    private boolean matches(String candidate, String hash) {
        try {
            return encoder.matches(candidate, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void history(long id, String hash, Instant now) {
        jdbc.sql("INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)")
                .params(id, hash, Timestamp.from(now))
                .update();
    }

    /**
     * Counts a failed sign-in (a wrong password, or a user name no account has) and audits it with the way in
     * and the source address; true when this failure locked the account. The lockout's alert e-mail is queued
     * in the same transaction, which is a transaction of its own: a refused signature counts even when the
     * signer's transaction rolls back, and nothing is sent from inside it.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public boolean failed(String username, Via via, String source) {
        Instant now = clock.instant();
        int max = maxFailedAttempts();
        Timestamp at = Timestamp.from(now);
        // locked_now is read from the row itself, so a limit lowered by an approved change set (a count already
        // past it) still locks with its own entry and alert, and a locked account is not locked again
        record Failure(int attempts, boolean lockedNow) {}
        Optional<Failure> failure = jdbc.sql(
                        "UPDATE app_user SET failed_attempts = failed_attempts + 1, "
                                + "locked_at = CASE WHEN locked_at IS NULL AND failed_attempts + 1 >= ? THEN ? ELSE locked_at END "
                                + "WHERE username = ? RETURNING failed_attempts, locked_at IS NOT DISTINCT FROM ? AS locked_now")
                .params(max, at, username, at)
                .query((rs, n) -> new Failure(rs.getInt("failed_attempts"), rs.getBoolean("locked_now")))
                .optional();
        if (failure.isEmpty()) {
            unknownName(username, via, source);
            return false;
        }
        int attempts = failure.get().attempts();
        boolean lockedNow = failure.get().lockedNow();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("failedAttempts", attempts);
        if (lockedNow) {
            after.put("locked", true);
        }
        after.put("via", via.name());
        after.put("source", source);
        audit.append(new AuditRecord(
                username,
                lockedNow ? "user.locked" : "user.sign-in-failed",
                "user",
                username,
                null,
                Map.of("failedAttempts", attempts - 1),
                after,
                lockedNow
                        ? "locked after " + attempts + " consecutive failed sign-ins or signatures (last: "
                                + via.label() + " from " + source + ")"
                        : "wrong password (" + via.label() + " from " + source + ")",
                null));
        if (lockedNow) {
            queueLockoutAlert(username, attempts, via, source, now);
        }
        return lockedNow;
    }

    /** Audits a sign-in refused for the account's state (locked, disabled, expired) or by the OIDC rules. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void refused(String username, Via via, String source, String reason) {
        boolean known = find(username).isPresent();
        String name = known ? username : TextInput.printable(username, 64);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("knownUser", known);
        value.put("via", via.name());
        value.put("source", source);
        audit.append(new AuditRecord(
                known ? username : "anonymous",
                "user.sign-in-refused",
                "user",
                name,
                null,
                null,
                value,
                TextInput.printable(reason, 500) + " (" + via.label() + " from " + source + ")",
                null));
    }

    /**
     * A name no account has: audited like any failure, but nothing counts (there is no account to lock). The
     * name is the caller's text, so it is kept printable and short.
     */
    private void unknownName(String username, Via via, String source) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("knownUser", false);
        value.put("via", via.name());
        value.put("source", source);
        audit.append(new AuditRecord(
                "anonymous",
                "user.sign-in-failed",
                "user",
                TextInput.printable(username, 64),
                null,
                null,
                value,
                "unknown user name (" + via.label() + " from " + source + ")",
                null));
    }

    private void queueLockoutAlert(String username, int attempts, Via via, String source, Instant at) {
        List<String> to = settings.lockoutAlertRecipients().isEmpty()
                ? parameters.alertRecipients()
                : settings.lockoutAlertRecipients();
        String how = switch (via) {
            case BASIC -> "mail.lockout.via.basic";
            case FORM -> "mail.lockout.via.form";
            case SIGNATURE -> "mail.lockout.via.signature";
            case OIDC -> "mail.lockout.via.oidc";
        };
        mail.queue(
                "lockout/" + username + "/" + at,
                MailQueue.Kind.LOCKOUT,
                null,
                to,
                ZoneId.of("UTC"),
                r -> new MailReader.Letter(
                        r.text("mail.lockout.subject", username),
                        r.text("mail.lockout.body", username, r.at(at), attempts, r.text(how), source)),
                "no lockout alert recipients configured (qualigate.identity.lockout-alert-recipients or"
                        + " qualigate.monitoring.alert-recipients)");
    }

    /**
     * Failures before lockout: the value approved under change control, else the configured one; read at
     * each failure so an approval holds on every instance at once.
     */
    public int maxFailedAttempts() {
        return parameters.intValue("identity.max-failed-attempts", settings.maxFailedAttempts());
    }

    /** A successful sign-in ends the run of failures. */
    @Transactional
    public void succeeded(String username) {
        jdbc.sql(
                        "UPDATE app_user SET failed_attempts = 0 WHERE username = ? AND failed_attempts > 0 AND locked_at IS NULL")
                .param(username)
                .update();
    }

    private static UserAccount account(ResultSet rs, int n) throws SQLException {
        Array roles = rs.getArray("roles");
        Set<Role> set = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) roles.getArray()).map(Role::of).forEach(set::add);
        Timestamp expires = rs.getTimestamp("password_expires_at");
        return new UserAccount(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                UserAccount.Kind.valueOf(rs.getString("kind")),
                set,
                rs.getBoolean("enabled"),
                rs.getTimestamp("locked_at") != null,
                rs.getInt("failed_attempts"),
                expires == null ? null : expires.toInstant(),
                ZoneId.of(rs.getString("time_zone")),
                rs.getString("email"),
                rs.getString("origin"),
                rs.getTimestamp("created_at").toInstant(),
                Objects.requireNonNullElse(rs.getString("language"), ""),
                rs.getBoolean("must_change_password"));
    }

    /** The account after a change, or the field and reason it was refused. */
    public record Result<T>(
            @Nullable T value,
            @Nullable String field,
            @Nullable String reason) {

        static <T> Result<T> ok(T value) {
            return new Result<>(value, null, null);
        }

        static <T> Result<T> refused(String field, String reason) {
            return new Result<>(null, field, reason);
        }

        public boolean refused() {
            return value == null;
        }
    }
}
