package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.ZoneId;
import java.util.Map;
import org.qualigate.identity.PasswordCheck;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One's own account: the password (with the current one), the signing password of an account that signs in
 * through the company's provider (decision 0020), and the time zone and language the pages will use; and, before
 * sign-in, the change of a password that has expired or that an administrator set. The current password is
 * checked by the same sign-in path as the log-in form, so a wrong one counts toward lockout.
 */
@Controller
class AccountPages {

    private final Users users;
    private final PasswordCheck passwords;

    AccountPages(Users users, PasswordCheck passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    @GetMapping("/account")
    String account(Authentication user, Model model) {
        UserAccount a = users.find(user.getName())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no account"));
        model.addAttribute("a", a);
        model.addAttribute("oidc", a.origin().equals("OIDC"));
        model.addAttribute("languages", Users.LANGUAGES);
        model.addAttribute("minLength", users.policy().minLength());
        model.addAttribute("history", users.policy().history());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("failed", "");
        }
        if (!model.containsAttribute("profile")) {
            model.addAttribute("profile", Map.of("timeZone", a.timeZone().getId(), "language", a.language()));
        }
        return "account";
    }

    @PostMapping("/account/password")
    String password(
            @RequestParam(defaultValue = "") String current,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String repeat,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        newPassword(password, repeat, errors);
        if (current.isEmpty()) {
            errors.reject("current", org.qualigate.text.Sentence.of("form.error.current-password"));
        } else if (!errors.any() && passwords.signIn(user.getName(), current) != PasswordCheck.Outcome.ACCEPTED) {
            errors.reject("current", org.qualigate.text.Sentence.of("form.error.wrong-current"));
        }
        return changed(
                "password",
                errors,
                user,
                model,
                redirect,
                () -> users.changeOwnPassword(user.getName(), password, "changed by its owner on the account page"));
    }

    /** An account that signs in at the company's provider keeps a local password for its signatures only. */
    @PostMapping("/account/signing-password")
    String signingPassword(
            @RequestParam(defaultValue = "") String current,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String repeat,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        UserAccount a = users.find(user.getName()).orElseThrow();
        if (!a.origin().equals("OIDC")) {
            errors.reject("form", org.qualigate.text.Sentence.of("form.error.signing-is-password"));
        }
        newPassword(password, repeat, errors);
        if (!errors.any() && passwords.signing(user.getName(), current) != PasswordCheck.Outcome.ACCEPTED) {
            errors.reject("current", org.qualigate.text.Sentence.of("form.error.not-signing-password"));
        }
        return changed(
                "signing",
                errors,
                user,
                model,
                redirect,
                () -> users.changeOwnPassword(
                        user.getName(), password, "signing password changed by its owner on the account page"));
    }

    @PostMapping("/account/profile")
    String profile(
            @RequestParam(defaultValue = "UTC") String timeZone,
            @RequestParam(defaultValue = "") String language,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        ZoneId zone = UsersPages.zone(timeZone, errors);
        UserAccount a = users.find(user.getName()).orElseThrow();
        model.addAttribute("profile", Map.of("timeZone", timeZone, "language", language));
        return changed(
                "profile",
                errors,
                user,
                model,
                redirect,
                () -> users.updateProfile(
                        a.username(),
                        a.email(),
                        zone == null ? ZoneId.of("UTC") : zone,
                        language.trim(),
                        a.username()));
    }

    private String changed(
            String action,
            FieldErrors errors,
            Authentication user,
            Model model,
            RedirectAttributes redirect,
            java.util.function.Supplier<Users.Result<UserAccount>> change) {
        if (!errors.any()) {
            Users.Result<UserAccount> result = change.get();
            if (!result.refused()) {
                redirect.addFlashAttribute("done", action);
                return "redirect:/account";
            }
            errors.reject(
                    "password".equals(result.field()) ? "password" : "form",
                    UsersPages.refused(result).said());
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("failed", action);
        return account(user, model);
    }

    // --- a password that expired, or that an administrator set, replaced before sign-in ---

    @GetMapping("/password/expired")
    String expired(HttpSession session, Model model) {
        Object name = session.getAttribute(UiSecurityConfiguration.EXPIRED_USER);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("username", name == null ? "" : name.toString());
        model.addAttribute("minLength", users.policy().minLength());
        model.addAttribute("history", users.policy().history());
        return "password-expired";
    }

    @PostMapping("/password/expired")
    String replaceExpired(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String current,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String repeat,
            HttpServletRequest request,
            Model model) {
        FieldErrors errors = new FieldErrors();
        String name = username.trim();
        if (name.isEmpty()) {
            errors.reject("username", org.qualigate.text.Sentence.of("form.error.user-name"));
        }
        newPassword(password, repeat, errors);
        if (!errors.any()) {
            PasswordCheck.Outcome checked = passwords.signIn(name, current);
            if (checked == PasswordCheck.Outcome.REFUSED) {
                // one answer for a wrong password, an unknown, disabled or locked account: the page tells nobody which
                errors.reject("current", org.qualigate.text.Sentence.of("form.error.wrong-user-or-password"));
            } else if (checked == PasswordCheck.Outcome.ACCEPTED) {
                errors.reject("current", org.qualigate.text.Sentence.of("form.error.not-expired"));
            } else {
                Users.Result<UserAccount> result = users.changeOwnPassword(
                        name, password, "expired or temporary password replaced by its owner at sign-in");
                if (!result.refused()) {
                    request.getSession().removeAttribute(UiSecurityConfiguration.EXPIRED_USER);
                    return "redirect:/login?changed";
                }
                errors.reject("password", UsersPages.refused(result).said());
            }
        }
        model.addAttribute("errors", errors.asMap());
        HttpSession session = request.getSession();
        session.setAttribute(UiSecurityConfiguration.EXPIRED_USER, name);
        return expired(session, model);
    }

    private static void newPassword(String password, String repeat, FieldErrors errors) {
        if (password.isEmpty()) {
            errors.reject("password", org.qualigate.text.Sentence.of("form.error.new-password"));
        } else if (!password.equals(repeat)) {
            errors.reject("repeat", org.qualigate.text.Sentence.of("form.error.passwords-differ"));
        }
    }
}
