package org.qualigate.web;

import java.util.List;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is signed in as, and how: the account that signatures and the audit trail name. */
@RestController
class SessionController {

    private final Users users;

    SessionController(Users users) {
        this.users = users;
    }

    @GetMapping("/api/v1/session")
    SessionView session(Authentication caller) {
        UserAccount a = users.find(caller.getName()).orElseThrow(() -> new ApiErrors.NotFound("no account"));
        return new SessionView(
                a.id(),
                a.username(),
                a.displayName(),
                a.roles().stream().map(Role::name).sorted().toList(),
                a.origin(),
                caller instanceof OAuth2AuthenticationToken ? "OIDC" : "PASSWORD");
    }

    /** Who is signed in, with which roles, and how. */
    record SessionView(
            long id, String username, String displayName, List<String> roles, String origin, String signedInWith) {}
}
