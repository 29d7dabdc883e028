package org.qualigate.ui;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The sign-in page (the form posts to Spring Security's log-in) and the page shown when a role is missing. */
@Controller
class SignInPage {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @org.springframework.web.bind.annotation.RequestMapping("/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "denied";
    }
}
