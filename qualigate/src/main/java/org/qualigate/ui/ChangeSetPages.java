package org.qualigate.ui;

import jakarta.servlet.http.HttpSession;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.ImpactPreview;
import org.qualigate.access.PlantDefinition;
import org.qualigate.change.ChangeKind;
import org.qualigate.change.ChangeOutcome;
import org.qualigate.change.ChangeSet;
import org.qualigate.change.ChangeSetPreview;
import org.qualigate.change.ChangeSetVersion;
import org.qualigate.change.ChangeSets;
import org.qualigate.change.MappingOutcomes;
import org.qualigate.ledger.Person;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Change control on pages: the change sets by state and kind, and one change set with its versions, the
 * comparison with what is in force and between versions, the impact preview, its signatures and the steps
 * the viewer may take (revise, sign as author, approve, reject), each signed with the viewer's password.
 */
@Controller
class ChangeSetPages {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ChangeSets changeSets;
    private final ImpactOfMappings mappings;
    private final PlantDefinition plant;
    private final MappingOutcomes outcomes;

    ChangeSetPages(ChangeSets changeSets, ImpactOfMappings mappings, PlantDefinition plant, MappingOutcomes outcomes) {
        this.changeSets = changeSets;
        this.mappings = mappings;
        this.plant = plant;
        this.outcomes = outcomes;
    }

