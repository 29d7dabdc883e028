package org.qualigate.ui;

import java.util.EnumSet;
import java.util.Set;
import org.qualigate.identity.Role;
import org.qualigate.waiting.WaitingWork;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard's "waiting for you" panel: what the signed-in person's roles let them deal with, oldest first. */
@Controller
class WaitingPanel {

    private final WaitingWork waiting;

    WaitingPanel(WaitingWork waiting) {
        this.waiting = waiting;
    }

    @GetMapping("/dashboard/waiting")
    String panel(Authentication user, Model model) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : user.getAuthorities()) {
            if (a.getAuthority() != null && a.getAuthority().startsWith("ROLE_")) {
                try {
                    roles.add(Role.of(a.getAuthority()));
                } catch (IllegalArgumentException e) {
                    // an authority that is no role of Qualigate's gives no work
                }
            }
        }
        model.addAttribute("waiting", waiting.forUser(user.getName(), roles));
        model.addAttribute(
                "reads", roles.equals(EnumSet.of(Role.AUDITOR)) || roles.equals(EnumSet.of(Role.PLANT_MANAGER)));
        return "waiting :: panel";
    }
}
