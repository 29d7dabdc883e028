package org.qualigate.change;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.change.ChangeSetWorkflow.Step;
import org.qualigate.change.ChangeSetWorkflow.Verdict;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.qualigate.text.RefusedInput;
import org.qualigate.text.Sentence;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Change sets for rules, dictionary mappings and run-time parameters: draft (and revise), sign as author,
 * preview the impact, approve with a signature by someone other than the author (only then does the change
 * take effect), or reject; list, read every version and compare two. Every step is audited in its
 * transaction; a refusal is a value naming the field. Which step is allowed is {@link ChangeSetWorkflow}'s rule;
 * what a change set of each kind accepts and does is its {@link KindOfChange}.
 */
@Service
public class ChangeSets {

    static final String RECORD_TYPE = "change-set";
    private static final int MAX_CONTENT = 1 << 20;

    private final ChangeSetStore store;
    private final Map<ChangeKind, KindOfChange> kinds = new EnumMap<>(ChangeKind.class);
    private final AuditTrail audit;
    private final ElectronicSignatures signatures;
    private final PlantDefinition plant;
    private final RulesRefresh rules;
    private final TransactionTemplate tx;
    private final Clock clock;

    ChangeSets(
            ChangeSetStore store,
            List<KindOfChange> kinds,
            AuditTrail audit,
            ElectronicSignatures signatures,
            PlantDefinition plant,
            RulesRefresh rules,
            TransactionTemplate tx,
            Clock clock) {
        this.store = store;
        kinds.forEach(kind -> this.kinds.put(kind.kind(), kind));
        if (this.kinds.size() != ChangeKind.values().length) {
            throw new IllegalStateException("one KindOfChange per ChangeKind expected, found " + this.kinds.keySet());
        }
        this.audit = audit;
        this.signatures = signatures;
        this.plant = plant;
        this.rules = rules;
        this.tx = tx;
        this.clock = clock;
    }

    public List<ChangeSet> list(ChangeSet.@Nullable State state, @Nullable ChangeKind kind) {
        return store.list(state, kind);
    }

    public Optional<ChangeSet> find(long id) {
        return store.find(id);
    }

    public List<ChangeSetVersion> versions(long id) {
        return store.versions(id);
    }

    public Optional<ChangeSetVersion> version(long id, int version) {
        return store.version(id, version);
    }

    public List<Signature> signaturesOf(long id) {
        return signatures.signaturesOf(RECORD_TYPE, Long.toString(id));
    }

