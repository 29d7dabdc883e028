package org.qualigate.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.identity.PasswordCheck;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * User administration (administrators): list, create people and named service accounts, change roles,
 * disable and enable (which also unlocks), set a password; and a user's own password change. No account is
 * ever deleted.
 */
@RestController
class UsersController {

    private final Users users;
    private final PasswordCheck signing;

    UsersController(Users users, PasswordCheck signing) {
        this.users = users;
        this.signing = signing;
    }

    @GetMapping("/api/v1/users")
    UserList list() {
        return new UserList(users.all().stream().map(UsersController::view).toList());
    }

    @GetMapping("/api/v1/users/{username}")
    UserView get(@PathVariable String username) {
        return view(
                users.find(username).orElseThrow(() -> new ApiErrors.NotFound("user " + username + " does not exist")));
    }

    @GetMapping("/api/v1/account")
    UserView me(Authentication caller) {
        return view(users.find(caller.getName()).orElseThrow(() -> new ApiErrors.NotFound("no account")));
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<?> create(@RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        String username = required(body, "username");
        String displayName = required(body, "displayName");
        String kind = SigningInput.text(body, "kind");
        UserAccount.Kind k;
        try {
            k = kind == null
                    ? UserAccount.Kind.PERSON
                    : UserAccount.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.InvalidParameter("kind", "must be PERSON or SERVICE");
        }
        String zone = SigningInput.text(body, "timeZone");
        ZoneId z;
        try {
            z = zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ApiErrors.InvalidParameter("timeZone", "is not a time zone id, e.g. Europe/Zurich");
        }
        String email = SigningInput.text(body, "email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ApiErrors.InvalidParameter("email", "is not an e-mail address");
        }
        var result = users.create(
                new Users.NewUser(username, displayName, k, roles(body), SigningInput.text(body, "password"), z, email),
                caller.getName());
        return respond(result, HttpStatus.CREATED);
    }

    @PostMapping("/api/v1/users/{username}/roles")
    ResponseEntity<?> roles(
            @PathVariable String username, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        String reason = SigningInput.text(body, "reason");
        return respond(
                users.changeRoles(username, roles(body), reason == null ? "roles changed" : reason, caller.getName()),
                HttpStatus.OK);
    }

    @PostMapping("/api/v1/users/{username}/disable")
    ResponseEntity<?> disable(
            @PathVariable String username, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(users.setEnabled(username, false, required(body, "reason"), caller.getName()), HttpStatus.OK);
    }

    @PostMapping("/api/v1/users/{username}/enable")
    ResponseEntity<?> enable(
            @PathVariable String username, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(users.setEnabled(username, true, required(body, "reason"), caller.getName()), HttpStatus.OK);
    }

    @PostMapping("/api/v1/users/{username}/password")
    ResponseEntity<?> password(
            @PathVariable String username, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(users.setPassword(username, required(body, "password"), caller.getName()), HttpStatus.OK);
    }

    /**
     * An administrator resets a person's password to a temporary one, with a reason: its owner must replace it
     * before it opens a session or signs.
     */
    @PostMapping("/api/v1/users/{username}/password-reset")
    ResponseEntity<?> resetPassword(
            @PathVariable String username, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(
                users.resetPassword(username, required(body, "password"), required(body, "reason"), caller.getName()),
                HttpStatus.OK);
    }

    /**
     * The signing password of an account that signs in through the OIDC provider, changed by its owner with
     * the current one (decision 0020: an administrator sets the first).
     */
    @PostMapping("/api/v1/account/signing-password")
    ResponseEntity<?> ownSigningPassword(@RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        UserAccount account = users.find(caller.getName()).orElseThrow(() -> new ApiErrors.NotFound("no account"));
        if (!account.origin().equals("OIDC")) {
            throw new ApiErrors.InvalidParameter(
                    "password", "this account signs with its password: change it at /api/v1/account/password");
        }
        String current = required(body, "currentPassword");
        if (signing.signing(caller.getName(), current) != PasswordCheck.Outcome.ACCEPTED) {
            throw new ApiErrors.InvalidParameter("currentPassword", "is not your current signing password");
        }
        return respond(
                users.changeOwnPassword(
                        caller.getName(), required(body, "password"), "signing password changed by its owner"),
                HttpStatus.OK);
    }

    /** A user changes their own password (signed in with the current one). */
    @PostMapping("/api/v1/account/password")
    ResponseEntity<?> ownPassword(@RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(
                users.setPassword(caller.getName(), required(body, "password"), caller.getName()), HttpStatus.OK);
    }

    private static ResponseEntity<?> respond(Users.Result<UserAccount> result, HttpStatus success) {
        if (result.refused()) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST, "invalid-user", "Invalid user", result.field(), result.reason()),
                    null);
        }
        return ResponseEntity.status(success).body(view(result.value()));
    }

    private static Set<Role> roles(@Nullable Map<String, Object> body) {
        Object v = body == null ? null : body.get("roles");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new ApiErrors.InvalidParameter("roles", "must list at least one role of " + List.of(Role.values()));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object r : list) {
            try {
                roles.add(Role.of(String.valueOf(r)));
            } catch (IllegalArgumentException e) {
                throw new ApiErrors.InvalidParameter(
                        "roles", "names an unknown role " + r + "; roles are " + List.of(Role.values()));
            }
        }
        return roles;
    }

    private static String required(@Nullable Map<String, Object> body, String field) {
        String v = SigningInput.text(body, field);
        if (v == null || v.isBlank()) {
            throw new ApiErrors.InvalidParameter(field, "is required");
        }
        return v;
    }

    private static UserView view(UserAccount u) {
        return new UserView(
                u.id(),
                u.username(),
                u.displayName(),
                u.kind().name(),
                u.roles().stream().map(Role::name).sorted().toList(),
                u.enabled(),
                u.locked(),
                u.failedAttempts(),
                u.passwordExpiresAt(),
                u.timeZone().getId(),
                u.email(),
                u.origin(),
                u.createdAt(),
                u.language(),
                u.mustChangePassword());
    }

    record UserList(List<UserView> users) {}

    /** An account as administrators see it; never its password hashes. */
    record UserView(
            long id,
            String username,
            String displayName,
            String kind,
            List<String> roles,
            boolean enabled,
            boolean locked,
            int failedAttempts,
            @Nullable Instant passwordExpiresAt,
            String timeZone,
            @Nullable String email,
            String origin,
            Instant createdAt,
            String language,
            boolean mustChangePassword) {}
}
