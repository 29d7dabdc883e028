package org.qualigate.change;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.intake.ParkedEvents;
import org.qualigate.policy.QualificationCode;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Dictionary mappings to add, {@code {"mappings": [{"system", "sourceCode", "code"}]}}: once approved, the records
 * parked for these source codes are applied and planned again, and the approval says what that did for whom.
 */
@Component
class DictionaryChange implements KindOfChange {

    private final DictionaryEntries dictionary;
    private final ParkedEvents parked;
    private final MappingOutcomes outcomes;

    DictionaryChange(DictionaryEntries dictionary, ParkedEvents parked, MappingOutcomes outcomes) {
        this.dictionary = dictionary;
        this.parked = parked;
        this.outcomes = outcomes;
    }

    @Override
    public ChangeKind kind() {
        return ChangeKind.DICTIONARY;
    }

    @Override
    public Optional<Refusal> refusal(String content) {
        JsonNode mappings = JSON.readTree(content).path("mappings");
        if (!mappings.isArray() || mappings.isEmpty()) {
            return Optional.of(Refusal.of(
                    "mappings", "mappings must list at least one {system, sourceCode, code}", "refusal.mapping.none"));
        }
        int i = 0;
        Set<String> seen = new HashSet<>();
        for (JsonNode m : mappings) {
            Optional<Refusal> refused = refusal(m, "mappings[" + i++ + "].", seen);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    /** One mapping's refusal; its position ({@code mappings[2].code}) is the field, and the sentence's first word. */
    private Optional<Refusal> refusal(JsonNode m, String where, Set<String> seen) {
        for (String f : List.of("system", "sourceCode", "code")) {
            if (!m.path(f).isString() || m.path(f).asString().isBlank()) {
                return Optional.of(Refusal.of(
                        where + f,
                        where + f + " is required",
                        "refusal.mapping.field",
                        where + f,
                        Sentence.of("refusal.required")));
            }
        }
        QualificationCode code;
        try {
            code = QualificationCode.of(m.path("code").asString());
        } catch (IllegalArgumentException e) {
            return Optional.of(Refusal.of(
                    where + "code",
                    where + "code is not a qualification code",
                    "refusal.mapping.field",
                    where + "code",
                    Sentence.of("form.error.qualification-code")));
        }
        if (!seen.add(m.path("system").asString() + "/" + m.path("sourceCode").asString())) {
            return Optional.of(Refusal.of(
                    where + "sourceCode",
                    where + "sourceCode is listed twice",
                    "refusal.mapping.field",
                    where + "sourceCode",
                    Sentence.of("refusal.mapping.twice")));
        }
        return dictionary
                .refusal(m.path("system").asString(), m.path("sourceCode").asString(), code)
                .map(r -> new Refusal(
                        where + r.field(),
                        where + r.field() + " " + r.reason(),
                        Sentence.of("refusal.mapping.field", where + r.field(), r.said())));
    }

    @Override
    public ChangeSetPreview preview(long changeSetId, int version, String content) {
        return new ChangeSetPreview.OfMappings(
                changeSetId,
                version,
                JSON.readTree(content).path("mappings"),
                "records parked for these source codes are applied on approval, and planned again");
    }

    @Override
    public ChangeOutcome.Effects putInForce(ChangeSet c, ChangeSetVersion v, String approver, Instant now) {
        int added = 0;
        for (JsonNode m : JSON.readTree(v.content()).path("mappings")) {
            Optional<String> refused = dictionary.add(
                    m.path("system").asString(),
                    m.path("sourceCode").asString(),
                    QualificationCode.of(m.path("code").asString()),
                    approver,
                    KindOfChange.why(c, v));
            if (refused.isPresent()) {
                throw new IllegalStateException("validated mapping refused: " + refused.get());
            }
            added++;
        }
        return ChangeOutcome.Effects.mappingsAdded(added);
    }

    /** Who waits for a mapping, and with which roles, just before it takes effect. */
    @Override
    public AfterApproval beforeApproval(String content) {
        MappingOutcomes.Before waiting = outcomes.before(content);
        return (changeSetId, approver) -> {
            // parked records of the new mappings go through now that the approval has committed
            int applied = parked.sweep(approver);
            return ChangeOutcome.Effects.waitingApplied(applied, outcomes.after(changeSetId, approver, waiting));
        };
    }
}