    /** The approved DICTIONARY change set that mapped this source code to this plant code, if any. */
    public Optional<ChangeSet> approvedMapping(String sourceCode, String code) {
        for (ChangeSet c : list(ChangeSet.State.APPROVED, ChangeKind.DICTIONARY)) {
            String content = version(c.id(), c.latestVersion()).orElseThrow().content();
            for (JsonNode m : KindOfChange.JSON.readTree(content).path("mappings")) {
                if (m.path("sourceCode").asString().equals(sourceCode)
                        && m.path("code").asString().equals(code)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The record a signature on this change set binds: its id, kind, title, version and content. */
    public SignedRecord signedRecord(ChangeSet c, ChangeSetVersion v) {
        ObjectNode n = KindOfChange.JSON.createObjectNode();
        n.put("changeSet", c.id());
        n.put("kind", c.kind().name());
        n.put("title", c.title());
        n.put("version", v.version());
        n.put("content", v.content());
        return new SignedRecord(RECORD_TYPE, Long.toString(c.id()), KindOfChange.JSON.writeValueAsString(n));
    }

    /** Drafts a new change set as version 1. */
    public ChangeOutcome draft(ChangeKind kind, String title, String content, String author) {
        if (title.isBlank() || title.length() > 200) {
            return ChangeOutcome.refused(
                    ChangeOutcome.Refusal.INVALID,
                    Refusal.of("title", "must be 1 to 200 characters", "refusal.change.title"));
        }
        Optional<Refusal> invalid = validate(kind, content);
        if (invalid.isPresent()) {
            return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, invalid.get());
        }
        return tx.execute(s -> {
            Instant now = clock.instant();
            long id = store.insert(kind, title.trim(), author, now);
            store.insertVersion(id, 1, content, author, now);
            audit.append(new AuditRecord(
                    author,
                    "change-set.drafted",
                    RECORD_TYPE,
                    Long.toString(id),
                    null,
                    null,
                    Map.of(
                            "kind",
                            kind.name(),
                            "title",
                            title.trim(),
                            "version",
                            1,
                            "contentSha256",
                            ChangeSetStore.sha(content)),
                    "change set drafted",
                    null));
            return ChangeOutcome.done(find(id).orElseThrow(), ChangeOutcome.Effects.NONE);
        });
    }

    /** A new version of an open change set by its author; it must be signed again. */
    public ChangeOutcome revise(long id, String content, String actor) {
        return step(id, Step.REVISE, actor, c -> {
            Optional<Refusal> invalid = validate(c.kind(), content);
            if (invalid.isPresent()) {
                return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, invalid.get());
            }
            int next = c.latestVersion() + 1;
            store.insertVersion(id, next, content, actor, clock.instant());
            store.revised(id, next);
            audit.append(new AuditRecord(
                    actor,
                    "change-set.revised",
                    RECORD_TYPE,
                    Long.toString(id),
                    null,
                    Map.of("version", c.latestVersion(), "state", c.state().name()),
                    Map.of("version", next, "state", "DRAFT", "contentSha256", ChangeSetStore.sha(content)),
                    "new version drafted",
                    null));
            return ChangeOutcome.done(find(id).orElseThrow(), ChangeOutcome.Effects.NONE);
        });
    }

    /** The author signs the latest version (meaning AUTHORED); it can then be approved. */
    public ChangeOutcome sign(long id, SignatureRequest request) {
        return step(id, Step.SIGN, request.caller(), c -> signed(c, request, Meaning.AUTHORED, false));
    }

    /**
     * Approves the authored change set with the approver's signature (APPROVED) and puts it in force in the
     * same transaction. Refused when the approver is its author, when the author's signature does not match
     * the latest version, or when the content no longer applies (e.g. a mapping was added meanwhile).
     */
    public ChangeOutcome approve(long id, SignatureRequest request) {
        // what the kind must know just before the change takes effect, to say afterwards what the approval did
        KindOfChange.AfterApproval after = find(id).flatMap(c -> version(id, c.latestVersion())
                        .map(v -> kinds.get(c.kind()).beforeApproval(v.content())))
                .orElse((changeSetId, approver) -> ChangeOutcome.Effects.NONE);
        ChangeOutcome outcome = step(id, Step.APPROVE, request.caller(), c -> approved(c, request));
        if (outcome.refused()) {
            return outcome;
        }
        // after commit: this instance adopts the rules now, and the kind does what follows its approval
        rules.refresh();
        return ChangeOutcome.done(outcome.changeSet(), outcome.effects().and(after.run(id, request.caller())));
    }

    private ChangeOutcome approved(ChangeSet c, SignatureRequest request) {
        ChangeSetVersion v = version(c.id(), c.latestVersion()).orElseThrow();
        SignedRecord record = signedRecord(c, v);
        boolean authored = signaturesOf(c.id()).stream()
                .filter(sig -> sig.meaning() == Meaning.AUTHORED
                        && sig.signerUsername().equals(c.author()))
                .anyMatch(sig -> signatures.verify(sig.id(), record).valid());
        if (!authored) {
            return ChangeOutcome.refused(
                    ChangeOutcome.Refusal.CONFLICT,
                    Refusal.of(
                            "state",
                            "the author's signature does not match version " + v.version(),
                            "refusal.change.author-signature",
                            v.version()));
        }
        Optional<Refusal> invalid = validate(c.kind(), v.content());
        if (invalid.isPresent()) {
            return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, invalid.get());
        }
        SignatureOutcome signed = signatures.sign(record, withMeaning(request, Meaning.APPROVED));
        if (signed.applied().isEmpty()) {
            return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, signatureRefused(signed));
        }
        ChangeOutcome.Effects effects = ChangeOutcome.Effects.signed(
                        signed.applied().get().id().toString())
                .and(kinds.get(c.kind()).putInForce(c, v, request.caller(), clock.instant()));
        transition(c, Step.APPROVE.leadsTo(), request.caller(), request.reason(), true);
        return ChangeOutcome.done(find(c.id()).orElseThrow(), effects);
    }

    /** Rejects an open change set with a signature (REJECTED) and a reason. */
    public ChangeOutcome reject(long id, SignatureRequest request) {
        if (request.reason() == null || request.reason().isBlank()) {
            return ChangeOutcome.refused(
                    ChangeOutcome.Refusal.INVALID,
                    Refusal.of(
                            "reason",
                            "is required: say why the change set is rejected",
                            "refusal.change.reject-reason"));
        }
        return step(id, Step.REJECT, request.caller(), c -> signed(c, request, Meaning.REJECTED, true));
    }

    /** Takes a step on the change set, locked, when the workflow allows it to the actor. */
    private ChangeOutcome step(long id, Step step, String actor, Function<ChangeSet, ChangeOutcome> then) {
        return tx.execute(s -> {
            Optional<ChangeSet> found = store.lock(id);
            if (found.isEmpty()) {
                return notFound(id);
            }
            ChangeSet c = found.get();
            Verdict verdict = ChangeSetWorkflow.judge(step, c.state(), c.author(), actor);
            return verdict.isAllowed() ? then.apply(c) : verdict.outcome();
        });
    }

