package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.calibration.CalibrationComparison;
import org.qualigate.calibration.CalibrationConflict;
import org.qualigate.calibration.CalibrationConflicts;
import org.qualigate.calibration.CalibrationReview;
import org.qualigate.text.Sentence;
import org.springframework.beans.factory.ObjectProvider;
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
 * The calibration conflict queue: instruments the maintenance system and the QMS describe differently, both
 * versions side by side, QA's signed resolution and whether the side found wrong has been corrected.
 */
@Controller
class CalibrationConflictsPage {

    private final CalibrationConflicts conflicts;
    private final CalibrationReview review;
    private final ObjectProvider<CalibrationComparison> comparison;

    CalibrationConflictsPage(
            CalibrationConflicts conflicts,
            CalibrationReview review,
            ObjectProvider<CalibrationComparison> comparison) {
        this.conflicts = conflicts;
        this.review = review;
        this.comparison = comparison;
    }

    @GetMapping("/calibration/conflicts")
    String queue(@RequestParam(defaultValue = "open") String state, Model model) {
        CalibrationConflict.State s = switch (state) {
            case "resolved" -> CalibrationConflict.State.RESOLVED;
            case "superseded" -> CalibrationConflict.State.SUPERSEDED;
            case "all" -> null;
            default -> CalibrationConflict.State.OPEN;
        };
        model.addAttribute("state", s == null ? "all" : s.name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("conflicts", conflicts.list(s, null));
        model.addAttribute("enabled", comparison.getIfAvailable() != null);
        model.addAttribute("lastRun", review.runs(1).stream().findFirst().orElse(null));
        model.addAttribute("unreadable", review.unreadable().size());
        return "calibration-conflicts";
    }

    @GetMapping("/calibration/conflicts/{id}")
    String conflict(@PathVariable UUID id, Authentication user, HttpSession session, Model model) {
        CalibrationConflict c = conflicts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ConflictResolutionForm.page(model, c, conflicts.signaturesOf(c), user, session);
        return "calibration-conflict";
    }

    @PostMapping("/calibration/conflicts/{id}/resolution")
    String resolve(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String resolution,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        Optional<CalibrationConflict> resolved = ConflictResolutionForm.submit(
                List.of("KEEP_MAINTENANCE", "KEEP_QMS", "ACCEPT"),
                "form.error.which-system",
                resolution,
                reason,
                signer,
                model,
                (choice, actor, why, signing) -> conflicts.resolve(id, choice, actor, why, signing));
        return ConflictResolutionForm.answer(
                resolved,
                "form.notice.conflict-resolved",
                c -> Sentence.of("cal.decision." + resolution),
                signer,
                redirect,
                "/calibration/conflicts/" + id,
                () -> conflict(id, signer.user(), signer.session(), model));
    }
}
