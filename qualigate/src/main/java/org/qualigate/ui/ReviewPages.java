package org.qualigate.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.ReviewTask;
import org.qualigate.access.ReviewTasks;
import org.qualigate.access.Verdict;
import org.qualigate.delivery.DeadLetters;
import org.qualigate.intake.InboundEvents;
import org.qualigate.intake.ParkedEvents;
import org.qualigate.policy.QualificationCode;
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
 * mapping releases), the QMS sync's refusals and collisions, override reviews for QA (closed with the
 * reviewer's password), and dead letters with replay.
 */
@Controller
class ReviewPages {

    private static final Pattern UNMAPPED =
            Pattern.compile("certification (\\S+) is not mapped in the (\\S+) dictionary");

    private final InboundEvents events;
    private final DictionaryEntries dictionary;
    private final ParkedEvents parked;
    private final TrainingReviews training;
    private final ReviewTasks tasks;
    private final DeadLetters deadLetters;
    private final UiReauthentication reauthentication;

    ReviewPages(
            InboundEvents events,
            DictionaryEntries dictionary,
            ParkedEvents parked,
            TrainingReviews training,
            ReviewTasks tasks,
            DeadLetters deadLetters,
            UiReauthentication reauthentication) {
        this.events = events;
        this.dictionary = dictionary;
        this.parked = parked;
        this.training = training;
        this.tasks = tasks;
        this.deadLetters = deadLetters;
        this.reauthentication = reauthentication;
    }

    /** A code no dictionary maps yet, with how many parked events wait for it. */
    record Unmapped(String system, String sourceCode, long waiting) {}

    @GetMapping("/review")
    String queues(Model model) {
        List<InboundEvents.StoredEvent> awaiting = events.awaitingReview(500);
        model.addAttribute("events", awaiting);
        List<Unmapped> unmapped = new ArrayList<>();
        for (InboundEvents.StoredEvent e : awaiting) {
            Matcher m = UNMAPPED.matcher(e.reason() == null ? "" : e.reason());
            if (e.outcome().equals("PARKED") && m.find()) {
                String system = m.group(2);
                String code = m.group(1);
                int i = indexOf(unmapped, system, code);
                if (i < 0) {
                    unmapped.add(new Unmapped(system, code, 1));
                } else {
                    unmapped.set(i, new Unmapped(system, code, unmapped.get(i).waiting() + 1));
                }
            }
        }
        model.addAttribute("unmapped", unmapped);
        model.addAttribute("mappings", dictionary.added());
        model.addAttribute("training", training.list(null));
        model.addAttribute("tasks", tasks.list(ReviewTask.Status.OPEN));
        model.addAttribute("deadLetters", deadLetters.open());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("taskErrors")) {
            model.addAttribute("taskErrors", Map.of());
            model.addAttribute("taskForm", Map.of());
        }
        return "review";
    }

    private static int indexOf(List<Unmapped> list, String system, String code) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).system().equals(system) && list.get(i).sourceCode().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    /** Maps a source code to a canonical code; the parked events waiting for it go through at once. */
    @PostMapping("/review/dictionary")
    String map(
            @RequestParam(defaultValue = "") String system,
            @RequestParam(defaultValue = "") String sourceCode,
            @RequestParam(defaultValue = "") String code,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        if (system.isBlank()) {
            errors.reject("system", "Name the dictionary (for example workday).");
        }
        if (sourceCode.isBlank()) {
            errors.reject("sourceCode", "Enter the code the source system sends.");
        }
        QualificationCode canonical = null;
        if (code.isBlank()) {
            errors.reject("code", "Enter the plant's qualification code, for example GMP-BASIC.");
        } else {
            try {
                canonical = QualificationCode.of(code.trim());
            } catch (IllegalArgumentException e) {
                errors.reject(
                        "code",
                        "Not a qualification code: use capital letters, digits and '-', for example GMP-BASIC.");
            }
        }
        if (!errors.any() && canonical != null) {
            var refused = dictionary.add(system.trim(), sourceCode.trim(), canonical, "user:" + user.getName());
            if (refused.isPresent()) {
                String[] parts = refused.get().split(": ", 2);
                errors.reject(parts.length == 2 ? parts[0] : "code", parts.length == 2 ? parts[1] : refused.get());
            }
        }
        if (errors.any()) {
            model.addAttribute("errors", errors.asMap());
            model.addAttribute("form", Map.of("system", system, "sourceCode", sourceCode, "code", code));
            return queues(model);
        }
        int released = parked.sweep("user:" + user.getName());
        redirect.addFlashAttribute(
                "notice",
                sourceCode.trim() + " is now mapped to " + code.trim() + "; " + released
                        + " waiting event(s) went through.");
        return "redirect:/review";
    }

    @PostMapping("/review/tasks/{id}/close")
    String close(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String conclusion,
            @RequestParam(defaultValue = "") String password,
            Authentication user,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        if (conclusion.isBlank()) {
            errors.reject("conclusion", "Write your conclusion: was the override justified?");
        }
        if (password.isEmpty()) {
            errors.reject("password", "Re-enter your password to sign the review.");
        } else if (!reauthentication.confirms(user, password)) {
            errors.reject("password", "This is not your password.");
        }
        if (!errors.any()) {
            Verdict<ReviewTask> v = tasks.close(user.getName(), id, conclusion.trim());
            if (v.refusal() == null) {
                redirect.addFlashAttribute("notice", "Review closed.");
                return "redirect:/review#tasks";
            }
            if (v.refusal().kind() == Verdict.Kind.NOT_FOUND) {
                throw new ResponseStatusException(
                        HttpStatus.NOT_FOUND, v.refusal().detail());
            }
            v.refusal().errors().forEach(e -> errors.reject(e.field(), e.reason()));
            if (!errors.any()) {
                errors.reject("conclusion", v.refusal().detail());
            }
        }
        model.addAttribute("errors", Map.of());
        model.addAttribute("taskErrors", Map.of(id.toString(), errors.asMap()));
        model.addAttribute("taskForm", Map.of(id.toString(), conclusion));
        return queues(model);
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
        String outcome = replayed ? "Sent again: the delivery is queued." : "Already replayed earlier.";
        if (htmx != null) {
            model.addAttribute("outcome", outcome);
            return "review :: replayed";
        }
        redirect.addFlashAttribute("notice", outcome);
        return "redirect:/review#dead-letters";
    }
}
