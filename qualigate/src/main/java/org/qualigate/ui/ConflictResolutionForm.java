package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.qualigate.access.Verdict;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Sentence;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A conflict's resolution as QA submits it on a page: one of the conflict's choices and a reason of 10 to 2,000
 * characters, signed with the meaning "resolved"; on a refusal the form comes back with its values and each reason
 * beside its field. The QMS and calibration conflict pages use it.
 */
final class ConflictResolutionForm {

    /** What resolves the conflict once the form is good: the choice, the signer's actor name, the reason, signing. */
    interface Resolution<T> {
        Verdict<T> resolve(String choice, String actor, String reason, SignatureRequest signing);
    }

    private ConflictResolutionForm() {}

    /**
     * A conflict's page: the conflict, its signatures, whether the reader may resolve it (a QA approver), whether the
     * session has signed already, and the form — blank unless a refusal gave it back.
     */
    static void page(Model model, Object conflict, Object signatures, Authentication user, HttpSession session) {
        model.addAttribute("c", conflict);
        model.addAttribute("signatures", signatures);
        model.addAttribute("mayResolve", PageModel.has(user, "QA_APPROVER"));
        model.addAttribute("continuing", UiSigning.continuing(user, session));
        PageModel.blankFormUnlessRefused(model);
    }

    /**
     * The conflict resolved and signed, or empty with the page's {@code errors} and {@code form} set for showing the
     * form again ({@code unknownChoice} is the message key said when the choice is not one of {@code choices}).
     */
    static <T> Optional<T> submit(
            List<String> choices,
            String unknownChoice,
            String choice,
            String reason,
            Signer signer,
            Model model,
            Resolution<T> resolution) {
        FieldErrors errors = new FieldErrors();
        if (!choices.contains(choice)) {
            errors.reject("resolution", Sentence.of(unknownChoice));
        }
        if (reason.trim().length() < 10) {
            errors.reject("reason", Sentence.of("form.error.conflict-reason"));
        } else if (reason.length() > 2000) {
            errors.reject("reason", Sentence.of("form.error.at-most-2000"));
        }
        SignatureRequest signing = signer.request(reason.trim(), Meaning.RESOLVED, errors);
        Optional<T> resolved = signer.run(
                errors,
                () -> resolution.resolve(choice, "user:" + signer.user().getName(), reason.trim(), signing),
                UnaryOperator.identity(),
                "resolution");
        if (resolved.isEmpty()) {
            model.addAttribute("errors", errors.asMap());
            model.addAttribute("form", Map.of("resolution", choice, "reason", reason, "userId", signer.userId()));
        }
        return resolved;
    }

    /**
     * Where a submitted form leads: once resolved, to the conflict's page at {@code path} with the notice {@code
     * noticeKey} (what was decided, as {@code decided} says it, and by whom); else back to the form {@code again}
     * shows with its refusals.
     */
    static <T> String answer(
            Optional<T> resolved,
            String noticeKey,
            Function<T, Sentence> decided,
            Signer signer,
            RedirectAttributes redirect,
            String path,
            Supplier<String> again) {
        if (resolved.isEmpty()) {
            return again.get();
        }
        redirect.addFlashAttribute(
                "notice",
                Sentence.of(
                        noticeKey, decided.apply(resolved.get()), signer.user().getName()));
        return "redirect:" + path;
    }
}
