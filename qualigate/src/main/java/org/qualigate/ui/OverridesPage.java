package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReviewTasks;
import org.qualigate.delivery.AccessTargets;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Sentence;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Emergency overrides: the list, and the grant form for plant managers, who sign a grant by re-entering
 * their password (at most 24 hours; QA reviews each one afterwards).
 */
@Controller
class OverridesPage {

    private final Overrides overrides;
    private final ReviewTasks reviews;
    private final AccessTargets targets;

    OverridesPage(Overrides overrides, ReviewTasks reviews, AccessTargets targets) {
        this.overrides = overrides;
        this.reviews = reviews;
        this.targets = targets;
    }

    @GetMapping("/overrides")
    String list(Authentication user, HttpSession session, Model model) {
        model.addAttribute("needUserId", !UiSigning.continuing(user, session));
        model.addAttribute("overrides", overrides.list(false));
        model.addAttribute("reviews", reviews);
        model.addAttribute("targets", targets.all().stream().map(t -> t.name()).toList());
        model.addAttribute("mayGrant", PageModel.has(user, "PLANT_MANAGER"));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("form", Map.of("hours", "8"));
        }
        return "overrides";
    }

    @PostMapping("/overrides")
    String grant(
            @RequestParam(defaultValue = "") String employeeId,
            @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String target,
            @RequestParam(defaultValue = "") String hours,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        String id = employeeId(employeeId, errors);
        RoleName roleName = roleName(role, errors);
        String targetName = target.isBlank() ? null : target.trim();
        if (targetName != null && targets.named(targetName).isEmpty()) {
            errors.reject("target", org.qualigate.text.Sentence.of("form.error.target"));
        }
        double h = hours(hours, errors);
        if (reason.trim().length() < 10) {
            errors.reject("reason", org.qualigate.text.Sentence.of("form.error.reason-10"));
        }
        SignatureRequest signing = signer.request(null, Meaning.APPROVED, errors);
        RoleName grantedRole = roleName;
        double grantedHours = h;
        Optional<AccessOverride> granted = signer.run(
                errors,
                () -> overrides.grant(signing, EmployeeId.of(id), grantedRole, targetName, grantedHours, reason.trim()),
                UnaryOperator.identity(),
                "employeeId");
        if (granted.isPresent()) {
            redirect.addFlashAttribute(
                    "notice",
                    Sentence.of(
                            "form.notice.override-granted",
                            id,
                            roleName,
                            granted.get().endsAt()));
            return "redirect:/overrides";
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute(
                "form",
                Map.of(
                        "employeeId",
                        employeeId,
                        "role",
                        role,
                        "target",
                        target,
                        "hours",
                        hours,
                        "reason",
                        reason,
                        "userId",
                        signer.userId()));
        return list(signer.user(), signer.session(), model);
    }

    /** The employee id as entered, trimmed; the field's error when it is missing or not an employee id. */
    private static String employeeId(String employeeId, FieldErrors errors) {
        String id = employeeId.trim();
        if (id.isEmpty()) {
            errors.reject("employeeId", org.qualigate.text.Sentence.of("form.error.enter-employee-id"));
        } else if (!EmployeeId.isValid(id)) {
            errors.reject("employeeId", org.qualigate.text.Sentence.of("form.error.employee-id"));
        }
        return id;
    }

    /** The role to grant, or null with the field's error when it is missing or not a role name. */
    private static @Nullable RoleName roleName(String role, FieldErrors errors) {
        if (role.isBlank()) {
            errors.reject("role", org.qualigate.text.Sentence.of("form.error.enter-role"));
            return null;
        }
        try {
            return RoleName.of(role.trim());
        } catch (IllegalArgumentException e) {
            errors.reject("role", org.qualigate.text.Sentence.of("form.error.role-name"));
            return null;
        }
    }

    /** How long the override lasts: more than none and at most 24 hours, else the field's error. */
    private static double hours(String hours, FieldErrors errors) {
        double h = 0;
        try {
            h = Double.parseDouble(hours.trim());
            if (!(h > 0 && h <= 24)) {
                errors.reject("hours", org.qualigate.text.Sentence.of("form.error.hours-range"));
            }
        } catch (NumberFormatException e) {
            errors.reject("hours", org.qualigate.text.Sentence.of("form.error.hours"));
        }
        return h;
    }
}
