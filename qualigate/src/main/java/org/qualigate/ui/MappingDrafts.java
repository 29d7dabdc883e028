package org.qualigate.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.change.ChangeKind;
import org.qualigate.change.ChangeOutcome;
import org.qualigate.change.ChangeSets;
import org.qualigate.policy.QualificationCode;
import org.springframework.stereotype.Component;

/**
 * Drafts a mapping from a source system's code to a plant qualification as a DICTIONARY change set, with
 * what is wrong field by field; the mapping takes effect only once the change set is signed and approved.
 */
@Component
class MappingDrafts {

    /** Serialises request content; one mapper for every request. */
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final ChangeSets changeSets;
    private final DictionaryEntries dictionary;
    private final ImpactOfMappings impact;

    MappingDrafts(ChangeSets changeSets, DictionaryEntries dictionary, ImpactOfMappings impact) {
        this.changeSets = changeSets;
        this.dictionary = dictionary;
        this.impact = impact;
    }

    /** A drafted change set's id, or what is wrong with each field. */
    record Drafted(long changeSet, FieldErrors errors) {}

    /** Drafts a DICTIONARY change set of one mapping, as {@code POST /api/v1/dictionary} does. */
    Drafted draft(String system, String sourceCode, String code, String title, String author) {
        FieldErrors errors = new FieldErrors();
        if (system.isBlank()) {
            errors.reject("system", org.qualigate.text.Sentence.of("form.error.mapping-system"));
        }
        if (sourceCode.isBlank()) {
            errors.reject("sourceCode", org.qualigate.text.Sentence.of("form.error.source-code"));
        }
        QualificationCode canonical = null;
        if (code.isBlank()) {
            errors.reject("code", org.qualigate.text.Sentence.of("form.error.mapping-code"));
        } else {
            try {
                canonical = QualificationCode.of(code.trim());
            } catch (IllegalArgumentException e) {
                errors.reject("code", org.qualigate.text.Sentence.of("form.error.qualification-code"));
            }
        }
        if (errors.any() || canonical == null) {
            return new Drafted(0, errors);
        }
        var refused = dictionary.refusal(system.trim(), sourceCode.trim(), canonical);
        if (refused.isPresent()) {
            errors.reject(
                    refused.get().field() == null ? "code" : refused.get().field(),
                    org.qualigate.text.Sentence.of(
                            "form.error.mapping", refused.get().said()));
            return new Drafted(0, errors);
        }
        // the change set's content, whose bytes are hashed and signed: a map on purpose
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("system", system.trim());
        mapping.put("sourceCode", sourceCode.trim());
        mapping.put("code", canonical.value());
        // the course name as the HR system gives it, so that what the approver signs names the course in words
        String courseName = impact.courseName(system.trim(), sourceCode.trim());
        if (courseName != null) {
            mapping.put("sourceName", courseName);
        }
        String content = JSON.writeValueAsString(Map.of("mappings", List.of(mapping)));
        String named = title.isBlank()
                ? "Map " + system.trim() + " " + sourceCode.trim() + " to " + canonical.value()
                : title.trim();
        ChangeOutcome outcome = changeSets.draft(ChangeKind.DICTIONARY, named, content, author);
        if (outcome.refused()) {
            errors.reject(
                    "title".equals(outcome.field()) ? "title" : "code",
                    outcome.why() == null
                            ? org.qualigate.text.Sentence.of("refusal.refused")
                            : outcome.why().said());
            return new Drafted(0, errors);
        }
        return new Drafted(outcome.changeSet().id(), errors);
    }
}
