package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.ReviewTask;
import org.qualigate.access.ReviewTasks;
import org.qualigate.delivery.DeadLetters;
import org.qualigate.intake.InboundEvents;
import org.qualigate.intake.PulledRemovals;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Sentence;
import org.qualigate.training.TrainingResend;
import org.qualigate.training.TrainingReviews;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The review queues and their actions: inbound events set aside (with the unmapped codes among them, which a
 * mapping approved under change control releases), the QMS sync's refusals and collisions, override reviews for
 * QA (each with what happened during the override, closed with a signed conclusion), and dead letters with replay.
 */
@Controller
class ReviewPages {

    private final InboundEvents events;
    private final DictionaryEntries dictionary;
    private final ImpactOfMappings impact;
    private final TrainingReviews training;
    private final ReviewTasks tasks;
    private final DeadLetters deadLetters;
    private final TrainingResend resend;
    private final PulledRemovals removals;

    ReviewPages(
            InboundEvents events,
            DictionaryEntries dictionary,
            ImpactOfMappings impact,
            TrainingReviews training,
            ReviewTasks tasks,
            DeadLetters deadLetters,
            TrainingResend resend,
            PulledRemovals removals) {
        this.resend = resend;
        this.removals = removals;
        this.events = events;
        this.dictionary = dictionary;
        this.impact = impact;
        this.training = training;
        this.tasks = tasks;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/review")
    String queues(Authentication user, HttpSession session, Model model) {
        model.addAttribute("needUserId", !UiSigning.continuing(user, session));
        InboundEvents.SetAsideQuery all = new InboundEvents.SetAsideQuery(null, null, null, null, false);
        model.addAttribute("events", events.setAside(all, null, 10));
        model.addAttribute("eventsTotal", events.countSetAside(all, 100_000));
        model.addAttribute("unmapped", impact.unmapped());
        model.addAttribute("mappings", dictionary.added());
        model.addAttribute("training", training.list(null));
        model.addAttribute("refusals", training.refusalsByErrorCode());
        model.addAttribute("holds", removals.holds("HELD"));
        model.addAttribute(
                "tasks",
                tasks.list(ReviewTask.Status.OPEN).stream()
                        .map(t -> tasks.review(t.id()).orElseThrow())
                        .toList());
        model.addAttribute("deadLetters", deadLetters.open());
        if (!model.containsAttribute("taskErrors")) {
            model.addAttribute("taskErrors", Map.of());
            model.addAttribute("taskForm", Map.of());
        }
        return "review";
    }

    @PostMapping("/review/tasks/{id}/close")
    String close(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String justified,
            @RequestParam(defaultValue = "") String conclusion,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        Boolean verdict = switch (justified) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
        if (verdict == null) {
            errors.reject("justified", org.qualigate.text.Sentence.of("form.error.justified"));
        }
        if (conclusion.isBlank()) {
            errors.reject("conclusion", org.qualigate.text.Sentence.of("form.error.conclusion"));
        }
        SignatureRequest signing = signer.request(null, Meaning.REVIEWED, errors);
        if (signer.run(
                        errors,
                        () -> tasks.close(signing, id, verdict, conclusion.trim()),
                        UnaryOperator.identity(),
                        "conclusion")
                .isPresent()) {
            redirect.addFlashAttribute("done", "review-closed");
            return "redirect:/review#tasks";
        }
        model.addAttribute("taskErrors", Map.of(id.toString(), errors.asMap()));
        model.addAttribute("taskForm", Map.of(id.toString(), Map.of("conclusion", conclusion, "justified", justified)));
        return queues(signer.user(), signer.session(), model);
    }

    /** Sends again the records the QMS refused with this error code, once its cause is fixed (audited). */
    @PostMapping("/review/training-records/resend")
    String resend(
            @RequestParam(defaultValue = "") String errorCode,
            @RequestParam(defaultValue = "") String reason,
            Authentication user,
            HttpSession session,
            Model model,
            RedirectAttributes redirect) {
        var v = resend.resend(java.util.List.of(), errorCode, "user:" + user.getName(), reason);
        if (v.refusal() == null) {
            redirect.addFlashAttribute(
                    "notice",
                    Sentence.of(
                            "form.notice.resent",
                            v.value().refusals(),
                            v.value().people()));
            return "redirect:/review#training";
        }
        FieldErrors errors = new FieldErrors();
        v.refusal().errors().forEach(e -> errors.reject(e.field() == null ? "reason" : e.field(), e.said()));
        if (!errors.any()) {
            errors.reject("reason", v.refusal().whole().said());
        }
        model.addAttribute("resendErrors", errors.asMap());
        return queues(user, session, model);
    }

    /** Accepts the removals a full read showed at a site, held back for exceeding the limit (audited). */
    @PostMapping("/review/removal-holds/{id}/accept")
    String acceptRemovals(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            Authentication user,
            RedirectAttributes redirect) {
        if (reason.isBlank()) {
            redirect.addFlashAttribute("notice", Sentence.of("form.notice.removals-reason"));
            return "redirect:/review#removal-holds";
        }
        PulledRemovals.Decision d = removals.accept(id, "user:" + user.getName(), reason.strip());
        if (d == PulledRemovals.Decision.NOT_FOUND) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no removal hold " + id);
        }
        redirect.addFlashAttribute(
                "notice",
                Sentence.of(
                        d == PulledRemovals.Decision.DONE
                                ? "form.notice.removals-accepted"
                                : "form.notice.removals-decided"));
        return "redirect:/review#removal-holds";
    }

    /** Replays one dead letter; with htmx only its row is answered. */
    @PostMapping("/review/dead-letters/{id}/replay")
    String replay(
            @PathVariable UUID id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        boolean replayed = deadLetters
                .replay(id, "user:" + user.getName())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
        Sentence outcome = Sentence.of(replayed ? "form.notice.replayed" : "form.notice.replayed-before");
        if (htmx != null) {
            model.addAttribute("outcome", outcome);
            return "review :: replayed";
        }
        redirect.addFlashAttribute("notice", outcome);
        return "redirect:/review#dead-letters";
    }
}
