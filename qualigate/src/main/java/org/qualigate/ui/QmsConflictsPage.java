package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.text.Sentence;
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
        ConflictResolutionForm.page(model, c, conflicts.signaturesOf(c), user, session);
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
        Optional<TrainingConflicts.Conflict> resolved = ConflictResolutionForm.submit(
                List.of("KEEP_HRIS", "KEEP_QMS", "OTHER"),
                "form.error.which-version",
                resolution,
                reason,
                signer,
                model,
                (choice, actor, why, signing) -> conflicts.resolve(id, choice, actor, why, signing));
        return ConflictResolutionForm.answer(
                resolved,
                "form.notice.conflict-resolved",
                c -> Sentence.of("qms.decision." + c.resolution().name()),
                signer,
                redirect,
                "/qms/conflicts/" + id,
                () -> conflict(id, signer.user(), signer.session(), model));
    }
}
