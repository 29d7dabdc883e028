package org.qualigate.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.PlantDefinition;
import org.qualigate.change.ChangeKind;
import org.qualigate.change.ChangeOutcome;
import org.qualigate.change.ChangeSets;
import org.qualigate.change.Parameters;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The three editors that draft a change set: the rules (the plant definition as YAML, refused by line), a
 * mapping from an HRIS code to a plant qualification (picked from lists, for HR staff), and the run-time
 * parameters. None changes anything in force: each sends its author to the drafted change set to sign it.
 */
@Controller
class ChangeEditorPages {

    /** Serialises request content; one mapper for every request. */
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private static final Pattern LINE = Pattern.compile("line:? (\\d+)");
    private static final Pattern TOKEN = Pattern.compile("[A-Z][A-Z0-9_.-]{2,}");

    private final ChangeSets changeSets;
    private final PlantDefinition plant;
    private final DictionaryEntries dictionary;
    private final Parameters parameters;
    private final ImpactOfMappings mappings;
    private final MappingDrafts drafts;

    ChangeEditorPages(
            ChangeSets changeSets,
            PlantDefinition plant,
            DictionaryEntries dictionary,
            Parameters parameters,
            ImpactOfMappings mappings,
            MappingDrafts drafts) {
        this.drafts = drafts;
        this.changeSets = changeSets;
        this.plant = plant;
        this.dictionary = dictionary;
        this.parameters = parameters;
        this.mappings = mappings;
    }

    // --- rules ---

    @GetMapping("/rules/edit")
    String rules(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute(
                    "form", Map.of("title", "", "content", plant.current().text()));
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("version", plant.current().version());
        return "rules-edit";
    }

    @PostMapping("/rules/edit")
    String draftRules(
            @RequestParam(defaultValue = "") String title,
            @RequestParam(defaultValue = "") String content,
            Authentication user,
            Model model) {
        FieldErrors errors = new FieldErrors();
        if (title.isBlank()) {
            errors.reject("title", org.qualigate.text.Sentence.of("form.error.change-title"));
        }
        if (content.isBlank()) {
            errors.reject("content", org.qualigate.text.Sentence.of("form.error.empty-definition"));
        }
        if (!errors.any()) {
            ChangeOutcome outcome = changeSets.draft(ChangeKind.RULES, title.trim(), content, user.getName());
            if (!outcome.refused()) {
                return "redirect:/change-sets/" + outcome.changeSet().id() + "?drafted";
            }
            String field = "content".equals(outcome.field()) ? "content" : "title";
            errors.reject(
                    field,
                    field.equals("content")
                            ? byLine(outcome.reason(), detail(outcome), content)
                            : outcome.why() == null
                                    ? Sentence.of("refusal.refused")
                                    : outcome.why().said());
        }
        model.addAttribute("form", Map.of("title", title, "content", content));
        model.addAttribute("errors", errors.asMap());
        return rules(model);
    }

