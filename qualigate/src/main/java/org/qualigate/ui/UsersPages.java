package org.qualigate.ui;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * User administration for administrators: the accounts (filtered by name, role and state), a new person's
 * account with a first password its owner replaces at the first sign-in, and on one account its roles,
 * disabling and enabling, a password reset and its profile — each change with a reason where Part 11 asks for
 * one, audited. No account is ever deleted, so a user name is never given to someone else.
 */
@Controller
class UsersPages {

    /** The roles a person may hold (SERVICE marks an integration's account, made through the API). */
    static final List<Role> PERSON_ROLES =
            List.of(Role.ADMINISTRATOR, Role.QA_APPROVER, Role.HR_MAPPING_EDITOR, Role.PLANT_MANAGER, Role.AUDITOR);

    private final Users users;
    private final AuditTrail audit;
    private final PlantDefinition plant;

    UsersPages(Users users, AuditTrail audit, PlantDefinition plant) {
        this.users = users;
        this.audit = audit;
        this.plant = plant;
    }

    @GetMapping("/users")
    String list(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String state,
            Model model) {
        String text = q.trim().toLowerCase(Locale.ROOT);
        Role r = role.isBlank() ? null : roleOf(role);
        List<UserAccount> shown = users.all().stream()
                .filter(u -> text.isEmpty()
                        || u.username().contains(text)
                        || u.displayName().toLowerCase(Locale.ROOT).contains(text))
                .filter(u -> r == null || u.roles().contains(r))
                .filter(u -> switch (state) {
                    case "enabled" -> u.enabled() && !u.locked();
                    case "disabled" -> !u.enabled();
                    case "locked" -> u.locked();
                    default -> true;
                })
                .toList();
        model.addAttribute("accounts", shown);
        model.addAttribute("total", users.all().size());
        model.addAttribute("filter", Map.of("q", q, "role", r == null ? "" : r.name(), "state", state));
        model.addAttribute("allRoles", Role.values());
        common(model);
        if (!model.containsAttribute("form")) {
            // a page model: the form's fields by name
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("username", "");
            form.put("displayName", "");
            form.put("email", "");
            form.put("timeZone", "UTC");
            form.put("language", "");
            form.put("roles", Set.of());
            model.addAttribute("form", form);
            model.addAttribute("errors", Map.of());
        }
        return "users";
    }

