package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.training.TrainingConflicts;
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
 * The QMS conflict queue: the same person × course held differently by the HRIS and the QMS, both versions
 * side by side with their sources, and QA's signed resolution (the user id and password on the first signature
 * of a session, later the password alone, as decision 0015 says).
 */
@Controller
class QmsConflictsPage {

    private final TrainingConflicts conflicts;

    QmsConflictsPage(TrainingConflicts conflicts) {
        this.conflicts = conflicts;
    }

    @GetMapping("/qms/conflicts")
    String queue(@RequestParam(defaultValue = "open") String state, Model model) {
        Boolean open = switch (state) {
            case "resolved" -> Boolean.FALSE;
            case "all" -> null;
            default -> Boolean.TRUE;
        };
        model.addAttribute("state", open == null ? "all" : open ? "open" : "resolved");
        model.addAttribute("conflicts", conflicts.list(open, null, null));
        return "qms-conflicts";
    }

    @GetMapping("/qms/conflicts/{id}")
    String conflict(@PathVariable UUID id, Authentication user, HttpSession session, Model model) {
        TrainingConflicts.Conflict c =
                conflicts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("c", c);
        model.addAttribute("signatures", conflicts.signaturesOf(c));
        model.addAttribute("mayResolve", PageModel.has(user, "QA_APPROVER"));
        model.addAttribute("continuing", UiSigning.continuing(user, session));
        PageModel.blankFormUnlessRefused(model);
        return "qms-conflict";
    }

    @PostMapping("/qms/conflicts/{id}/resolve")
    String resolve(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String resolution,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        if (!List.of("KEEP_HRIS", "KEEP_QMS", "OTHER").contains(resolution)) {
            errors.reject("resolution", org.qualigate.text.Sentence.of("form.error.which-version"));
        }
        if (reason.trim().length() < 10) {
            errors.reject("reason", org.qualigate.text.Sentence.of("form.error.conflict-reason"));
        } else if (reason.length() > 2000) {
            errors.reject("reason", org.qualigate.text.Sentence.of("form.error.at-most-2000"));
        }
        SignatureRequest signing = signer.request(reason.trim(), Meaning.RESOLVED, errors);
        Optional<TrainingConflicts.Conflict> resolved = signer.run(
                errors,
                () -> conflicts.resolve(id, resolution, "user:" + signer.user().getName(), reason.trim(), signing),
                UnaryOperator.identity(),
                "resolution");
        if (resolved.isPresent()) {
            redirect.addFlashAttribute(
                    "notice",
                    "Conflict resolved (" + label(resolved.get().resolution()) + ") and signed by "
                            + signer.user().getName() + ".");
            return "redirect:/qms/conflicts/" + id;
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", Map.of("resolution", resolution, "reason", reason, "userId", signer.userId()));
        return conflict(id, signer.user(), signer.session(), model);
    }

    static String label(TrainingConflicts.Resolution r) {
        return switch (r) {
            case KEEP_HRIS -> "the HRIS version is right";
            case KEEP_QMS -> "the QMS version is right";
            case OTHER -> "neither as it stands";
        };
    }
}
