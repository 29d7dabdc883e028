package org.qualigate.web;

import java.util.LinkedHashMap;
import java.util.Map;
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
    Map<String, Object> session(Authentication caller) {
        UserAccount a = users.find(caller.getName()).orElseThrow(() -> new ApiErrors.NotFound("no account"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("username", a.username());
        m.put("displayName", a.displayName());
        m.put("roles", a.roles().stream().map(Role::name).sorted().toList());
        m.put("origin", a.origin());
        m.put("signedInWith", caller instanceof OAuth2AuthenticationToken ? "OIDC" : "PASSWORD");
        return m;
    }
}