    @GetMapping("/change-sets")
    String list(
            @RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "") String kind, Model model) {
        ChangeSet.State s = parse(ChangeSet.State.class, state);
        ChangeKind k = parse(ChangeKind.class, kind);
        model.addAttribute("changeSets", changeSets.list(s, k));
        model.addAttribute("state", s == null ? "" : s.name());
        model.addAttribute("kind", k == null ? "" : k.name());
        model.addAttribute("states", ChangeSet.State.values());
        model.addAttribute("kinds", ChangeKind.values());
        return "change-sets";
    }

    @GetMapping("/change-sets/{id}")
    String show(
            @PathVariable long id,
            @RequestParam(required = false) @Nullable Integer from,
            @RequestParam(required = false) @Nullable Integer to,
            Authentication user,
            HttpSession session,
            Model model) {
        ChangeSet c = changeSets
                .find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no change set " + id));
        List<ChangeSetVersion> versions = changeSets.versions(id);
        ChangeSetVersion latest = versions.getLast();
        model.addAttribute("c", c);
        model.addAttribute("kindName", kindName(c.kind()));
        model.addAttribute("versions", versions);
        model.addAttribute("latest", latest);
        model.addAttribute("content", readable(latest.content()));
        model.addAttribute("signatures", changeSets.signaturesOf(id));
        ChangeSetPreview preview = changeSets.preview(id).orElseThrow();
        model.addAttribute("preview", preview);
        if (preview instanceof ChangeSetPreview.OfRules rules) {
            model.addAttribute(
                    "impactRows",
                    rules.impact().changes().stream().map(this::impactRow).toList());
        }
        if (c.kind() == ChangeKind.DICTIONARY) {
            model.addAttribute("waiting", mappings.waitingFor(latest.content()));
            Map<String, String> names = new LinkedHashMap<>();
            plant.current().dictionary().names().forEach((code, name) -> names.put(code.value(), name));
            model.addAttribute("qualificationNames", names);
            model.addAttribute("outcome", outcomes.of(id).orElse(null));
        }
        if (c.kind() == ChangeKind.RULES) {
            model.addAttribute("inForceDiff", changeSets.diffWithInForce(id).orElse(List.of()));
        }
        int b = to == null ? c.latestVersion() : to;
        int a = from == null ? Math.max(1, b - 1) : from;
        model.addAttribute("from", a);
        model.addAttribute("to", b);
        model.addAttribute(
                "versionDiff",
                versions.size() < 2 ? List.of() : changeSets.diff(id, a, b).orElse(List.of()));
        mayDo(c, user, session, model);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("failed")) {
            model.addAttribute("failed", "");
        }
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("content", readable(latest.content())));
        }
        return "change-set";
    }

    /** What the reader may do with the change set: revise or sign it as its author, approve or reject it as QA. */
    private static void mayDo(ChangeSet c, Authentication user, HttpSession session, Model model) {
        boolean author = c.author().equals(user.getName());
        boolean editor = PageModel.has(user, "HR_MAPPING_EDITOR") || PageModel.has(user, "QA_APPROVER");
        boolean qa = PageModel.has(user, "QA_APPROVER");
        model.addAttribute("isAuthor", author);
        model.addAttribute("mayRevise", author && editor && c.state().open());
        model.addAttribute("maySign", author && editor && c.state() == ChangeSet.State.DRAFT);
        model.addAttribute("mayApprove", qa && !author && c.state() == ChangeSet.State.AUTHORED);
        model.addAttribute("authorIsApprover", qa && author && c.state() == ChangeSet.State.AUTHORED);
        model.addAttribute("mayReject", qa && c.state().open());
        model.addAttribute("needUserId", !UiSigning.continuing(user, session));
    }

    @PostMapping("/change-sets/{id}/versions")
    String revise(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String content,
            Authentication user,
            HttpSession session,
            Model model,
            RedirectAttributes redirect) {
        ChangeOutcome outcome = changeSets.revise(id, content, user.getName());
        if (!outcome.refused()) {
            redirect.addFlashAttribute(
                    "notice",
                    Sentence.of(
                            "form.notice.change-revised", outcome.changeSet().latestVersion()));
            return "redirect:/change-sets/" + id;
        }
        return refused(outcome, "revise", id, user, session, model, Map.of("content", content));
    }

    @PostMapping("/change-sets/{id}/sign")
    String sign(@PathVariable long id, Signer signer, Model model, RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        SignatureRequest request = signer.request(null, Meaning.AUTHORED, errors);
        return signed(
                "sign",
                id,
                errors,
                () -> changeSets.sign(id, request),
                o -> Sentence.of("form.notice.change-signed"),
                Map.of(),
                signer,
                model,
                redirect);
    }

    @PostMapping("/change-sets/{id}/approve")
    String approve(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        SignatureRequest request = signer.request(reason.isBlank() ? null : reason.trim(), Meaning.APPROVED, errors);
        return signed(
                "approve",
                id,
                errors,
                () -> changeSets.approve(id, request),
                o -> Sentence.of("form.notice.change-approved", effects(o.effects())),
                Map.of("reason", reason),
                signer,
                model,
                redirect);
    }

    @PostMapping("/change-sets/{id}/reject")
    String reject(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String reason,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        FieldErrors errors = new FieldErrors();
        if (reason.isBlank()) {
            errors.reject("reason", org.qualigate.text.Sentence.of("form.error.reject-reason"));
        }
        SignatureRequest request = signer.request(reason.trim(), Meaning.REJECTED, errors);
        return signed(
                "reject",
                id,
                errors,
                () -> changeSets.reject(id, request),
                o -> Sentence.of("form.notice.change-rejected"),
                Map.of("reason", reason),
                signer,
                model,
                redirect);
    }

    /**
     * The common end of signing, approving and rejecting: the page's own checks, then the signed action; on
     * success the session remembers the signer (decision 0015), on refusal the reason shows by its field.
     */
    private String signed(
            String action,
            long id,
            FieldErrors errors,
            java.util.function.Supplier<ChangeOutcome> act,
            java.util.function.Function<ChangeOutcome, Sentence> notice,
            Map<String, String> form,
            Signer signer,
            Model model,
            RedirectAttributes redirect) {
        if (errors.any()) {
            return invalid(action, errors, id, signer.user(), signer.session(), model);
        }
        ChangeOutcome outcome = act.get();
        if (!outcome.refused()) {
            signer.signed();
            redirect.addFlashAttribute("notice", notice.apply(outcome));
            return "redirect:/change-sets/" + id;
        }
        return refused(outcome, action, id, signer.user(), signer.session(), model, form);
    }

    private String invalid(
            String action, FieldErrors errors, long id, Authentication user, HttpSession session, Model model) {
        model.addAttribute("failed", action);
        model.addAttribute("errors", errors.asMap());
        return show(id, null, null, user, session, model);
    }

    /** A refusal shown next to the field it names, in the words of the form it came from. */
    private String refused(
            ChangeOutcome outcome,
            String action,
            long id,
            Authentication user,
            HttpSession session,
            Model model,
            Map<String, String> form) {
        if (outcome.refusal() == ChangeOutcome.Refusal.NOT_FOUND) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, outcome.reason());
        }
        String field = outcome.field() == null ? "form" : outcome.field();
        Sentence said = outcome.why() == null
                ? Sentence.of("refusal.refused")
                : outcome.why().said();
        Sentence message = switch (outcome.refusal()) {
            case SELF_APPROVAL -> Sentence.of("refusal.change-set.self-approval");
            case NOT_AUTHOR -> Sentence.of("refusal.change-set.not-author", said);
            case CONFLICT -> Sentence.of("refusal.change-set.conflict", said);
            default ->
                switch (field) {
                    case "content" -> Sentence.of("refusal.change-set.content", said);
                    default -> said;
                };
        };
        Map<String, Sentence> errors = new LinkedHashMap<>();
        errors.put(
                switch (field) {
                    case "password", "userId", "content", "reason" -> field;
                    default -> "form";
                },
                message);
        model.addAttribute("failed", action);
        model.addAttribute("errors", errors);
        Map<String, String> kept = new LinkedHashMap<>(form);
        kept.putIfAbsent("content", readable(changeSets.versions(id).getLast().content()));
        model.addAttribute("form", kept);
        return show(id, null, null, user, session, model);
    }

    static String kindName(ChangeKind kind) {
        return switch (kind) {
            case RULES -> "Rules";
            case DICTIONARY -> "Mapping";
            case PARAMETERS -> "Parameters";
        };
    }

    /** What an approval put in force, one sentence of the bundles per effect, said together. */
    private static Sentence effects(ChangeOutcome.Effects effects) {
        List<Sentence> said = new ArrayList<>();
        if (effects.mappingsAdded() != null) {
            said.add(Sentence.of("form.notice.effect.mappings", number(effects.mappingsAdded())));
        }
        if (effects.parkedEventsApplied() != null) {
            said.add(Sentence.of("form.notice.effect.waiting", number(effects.parkedEventsApplied())));
        }
        if (effects.rulesVersion() != null) {
            said.add(Sentence.of(
                    "form.notice.effect.rules", effects.rulesVersion(), number(effects.personsPlannedAgain())));
        }
        if (effects.parameters() != null) {
            said.add(Sentence.of("form.notice.effect.parameters", String.valueOf(effects.parameters())));
        }
        Sentence all = Sentence.of("form.notice.effect.none");
        for (Sentence one : said.reversed()) {
            all = all.key().equals("form.notice.effect.none") ? one : Sentence.of("form.notice.effect.and", one, all);
        }
        return all;
    }

    private static long number(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    static String readable(String content) {
        String t = content.stripLeading();
        if (t.startsWith("{")) {
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(content));
            } catch (JacksonException e) {
                return content;
            }
        }
        return content;
    }

    private static <E extends Enum<E>> @Nullable E parse(Class<E> type, String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One change of a rules preview as the page shows it, its reason told in the reader's language. */
    private ImpactRow impactRow(ImpactPreview.Change c) {
        ZoneId zone = plant.current().site(c.site()).map(s -> s.zone()).orElse(ZoneOffset.UTC);
        return new ImpactRow(
                c.view(),
                c.decision() == null
                        ? Sentence.of("trace.summary.no-rule", c.role().value())
                        : TraceSummary.of(c.decision(), true, Person.Status.ACTIVE, zone));
    }

    /** A change of a rules preview on the page: the API's view of it, and its reason told in the reader's words. */
    record ImpactRow(ImpactPreview.Change.View change, Sentence said) {}
}
