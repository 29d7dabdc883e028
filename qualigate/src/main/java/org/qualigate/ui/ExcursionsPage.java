package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.environment.ExcursionDraft;
import org.qualigate.environment.ExcursionRaising;
import org.qualigate.environment.Excursions;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.text.Sentence;
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
 * Environmental-monitoring excursions: the NC drafts a room's readings beyond its action limits raised, each with
 * the reading that began it, QA's signed review (accept as a non-conformance, or dismiss), and the QMS's record an
 * accepted one was raised as.
 */
@Controller
class ExcursionsPage {

    private final Excursions excursions;
    private final ExcursionRaising raising;

    ExcursionsPage(Excursions excursions, ExcursionRaising raising) {
        this.excursions = excursions;
        this.raising = raising;
    }

    @GetMapping("/quality/excursions")
    String list(@RequestParam(defaultValue = "pending") String review, Model model) {
        ExcursionDraft.Review r = switch (review) {
            case "accepted" -> ExcursionDraft.Review.ACCEPTED;
            case "dismissed" -> ExcursionDraft.Review.DISMISSED;
            case "none" -> ExcursionDraft.Review.NONE;
            case "all" -> null;
            default -> ExcursionDraft.Review.PENDING;
        };
        model.addAttribute("review", r == null ? "all" : r.name().toLowerCase(Locale.ROOT));
        model.addAttribute("excursions", excursions.list(r, 500));
        model.addAttribute("unreadable", excursions.unreadable(1000).size());
        return "excursions";
    }

    @GetMapping("/quality/excursions/{id}")
    String excursion(@PathVariable UUID id, Authentication user, HttpSession session, Model model) {
        ExcursionDraft d = excursions.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<ElectronicSignatures.Checked> signatures = List.of();
        ConflictResolutionForm.page(model, d, signatures, user, session);
        model.addAttribute("raising", raising.of(id).orElseThrow());
        return "excursion";
    }

    @PostMapping("/quality/excursions/{id}/review")
    String review(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String resolution,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        Optional<ExcursionDraft> reviewed = ConflictResolutionForm.submit(
                List.of("ACCEPT", "DISMISS"),
                "form.error.excursion-decision",
                resolution,
                reason,
                signer,
                model,
                (choice, actor, why, signing) -> excursions.review(id, choice, actor, why, signing));
        return ConflictResolutionForm.answer(
                reviewed,
                "form.notice.excursion-reviewed",
                d -> Sentence.of("ems.review." + d.review().name()),
                signer,
                redirect,
                "/quality/excursions/" + id,
                () -> excursion(id, signer.user(), signer.session(), model));
    }
}