    /** Signs the latest version with this meaning and moves the change set on (AUTHORED, or REJECTED). */
    private ChangeOutcome signed(ChangeSet c, SignatureRequest request, Meaning meaning, boolean decided) {
        ChangeSetVersion v = version(c.id(), c.latestVersion()).orElseThrow();
        SignatureOutcome signed = signatures.sign(signedRecord(c, v), withMeaning(request, meaning));
        if (signed.applied().isEmpty()) {
            return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, signatureRefused(signed));
        }
        ChangeSet.State to = decided ? Step.REJECT.leadsTo() : Step.SIGN.leadsTo();
        transition(c, to, request.caller(), decided ? request.reason() : null, decided);
        return ChangeOutcome.done(
                find(c.id()).orElseThrow(),
                ChangeOutcome.Effects.signed(signed.applied().get().id().toString()));
    }

    /** What approving the latest version would change: who gains or loses which role (rules), or the effects. */
    public Optional<ChangeSetPreview> preview(long id) {
        return find(id).map(c -> {
            ChangeSetVersion v = version(id, c.latestVersion()).orElseThrow();
            return kinds.get(c.kind()).preview(id, v.version(), v.content());
        });
    }

    /** One line of a diff: {@code op} is " " (in both), "-" (only in the older) or "+" (only in the newer). */
    public record DiffLine(String op, String line) {}

    /** The line diff between two versions of the change set (JSON content pretty-printed first). */
    public Optional<List<DiffLine>> diff(long id, int from, int to) {
        Optional<ChangeSetVersion> a = version(id, from);
        Optional<ChangeSetVersion> b = version(id, to);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                LineDiff.of(readable(a.get().content()), readable(b.get().content())));
    }

    /** The rules in force compared with a RULES change set's latest version. */
    public Optional<List<DiffLine>> diffWithInForce(long id) {
        return find(id).filter(c -> c.kind() == ChangeKind.RULES)
                .map(c -> LineDiff.of(
                        plant.current().text(),
                        version(id, c.latestVersion()).orElseThrow().content()));
    }

    /**
     * Why the content cannot be a change set of that kind, naming the offending part: the API's English, and the same
     * said by a sentence when the kind's validator gives one (a plant definition's reader, a parameter's check).
     */
    Optional<Refusal> validate(ChangeKind kind, String content) {
        if (content.isBlank()) {
            return Optional.of(invalidContent("must not be empty", Sentence.of("refusal.change.content-empty")));
        }
        if (content.length() > MAX_CONTENT) {
            return Optional.of(Refusal.atMost("content", MAX_CONTENT));
        }
        try {
            return kinds.get(kind).refusal(content).map(r -> invalidContent(r.reason(), r.said()));
        } catch (RefusedInput e) {
            return Optional.of(invalidContent(e.getMessage(), e.said()));
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.of(invalidContent(e.getMessage(), Sentence.Quoted.english(e.getMessage())));
        }
    }

    private void transition(ChangeSet c, ChangeSet.State to, String actor, @Nullable String reason, boolean decided) {
        if (decided) {
            store.decided(c.id(), to, actor, clock.instant(), reason);
        } else {
            store.moveTo(c.id(), to);
        }
        String name = to.name().toLowerCase(Locale.ROOT);
        audit.append(new AuditRecord(
                actor,
                "change-set." + name,
                RECORD_TYPE,
                Long.toString(c.id()),
                null,
                Map.of("state", c.state().name()),
                Map.of("state", to.name(), "version", c.latestVersion()),
                reason == null ? "change set " + name : reason,
                null));
    }

    private static SignatureRequest withMeaning(SignatureRequest r, Meaning meaning) {
        return new SignatureRequest(r.caller(), r.userId(), r.password(), meaning, r.reason(), r.continuingSession());
    }

    private static ChangeOutcome notFound(long id) {
        return ChangeOutcome.refused(
                ChangeOutcome.Refusal.NOT_FOUND,
                Refusal.of("id", "change set " + id + " does not exist", "refusal.not-found"));
    }

    /** The content refused: its English reason, said inside "The content is not valid: …". */
    private static Refusal invalidContent(String reason, Object said) {
        return Refusal.of("content", reason, "refusal.change.content", said);
    }

    private static Refusal signatureRefused(SignatureOutcome signed) {
        return signed.refusal() == null ? Refusal.of("password", "was refused", "refusal.refused") : signed.refusal();
    }

    private static String readable(String content) {
        String t = content.stripLeading();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return KindOfChange.JSON
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(KindOfChange.JSON.readTree(content));
            } catch (JacksonException e) {
                return content;
            }
        }
        return content;
    }
}
