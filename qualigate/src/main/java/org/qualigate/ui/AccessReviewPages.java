package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Suspensions;
import org.qualigate.access.Verdict;
import org.qualigate.accessreview.AccessReviews;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * Access reviews on pages (decision 0036): the campaigns and the suspensions in force; a QA approver starts a
 * campaign for a site or a role, decides each holder (confirm or revoke, a reason to revoke) and signs the decisions
 * of the page at once, completes the campaign with a signed report (PDF and CSV), and lifts a suspension with a
 * reason and a signature. The first signature of a session asks for the user id, later ones the password only.
 */
@Controller
class AccessReviewPages {

    private final AccessReviews reviews;
    private final Suspensions suspensions;
    private final PlantDefinition plant;

    AccessReviewPages(AccessReviews reviews, Suspensions suspensions, PlantDefinition plant) {
        this.reviews = reviews;
        this.suspensions = suspensions;
        this.plant = plant;
    }

    @GetMapping("/access-reviews")
    String list(Authentication user, HttpSession session, Model model) {
        Plant p = plant.current();
        model.addAttribute("campaigns", reviews.list());
        model.addAttribute("suspensions", suspensions.list(true));
        model.addAttribute("sites", p.sites().keySet().stream().sorted().toList());
        model.addAttribute(
                "roles",
                p.rules().allRoles(p.sites().keySet()).stream()
                        .map(r -> r.value())
                        .toList());
        model.addAttribute("mayReview", PageModel.has(user, "QA_APPROVER"));
        model.addAttribute("continuing", UiSigning.continuing(user, session));
        PageModel.blankFormUnlessRefused(model);
        return "access-reviews";
    }

    @PostMapping("/access-reviews")
    String start(
            @RequestParam(defaultValue = "SITE") String scope,
            @RequestParam(defaultValue = "") String site,
            @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String title,
            Authentication user,
            HttpSession session,
            Model model) {
        AccessReviews.Scope s = "ROLE".equals(scope) ? AccessReviews.Scope.ROLE : AccessReviews.Scope.SITE;
        Verdict<AccessReviews.Campaign> v =
                reviews.start(s, s == AccessReviews.Scope.SITE ? site : role, title, user.getName());
        if (v.refusal() == null) {
            return "redirect:/access-reviews/" + v.value().id() + "?started";
        }
        FieldErrors errors = new FieldErrors();
        v.refusal().errors().forEach(e -> errors.reject(e, "title"));
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", Map.of("scope", s.name(), "site", site, "role", role, "title", title));
        return list(user, session, model);
    }

    @GetMapping("/access-reviews/{id}")
    String campaign(@PathVariable long id, Authentication user, HttpSession session, Model model) {
        AccessReviews.Campaign c =
                reviews.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<AccessReviews.Item> items = reviews.items(id);
        Map<Long, Object> signatures = new HashMap<>();
        Map<Long, Boolean> matches = new HashMap<>();
        for (AccessReviews.Item i : items) {
            List<?> s = reviews.signaturesOfItem(i.id());
            if (!s.isEmpty()) {
                signatures.put(i.id(), s.getLast());
                reviews.verify(i).ifPresent(x -> matches.put(i.id(), x.valid()));
            }
        }
        Map<String, org.qualigate.access.SiteTime> siteTimes = new HashMap<>();
        plant.current()
                .sites()
                .keySet()
                .forEach(code -> siteTimes.put(code, org.qualigate.access.SiteTime.of(plant.current(), code)));
        model.addAttribute("siteTimes", siteTimes);
        model.addAttribute("c", c);
        model.addAttribute("items", items);
        model.addAttribute("signatures", signatures);
        model.addAttribute("matches", matches);
        model.addAttribute("report", reviews.report(id).orElse(null));
        model.addAttribute("reportSignature", reviews.reportSignature(id).orElse(null));
        model.addAttribute(
                "reportMatches", reviews.verifyReport(id).map(x -> x.valid()).orElse(false));
        model.addAttribute("mayReview", PageModel.has(user, "QA_APPROVER"));
        model.addAttribute("continuing", UiSigning.continuing(user, session));
        PageModel.blankFormUnlessRefused(model);
        return "access-review";
    }