    @PostMapping("/users")
    String create(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "UTC") String timeZone,
            @RequestParam(defaultValue = "") String language,
            @RequestParam(name = "roles", required = false) @Nullable List<String> roles,
            @RequestParam(defaultValue = "") String password,
            Authentication admin,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        Set<Role> chosen = roles(roles, errors);
        ZoneId zone = zone(timeZone, errors);
        String mail = email(email, errors);
        if (password.isEmpty()) {
            errors.reject("password", org.qualigate.text.Sentence.of("form.error.first-password"));
        }
        if (!errors.any() && zone != null) {
            Users.Result<UserAccount> result = users.create(
                    new Users.NewUser(
                            username.trim(),
                            displayName.trim(),
                            UserAccount.Kind.PERSON,
                            chosen,
                            password,
                            zone,
                            mail,
                            language.trim()),
                    true,
                    admin.getName());
            if (!result.refused()) {
                redirect.addFlashAttribute("done", "created");
                return "redirect:/users/" + result.value().username();
            }
            errors.reject(refused(result), "username");
        }
        // a page model: the form's fields by name
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("displayName", displayName);
        form.put("email", email);
        form.put("timeZone", timeZone);
        form.put("language", language);
        form.put("roles", chosen.stream().map(Role::name).collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors.asMap());
        return list("", "", "", model);
    }

    @GetMapping("/users/{username}")
    String account(@PathVariable String username, Authentication admin, Model model) {
        UserAccount a = users.find(username)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + username));
        model.addAttribute("a", a);
        model.addAttribute("self", a.username().equals(admin.getName()));
        model.addAttribute("personRoles", PERSON_ROLES);
        model.addAttribute("heldRoles", a.roles().stream().map(Role::name).toList());
        model.addAttribute(
                "history",
                audit.findNewestFirst(
                        new AuditQuery(null, "user", a.username(), null, null, null, 0, 50), Long.MAX_VALUE));
        common(model);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("failed", "");
        }
        if (!model.containsAttribute("profile")) {
            model.addAttribute(
                    "profile",
                    Map.of(
                            "email",
                            a.email() == null ? "" : a.email(),
                            "timeZone",
                            a.timeZone().getId(),
                            "language",
                            a.language()));
        }
        return "user";
    }

    @PostMapping("/users/{username}/roles")
    String roles(
            @PathVariable String username,
            @RequestParam(name = "roles", required = false) @Nullable List<String> roles,
            @RequestParam(defaultValue = "") String reason,
            Authentication admin,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        Set<Role> chosen = roles(roles, errors);
        requireReason(reason, "form.error.roles-reason", errors);
        return act(
                "roles",
                username,
                errors,
                () -> users.changeRoles(username, chosen, reason.trim(), admin.getName()),
                "roles",
                admin,
                model,
                redirect);
    }

    /** Disables or enables the account, with the reason the audit trail keeps; enabling also unlocks it. */
    @PostMapping({"/users/{username}/disable", "/users/{username}/enable"})
    String setEnabled(
            @PathVariable String username,
            @RequestParam(defaultValue = "") String reason,
            jakarta.servlet.http.HttpServletRequest request,
            Authentication admin,
            Model model,
            RedirectAttributes redirect) {
        boolean enable = request.getRequestURI().endsWith("/enable");
        FieldErrors errors = new FieldErrors();
        requireReason(reason, enable ? "form.error.enable-reason" : "form.error.disable-reason", errors);
        return act(
                enable ? "enable" : "disable",
                username,
                errors,
                () -> users.setEnabled(username, enable, reason.trim(), admin.getName()),
                enable ? "enabled" : "disabled",
                admin,
                model,
                redirect);
    }

    @PostMapping("/users/{username}/password")
    String resetPassword(
            @PathVariable String username,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String reason,
            Authentication admin,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        if (password.isEmpty()) {
            errors.reject("password", org.qualigate.text.Sentence.of("form.error.temporary-password"));
        }
        requireReason(reason, "form.error.reset-reason", errors);
        return act(
                "password",
                username,
                errors,
                () -> users.resetPassword(username, password, reason.trim(), admin.getName()),
                "password",
                admin,
                model,
                redirect);
    }

    @PostMapping("/users/{username}/profile")
    String profile(
            @PathVariable String username,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "UTC") String timeZone,
            @RequestParam(defaultValue = "") String language,
            Authentication admin,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        ZoneId zone = zone(timeZone, errors);
        String mail = email(email, errors);
        model.addAttribute("profile", Map.of("email", email, "timeZone", timeZone, "language", language));
        return act(
                "profile",
                username,
                errors,
                () -> users.updateProfile(
                        username, mail, zone == null ? ZoneId.of("UTC") : zone, language.trim(), admin.getName()),
                "profile",
                admin,
                model,
                redirect);
    }

    /**
     * The common end of an action on one account: its own checks, then the change, then the account again, the
     * page saying what was done ({@code done}, a word its template turns into a sentence).
     */
    private String act(
            String action,
            String username,
            FieldErrors errors,
            java.util.function.Supplier<Users.Result<UserAccount>> change,
            String done,
            Authentication admin,
            Model model,
            RedirectAttributes redirect) {
        if (users.find(username).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + username);
        }
        if (!errors.any()) {
            Users.Result<UserAccount> result = change.get();
            if (!result.refused()) {
                redirect.addFlashAttribute("done", done);
                return "redirect:/users/" + username;
            }
            errors.reject(refused(result), "form");
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("failed", action);
        return account(username, admin, model);
    }

    private void common(Model model) {
        model.addAttribute("personRoles", PERSON_ROLES);
        model.addAttribute("languages", Users.LANGUAGES);
        model.addAttribute("zones", zones());
    }

    /** The zones offered first: UTC and the plant's sites' (any other zone id may be typed). */
    private List<String> zones() {
        TreeSet<String> zones = new TreeSet<>();
        zones.add("UTC");
        plant.current().sites().values().forEach(s -> zones.add(s.zone().getId()));
        return List.copyOf(zones);
    }

    static Set<Role> roles(@Nullable List<String> names, FieldErrors errors) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names == null ? List.<String>of() : names) {
            Role r = roleOf(n);
            if (r == null || !PERSON_ROLES.contains(r)) {
                errors.reject("roles", org.qualigate.text.Sentence.of("form.error.roles-from-list"));
            } else {
                roles.add(r);
            }
        }
        if (roles.isEmpty()) {
            errors.reject("roles", org.qualigate.text.Sentence.of("form.error.one-role"));
        }
        return roles;
    }

    private static @Nullable Role roleOf(String name) {
        try {
            return Role.of(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static @Nullable ZoneId zone(String text, FieldErrors errors) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            errors.reject("timeZone", org.qualigate.text.Sentence.of("form.error.time-zone"));
            return null;
        }
    }

    static @Nullable String email(String text, FieldErrors errors) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (!t.matches("[^@\\s]+@[^@\\s]+")) {
            errors.reject("email", org.qualigate.text.Sentence.of("form.error.email"));
        }
        return t;
    }

    private static void requireReason(String reason, String why, FieldErrors errors) {
        if (reason.isBlank()) {
            errors.reject("reason", org.qualigate.text.Sentence.of(why));
        }
    }

    /** The service's refusal of an account change, said by its sentence beside its field. */
    static org.qualigate.text.Refusal refused(Users.Result<?> result) {
        return result.why() == null ? org.qualigate.text.Refusal.whole("refused", "refusal.refused") : result.why();
    }
}
