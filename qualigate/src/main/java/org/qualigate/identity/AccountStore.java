package org.qualigate.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts and their password history as stored: reads and writes only, the rules are in {@link Users}. */
@Repository
class AccountStore {

    private static final String COLUMNS = "id, username, display_name, kind, roles, enabled, locked_at, "
            + "failed_attempts, password_expires_at, time_zone, email, origin, created_at, language, "
            + "must_change_password";

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserAccount> find(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE username = ?")
                .param(username)
                .query(AccountStore::account)
                .optional();
    }

    Optional<UserAccount> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = ?")
                .param(id)
                .query(AccountStore::account)
                .optional();
    }

    List<UserAccount> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user ORDER BY id")
                .query(AccountStore::account)
                .list();
    }

    /** The account bound to this subject of this OIDC provider. */
    Optional<UserAccount> boundTo(String issuer, String subject) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE oidc_issuer = ? AND oidc_subject = ?")
                .params(issuer, subject)
                .query(AccountStore::account)
                .optional();
    }

    /** The enabled people holding the role who have an e-mail address. */
    List<UserAccount> reachable(Role role) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE kind = 'PERSON' AND enabled AND locked_at IS NULL "
                        + "AND email IS NOT NULL AND ? = ANY (roles) ORDER BY id")
                .param(role.name())
                .query(AccountStore::account)
                .list();
    }

    Optional<String> passwordHash(String username) {
        return jdbc.sql("SELECT password_hash FROM app_user WHERE username = ? AND password_hash IS NOT NULL")
                .param(username)
                .query(String.class)
                .optional();
    }

    /** Inserts the account; empty when the name is taken (the unique index decides). */
    Optional<Long> insert(
            Users.NewUser user,
            @Nullable String hash,
            String origin,
            String actor,
            Instant now,
            @Nullable String oidcIssuer,
            @Nullable String oidcSubject) {
        return jdbc.sql("""
                        INSERT INTO app_user (username, display_name, kind, roles, password_hash, password_set_at,
                            time_zone, email, origin, created_at, created_by, oidc_issuer, oidc_subject, language)
                        VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (username) DO NOTHING RETURNING id""")
                .params(
                        user.username(),
                        user.displayName(),
                        user.kind().name(),
                        roles(user.roles()),
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
    }

    void passwordExpires(long id, Instant at, boolean mustChange) {
        jdbc.sql("UPDATE app_user SET password_expires_at = ?, must_change_password = ? WHERE id = ?")
                .params(Timestamp.from(at), mustChange, id)
                .update();
    }

    void firstSignIn(long id, Instant at) {
        jdbc.sql("UPDATE app_user SET first_sign_in_at = ? WHERE id = ?")
                .params(Timestamp.from(at), id)
                .update();
    }

    void roles(long id, Set<Role> roles) {
        jdbc.sql("UPDATE app_user SET roles = ?::text[] WHERE id = ?")
                .params(roles(roles), id)
                .update();
    }

    /** Disables or enables the account; enabling also clears a lockout. */
    void enabled(long id, boolean enabled) {
        jdbc.sql("UPDATE app_user SET enabled = ?, failed_attempts = CASE WHEN ? THEN 0 ELSE failed_attempts END, "
                        + "locked_at = CASE WHEN ? THEN NULL ELSE locked_at END WHERE id = ?")
                .params(enabled, enabled, enabled, id)
                .update();
    }

    void profile(long id, @Nullable String email, ZoneId timeZone, String language) {
        jdbc.sql("UPDATE app_user SET email = ?, time_zone = ?, language = ? WHERE id = ?")
                .params(email, timeZone.getId(), language.isEmpty() ? null : language, id)
                .update();
    }

    void password(long id, String hash, Instant setAt, Instant expiresAt, boolean mustChange) {
        jdbc.sql("UPDATE app_user SET password_hash = ?, password_set_at = ?, password_expires_at = ?, "
                        + "must_change_password = ? WHERE id = ?")
                .params(hash, Timestamp.from(setAt), Timestamp.from(expiresAt), mustChange, id)
                .update();
    }

    /** The hashes of the account's last passwords, newest first. */
    List<String> previousHashes(long id, int count) {
        return jdbc.sql("SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY set_at DESC LIMIT ?")
                .params(id, count)
                .query(String.class)
                .list();
    }

    void history(long id, String hash, Instant now) {
        jdbc.sql("INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)")
                .params(id, hash, Timestamp.from(now))
                .update();
    }

    private static String roles(Set<Role> roles) {
        return "{" + roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")) + "}";
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
}