    /**
     * "Line 12: …" when the English reason names a line, or a token found on exactly one line of the text; what
     * follows is the definition reader's sentence in the reader's language, or, for a YAML parser's own words, its
     * English quoted as such (decision 0054).
     */
    static Sentence byLine(@org.jspecify.annotations.Nullable String reason, Object said, String content) {
        String r = reason == null ? "not a valid plant definition" : reason;
        Matcher m = LINE.matcher(r);
        if (m.find()) {
            return Sentence.of(
                    "form.error.definition-line",
                    Long.parseLong(m.group(1)),
                    said instanceof Sentence.Quoted
                            ? Sentence.Quoted.english(
                                    r.replaceAll("\\s*\\n.*", "").replaceAll(" at \\[Source.*", ""))
                            : said);
        }
        String[] lines = content.split("\n", -1);
        // the value after the last ": " is usually the offending one ("zone is not a time zone id: Not/AZone")
        int colon = r.lastIndexOf(": ");
        if (colon >= 0 && colon + 2 < r.length()) {
            String value = r.substring(colon + 2).strip();
            for (int i = 0; i < lines.length; i++) {
                if (!value.isEmpty() && lines[i].contains(value)) {
                    return Sentence.of("form.error.definition-line", (long) i + 1, said);
                }
            }
        }
        Matcher t = TOKEN.matcher(r);
        while (t.find()) {
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(t.group())) {
                    return Sentence.of("form.error.definition-line", (long) i + 1, said);
                }
            }
        }
        return Sentence.of("form.error.definition", said);
    }

    /**
     * What a content refusal says inside "The content is not valid: …": the validator's sentence, or its English
     * quoted as such when it has none.
     */
    static Object detail(ChangeOutcome outcome) {
        Refusal why = outcome.why();
        if (why != null
                && why.said().key().equals("refusal.change.content")
                && !why.said().args().isEmpty()
                && why.said().args().getFirst() != null) {
            return why.said().args().getFirst();
        }
        return Sentence.Quoted.english(outcome.reason());
    }

    // --- mappings ---

    @GetMapping("/mappings")
    String mappings(
            @RequestParam(defaultValue = "") String system,
            @RequestParam(defaultValue = "") String sourceCode,
            Model model) {
        var current = plant.current();
        Map<String, String> qualifications = new TreeMap<>();
        current.dictionary().names().forEach((code, name) -> qualifications.put(code.value(), name));
        model.addAttribute("qualifications", qualifications);
        TreeSet<String> systems = new TreeSet<>(current.dictionary().bySystem().keySet());
        List<ImpactOfMappings.Unmapped> unmapped = mappings.unmapped();
        unmapped.forEach(u -> systems.add(u.system()));
        model.addAttribute("systems", systems);
        model.addAttribute("unmapped", unmapped);
        model.addAttribute("added", dictionary.added());
        model.addAttribute(
                "open",
                changeSets.list(null, ChangeKind.DICTIONARY).stream()
                        .filter(c -> c.state().open())
                        .toList());
        if (!model.containsAttribute("form")) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put(
                    "system",
                    system.isBlank() && !unmapped.isEmpty()
                            ? unmapped.getFirst().system()
                            : system);
            form.put(
                    "sourceCode",
                    sourceCode.isBlank() && !unmapped.isEmpty()
                            ? unmapped.getFirst().sourceCode()
                            : sourceCode);
            form.put("code", "");
            form.put("title", "");
            model.addAttribute("form", form);
            model.addAttribute("errors", Map.of());
        }
        @SuppressWarnings("unchecked")
        Map<String, String> form = (Map<String, String>) model.getAttribute("form");
        String chosenSystem = form == null ? "" : form.getOrDefault("system", "");
        String chosenCode = form == null ? "" : form.getOrDefault("sourceCode", "");
        model.addAttribute(
                "courseName",
                chosenSystem.isBlank() || chosenCode.isBlank()
                        ? null
                        : mappings.courseName(chosenSystem.trim(), chosenCode.trim()));
        previewMapping(chosenSystem, chosenCode, form == null ? "" : form.getOrDefault("code", ""), model);
        return "mappings";
    }

    /**
     * What the mapping being written would do (htmx, as the plant qualification is picked): the source codes that
     * already count as that qualification, and each waiting person with the roles they would gain.
     */
    @GetMapping("/mappings/preview")
    String previewMapping(
            @RequestParam(defaultValue = "") String system,
            @RequestParam(defaultValue = "") String sourceCode,
            @RequestParam(defaultValue = "") String code,
            Model model) {
        boolean known = !code.isBlank()
                && plant.current().dictionary().names().keySet().stream()
                        .anyMatch(q -> q.value().equals(code.trim()));
        model.addAttribute(
                "preview",
                known && !system.isBlank() && !sourceCode.isBlank()
                        ? mappings.preview(system.trim(), sourceCode.trim(), code.trim())
                        : null);
        model.addAttribute("existing", known ? mappings.existingSources(code.trim()) : List.of());
        model.addAttribute("code", code.trim());
        return "mappings :: preview";
    }

    @PostMapping("/mappings")
    String draftMapping(
            @RequestParam(defaultValue = "") String system,
            @RequestParam(defaultValue = "") String sourceCode,
            @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String title,
            Authentication user,
            Model model) {
        MappingDrafts.Drafted d = drafts.draft(system, sourceCode, code, title, user.getName());
        if (d.changeSet() > 0) {
            return "redirect:/change-sets/" + d.changeSet() + "?drafted";
        }
        model.addAttribute("errors", d.errors().asMap());
        model.addAttribute("form", Map.of("system", system, "sourceCode", sourceCode, "code", code, "title", title));
        return mappings("", "", model);
    }

    // --- parameters ---

    @GetMapping("/parameters")
    String parameters(Model model) {
        // keyed by the parameters' names, which are data (decision 0093)
        Map<String, Object> current = parameters.all();
        model.addAttribute("current", current);
        if (!model.containsAttribute("form")) {
            Map<String, String> form = new LinkedHashMap<>();
            current.forEach((k, v) -> form.put(k, v == null ? "" : v.toString()));
            model.addAttribute("form", form);
            model.addAttribute("title", "");
            model.addAttribute("errors", Map.of());
        }
        return "parameters";
    }

    @PostMapping("/parameters")
    String draftParameters(@RequestParam MultiValueMap<String, String> body, Authentication user, Model model) {
        // keyed by the parameters' names, which are data (decision 0093)
        Map<String, Object> current = parameters.all();
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, String> changed = new LinkedHashMap<>();
        for (String name : current.keySet()) {
            String v = body.getFirst("p." + name);
            String value = v == null ? "" : v.trim();
            form.put(name, value);
            Object before = current.get(name);
            if (!value.isEmpty() && !value.equals(before == null ? "" : before.toString())) {
                changed.put(name, value);
            }
        }
        String title =
                body.getFirst("title") == null ? "" : body.getFirst("title").trim();
        FieldErrors errors = new FieldErrors();
        if (title.isBlank()) {
            errors.reject("title", org.qualigate.text.Sentence.of("form.error.parameters-title"));
        }
        if (changed.isEmpty()) {
            errors.reject("form", org.qualigate.text.Sentence.of("form.error.nothing-changes"));
        }
        if (!errors.any()) {
            String content = JSON.writeValueAsString(Map.of("parameters", changed));
            ChangeOutcome outcome = changeSets.draft(ChangeKind.PARAMETERS, title, content, user.getName());
            if (!outcome.refused()) {
                return "redirect:/change-sets/" + outcome.changeSet().id() + "?drafted";
            }
            // "parameters.delivery.max-attempts must be from 1 to 50" goes next to that parameter
            String reason = outcome.reason() == null ? "refused" : outcome.reason();
            String named = new ArrayList<>(current.keySet())
                    .stream()
                            .filter(n -> reason.startsWith("parameters." + n + " "))
                            .findFirst()
                            .orElse(null);
            if (named != null) {
                errors.reject(named, Sentence.of("form.error.parameter", detail(outcome)));
            } else if (outcome.why() != null && "title".equals(outcome.field())) {
                errors.reject("title", outcome.why().said());
            } else {
                errors.reject("form", Sentence.of("form.error.parameter", detail(outcome)));
            }
        }
        model.addAttribute("form", form);
        model.addAttribute("title", title);
        model.addAttribute("errors", errors.asMap());
        return parameters(model);
    }
}