    /** Decisions of the page: {@code decision-<item>} CONFIRMED or REVOKED (empty: not now), {@code reason-<item>}. */
    @PostMapping("/access-reviews/{id}/decisions")
    String decide(
            @PathVariable long id,
            HttpServletRequest request,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        List<AccessReviews.DecisionInput> decisions = new ArrayList<>();
        Map<String, String> form = new LinkedHashMap<>();
        for (AccessReviews.Item item : reviews.items(id)) {
            String decision = request.getParameter("decision-" + item.id());
            String reason = request.getParameter("reason-" + item.id());
            if (decision != null) {
                form.put("decision-" + item.id(), decision);
            }
            if (reason != null) {
                form.put("reason-" + item.id(), reason);
            }
            if (decision == null || decision.isBlank() || item.decision() != null) {
                continue;
            }
            try {
                decisions.add(
                        new AccessReviews.DecisionInput(item.id(), AccessReviews.Decision.valueOf(decision), reason));
            } catch (IllegalArgumentException e) {
                errors.reject("decision-" + item.id(), org.qualigate.text.Sentence.of("ar.error.choose"));
            }
        }
        if (decisions.isEmpty() && !errors.any()) {
            errors.reject("decisions", org.qualigate.text.Sentence.of("ar.error.choose-one"));
        }
        SignatureRequest signing = signer.request(null, Meaning.REVIEWED, errors);
        Optional<List<AccessReviews.Item>> decided = signer.run(
                errors,
                () -> reviews.decide(id, decisions, signing),
                field -> pageField(field, decisions),
                "decisions");
        if (decided.isPresent()) {
            redirect.addFlashAttribute("decided", decided.get().size());
            return "redirect:/access-reviews/" + id;
        }
        form.put("userId", signer.userId());
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", form);
        return campaign(id, signer.user(), signer.session(), model);
    }

    /** An API field ({@code decisions[2].reason}) as the page's field of that holder ({@code reason-<item>}). */
    private static String pageField(String field, List<AccessReviews.DecisionInput> decisions) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("decisions\\[(\\d+)]\\.(\\w+)").matcher(field);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            String which = m.group(2).equals("reason") ? "reason-" : "decision-";
            return index < decisions.size() ? which + decisions.get(index).itemId() : "decisions";
        }
        return field;
    }

    @PostMapping("/access-reviews/{id}/complete")
    String complete(@PathVariable long id, Signer signer, Model model) {
        FieldErrors errors = new FieldErrors();
        SignatureRequest signing = signer.request(null, Meaning.APPROVED, errors);
        if (!errors.any()) {
            if (signer.run(errors, () -> reviews.complete(id, signing), field -> "complete-" + field, "complete")
                    .isPresent()) {
                return "redirect:/access-reviews/" + id + "?completed";
            }
        } else {
            // the signing fields of the completion form have their own names on the page
            // a page model, keyed by the form's field names
            Map<String, Object> renamed = new LinkedHashMap<>();
            errors.asMap().forEach((k, val) -> renamed.put("complete-" + k, val));
            model.addAttribute("errors", renamed);
            model.addAttribute("form", Map.of("userId", signer.userId()));
            return campaign(id, signer.user(), signer.session(), model);
        }
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("form", Map.of("userId", signer.userId()));
        return campaign(id, signer.user(), signer.session(), model);
    }

    @GetMapping("/access-reviews/{id}/report.{format}")
    ResponseEntity<byte[]> report(@PathVariable long id, @PathVariable String format) {
        if (!format.equals("pdf") && !format.equals("csv")) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        byte[] file = reviews.file(id, format).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok()
                .contentType(format.equals("pdf") ? MediaType.APPLICATION_PDF : new MediaType("text", "csv"))
                .header("Content-Disposition", "attachment; filename=\"access-review-" + id + "." + format + "\"")
                .body(file);
    }

    @PostMapping("/access-reviews/suspensions/{id}/lift")
    String lift(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        SignatureRequest signing = signer.request(reason, Meaning.APPROVED, errors);
        Optional<Suspensions.Suspension> lifted =
                signer.run(errors, () -> suspensions.lift(signing, id, reason), UnaryOperator.identity(), "reason");
        if (lifted.isPresent()) {
            redirect.addFlashAttribute(
                    "lifted",
                    lifted.get().employeeId().value() + " " + lifted.get().role());
            return "redirect:/access-reviews#suspensions";
        }
        // a page model, keyed by the form's field names (each suspension's own)
        Map<String, Object> keyed = new LinkedHashMap<>();
        errors.asMap().forEach((k, val) -> keyed.put(id + "-" + k, val));
        model.addAttribute("errors", keyed);
        model.addAttribute("form", Map.of(id + "-reason", reason, id + "-userId", signer.userId()));
        return list(signer.user(), signer.session(), model);
    }
}
