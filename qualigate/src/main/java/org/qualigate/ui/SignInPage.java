package org.qualigate.ui;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The sign-in page (the form posts to Spring Security's log-in) and the page shown when a role is missing. */
@Controller
class SignInPage {

    private final boolean oidc;

    SignInPage(@Value("${qualigate.identity.oidc.issuer:}") String issuer) {
        this.oidc = !issuer.isBlank();
    }

    /** The form, and the company sign-in (OIDC) beside it when a provider is configured (decision 0020). */
    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("oidc", oidc);
        return "login";
    }

    @org.springframework.web.bind.annotation.RequestMapping("/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "denied";
    }
}
