package org.qualigate.change;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.DeliveryRequests;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.ImpactPreview;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.PlantDefinitionFile;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.intake.ParkedEvents;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.QualificationCode;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Change sets for rules, dictionary mappings and run-time parameters: draft (and revise), sign as author,
 * preview the impact, approve with a signature by someone other than the author (only then does the change
 * take effect), or reject; list, read every version and compare two. Every step is audited in its
 * transaction; a refusal is a value naming the field.
 */
@Service
public class ChangeSets {

    static final String RECORD_TYPE = "change-set";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_CONTENT = 1 << 20;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ElectronicSignatures signatures;
    private final PlantDefinition plant;
    private final ImpactPreview impact;
    private final DictionaryEntries dictionary;
    private final Parameters parameters;
    private final Persons persons;
    private final DeliveryRequests delivery;
    private final ParkedEvents parked;
    private final MappingOutcomes outcomes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final EntitlementProjection projection;

    public ChangeSets(
            JdbcClient jdbc,
            AuditTrail audit,
            ElectronicSignatures signatures,
            PlantDefinition plant,
            ImpactPreview impact,
            DictionaryEntries dictionary,
            Parameters parameters,
            Persons persons,
            DeliveryRequests delivery,
            ParkedEvents parked,
            MappingOutcomes outcomes,
            TransactionTemplate tx,
            Clock clock,
            EntitlementProjection projection) {
        this.projection = projection;
        this.jdbc = jdbc;
        this.audit = audit;
        this.signatures = signatures;
        this.plant = plant;
        this.impact = impact;
        this.dictionary = dictionary;
        this.parameters = parameters;
        this.persons = persons;
        this.delivery = delivery;
        this.parked = parked;
        this.outcomes = outcomes;
        this.tx = tx;
        this.clock = clock;
    }

    public List<ChangeSet> list(ChangeSet.@Nullable State state, @Nullable ChangeKind kind) {
        return jdbc.sql(
                        "SELECT * FROM change_set WHERE (?::text IS NULL OR state = ?) AND (?::text IS NULL OR kind = ?)"
                                + " ORDER BY id DESC LIMIT 500")
                .params(
                        state == null ? null : state.name(),
                        state == null ? null : state.name(),
                        kind == null ? null : kind.name(),
                        kind == null ? null : kind.name())
                .query(ChangeSets::row)
                .list();
    }

    public Optional<ChangeSet> find(long id) {
        return jdbc.sql("SELECT * FROM change_set WHERE id = ?")
                .param(id)
                .query(ChangeSets::row)
                .optional();
    }

    public List<ChangeSetVersion> versions(long id) {
        return jdbc.sql("SELECT * FROM change_set_version WHERE change_set_id = ? ORDER BY version")
                .param(id)
                .query(ChangeSets::versionRow)
                .list();
    }

    public Optional<ChangeSetVersion> version(long id, int version) {
        return jdbc.sql("SELECT * FROM change_set_version WHERE change_set_id = ? AND version = ?")
                .params(id, version)
                .query(ChangeSets::versionRow)
                .optional();
    }

    public List<Signature> signaturesOf(long id) {
        return signatures.signaturesOf(RECORD_TYPE, Long.toString(id));
    }

    /** The approved DICTIONARY change set that mapped this source code to this plant code, if any. */
    public Optional<ChangeSet> approvedMapping(String sourceCode, String code) {
        for (ChangeSet c : list(ChangeSet.State.APPROVED, ChangeKind.DICTIONARY)) {
            for (JsonNode m : JSON.readTree(
                            version(c.id(), c.latestVersion()).orElseThrow().content())
                    .path("mappings")) {
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
        ObjectNode n = JSON.createObjectNode();
        n.put("changeSet", c.id());
        n.put("kind", c.kind().name());
        n.put("title", c.title());
        n.put("version", v.version());
        n.put("content", v.content());
        return new SignedRecord(RECORD_TYPE, Long.toString(c.id()), JSON.writeValueAsString(n));
    }

    /** Drafts a new change set as version 1. */
    public ChangeOutcome draft(ChangeKind kind, String title, String content, String author) {
        if (title.isBlank() || title.length() > 200) {
            return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, "title", "must be 1 to 200 characters");
        }
        Optional<String> invalid = validate(kind, content);
        if (invalid.isPresent()) {
            return invalidContent(invalid.get());
        }
        return tx.execute(s -> {
            Instant now = clock.instant();
            long id = jdbc.sql("INSERT INTO change_set (kind, title, state, author, latest_version, created_at) "
                            + "VALUES (?, ?, 'DRAFT', ?, 1, ?) RETURNING id")
                    .params(kind.name(), title.trim(), author, Timestamp.from(now))
                    .query(Long.class)
                    .single();
            insertVersion(id, 1, content, author, now);
            audit.append(new AuditRecord(
                    author,
                    "change-set.drafted",
                    RECORD_TYPE,
                    Long.toString(id),
                    null,
                    null,
                    Map.of("kind", kind.name(), "title", title.trim(), "version", 1, "contentSha256", sha(content)),
                    "change set drafted",
                    null));
            return ChangeOutcome.done(find(id).orElseThrow(), Map.of());
        });
    }

    /** A new version of an open change set by its author; it must be signed again. */
    public ChangeOutcome revise(long id, String content, String actor) {
        return tx.execute(s -> {
            Optional<ChangeSet> found = lock(id);
            if (found.isEmpty()) {
                return notFound(id);
            }
            ChangeSet c = found.get();
            if (!c.state().open()) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.CONFLICT,
                        "state",
                        "is " + c.state() + ": only an open change set can be revised");
            }
            if (!c.author().equals(actor)) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.NOT_AUTHOR,
                        "author",
                        "only the author " + c.author() + " can revise the change set");
            }
            Optional<String> invalid = validate(c.kind(), content);
            if (invalid.isPresent()) {
                return invalidContent(invalid.get());
            }
            int next = c.latestVersion() + 1;
            insertVersion(id, next, content, actor, clock.instant());
            jdbc.sql("UPDATE change_set SET latest_version = ?, state = 'DRAFT' WHERE id = ?")
                    .params(next, id)
                    .update();
            audit.append(new AuditRecord(
                    actor,
                    "change-set.revised",
                    RECORD_TYPE,
                    Long.toString(id),
                    null,
                    Map.of("version", c.latestVersion(), "state", c.state().name()),
                    Map.of("version", next, "state", "DRAFT", "contentSha256", sha(content)),
                    "new version drafted",
                    null));
            return ChangeOutcome.done(find(id).orElseThrow(), Map.of());
        });
    }

    /** The author signs the latest version (meaning AUTHORED); it can then be approved. */
    public ChangeOutcome sign(long id, SignatureRequest request) {
        return tx.execute(s -> {
            Optional<ChangeSet> found = lock(id);
            if (found.isEmpty()) {
                return notFound(id);
            }
            ChangeSet c = found.get();
            if (c.state() != ChangeSet.State.DRAFT) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.CONFLICT,
                        "state",
                        "is " + c.state() + ": only a draft is signed by its author");
            }
            if (!c.author().equals(request.caller())) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.NOT_AUTHOR,
                        "author",
                        "only the author " + c.author() + " signs a draft as AUTHORED");
            }
            ChangeSetVersion v = version(id, c.latestVersion()).orElseThrow();
            SignatureOutcome signed = signatures.sign(signedRecord(c, v), withMeaning(request, Meaning.AUTHORED));
            if (signed.applied().isEmpty()) {
                return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, signed.field(), signed.reason());
            }
            transition(c, ChangeSet.State.AUTHORED, request.caller(), null, false);
            return ChangeOutcome.done(
                    find(id).orElseThrow(),
                    Map.of("signature", signed.applied().get().id().toString()));
        });
    }

    /**
     * Approves the authored change set with the approver's signature (APPROVED) and puts it in force in the
     * same transaction. Refused when the approver is its author, when the author's signature does not match
     * the latest version, or when the content no longer applies (e.g. a mapping was added meanwhile).
     */
    public ChangeOutcome approve(long id, SignatureRequest request) {
        Map<String, Object> effects = new LinkedHashMap<>();
        // who waits for a mapping, and with which roles, just before it takes effect: the page says afterwards
        // what the approval did for them
        MappingOutcomes.Before waiting = find(id).filter(c -> c.kind() == ChangeKind.DICTIONARY)
                .flatMap(c -> version(id, c.latestVersion()))
                .map(v -> outcomes.before(v.content()))
                .orElse(null);
        ChangeOutcome outcome = tx.execute(s -> {
            Optional<ChangeSet> found = lock(id);
            if (found.isEmpty()) {
                return notFound(id);
            }
            ChangeSet c = found.get();
            if (c.author().equals(request.caller())) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.SELF_APPROVAL,
                        "approver",
                        "must be someone other than the author " + c.author()
                                + " (a change set is never approved by its own author)");
            }
            if (c.state() != ChangeSet.State.AUTHORED) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.CONFLICT,
                        "state",
                        "is " + c.state() + ": only a change set signed by its author can be approved");
            }
            ChangeSetVersion v = version(id, c.latestVersion()).orElseThrow();
            SignedRecord record = signedRecord(c, v);
            boolean authored = signaturesOf(id).stream()
                    .filter(sig -> sig.meaning() == Meaning.AUTHORED
                            && sig.signerUsername().equals(c.author()))
                    .anyMatch(sig -> signatures.verify(sig.id(), record).valid());
            if (!authored) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.CONFLICT,
                        "state",
                        "the author's signature does not match version " + v.version());
            }
            Optional<String> invalid = validate(c.kind(), v.content());
            if (invalid.isPresent()) {
                return invalidContent(invalid.get());
            }
            SignatureOutcome signed = signatures.sign(record, withMeaning(request, Meaning.APPROVED));
            if (signed.applied().isEmpty()) {
                return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, signed.field(), signed.reason());
            }
            effects.put("signature", signed.applied().get().id().toString());
            effects.putAll(apply(c, v, request.caller()));
            transition(c, ChangeSet.State.APPROVED, request.caller(), request.reason(), true);
            return ChangeOutcome.done(find(id).orElseThrow(), effects);
        });
        if (!outcome.refused()) {
            // after commit: this instance adopts the rules now, and parked records of new mappings go through
            plant.refresh(jdbc);
            if (outcome.changeSet().kind() == ChangeKind.DICTIONARY) {
                effects.put("parkedEventsApplied", parked.sweep(request.caller()));
                if (waiting != null) {
                    effects.put("outcome", outcomes.after(id, request.caller(), waiting));
                }
            }
            return ChangeOutcome.done(outcome.changeSet(), effects);
        }
        return outcome;
    }

    /** Rejects an open change set with a signature (REJECTED) and a reason. */
    public ChangeOutcome reject(long id, SignatureRequest request) {
        if (request.reason() == null || request.reason().isBlank()) {
            return ChangeOutcome.refused(
                    ChangeOutcome.Refusal.INVALID, "reason", "is required: say why the change set is rejected");
        }
        return tx.execute(s -> {
            Optional<ChangeSet> found = lock(id);
            if (found.isEmpty()) {
                return notFound(id);
            }
            ChangeSet c = found.get();
            if (!c.state().open()) {
                return ChangeOutcome.refused(
                        ChangeOutcome.Refusal.CONFLICT,
                        "state",
                        "is " + c.state() + ": only an open change set can be rejected");
            }
            ChangeSetVersion v = version(id, c.latestVersion()).orElseThrow();
            SignatureOutcome signed = signatures.sign(signedRecord(c, v), withMeaning(request, Meaning.REJECTED));
            if (signed.applied().isEmpty()) {
                return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, signed.field(), signed.reason());
            }
            transition(c, ChangeSet.State.REJECTED, request.caller(), request.reason(), true);
            return ChangeOutcome.done(
                    find(id).orElseThrow(),
                    Map.of("signature", signed.applied().get().id().toString()));
        });
    }

    /** What approving the latest version would change: who gains or loses which role (rules), or the effects. */
    public Optional<Map<String, Object>> preview(long id) {
        return find(id).map(c -> {
            ChangeSetVersion v = version(id, c.latestVersion()).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("changeSet", id);
            m.put("version", v.version());
            switch (c.kind()) {
                case RULES -> {
                    ImpactPreview.Impact i = impact.preview(PlantDefinitionFile.parse(v.content(), "change set " + id));
                    m.put("at", i.at());
                    m.put("currentVersion", i.currentVersion());
                    m.put("proposedVersion", i.proposedVersion());
                    m.put("activePeople", i.activePeople());
                    m.put("gains", i.count(ImpactPreview.Kind.GAIN));
                    m.put("losses", i.count(ImpactPreview.Kind.LOSS));
                    m.put("endsMoved", i.count(ImpactPreview.Kind.END_MOVES));
                    m.put(
                            "changes",
                            i.changes().stream().map(ImpactPreview.Change::view).toList());
                }
                case DICTIONARY -> {
                    m.put("mappings", JSON.readTree(v.content()).path("mappings"));
                    m.put("effect", "records parked for these source codes are applied on approval, and planned again");
                }
                case PARAMETERS -> {
                    m.put("current", parameters.all());
                    m.put("proposed", JSON.readTree(v.content()).path("parameters"));
                }
            }
            return m;
        });
    }

    /** The line diff between two versions of the change set (JSON content pretty-printed first). */
    public Optional<List<Map<String, String>>> diff(long id, int from, int to) {
        Optional<ChangeSetVersion> a = version(id, from);
        Optional<ChangeSetVersion> b = version(id, to);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                LineDiff.of(readable(a.get().content()), readable(b.get().content())).stream()
                        .map(l -> Map.of("op", l.op(), "line", l.text()))
                        .toList());
    }

    /** The rules in force compared with a RULES change set's latest version. */
    public Optional<List<Map<String, String>>> diffWithInForce(long id) {
        return find(id).filter(c -> c.kind() == ChangeKind.RULES)
                .map(c ->
                        LineDiff.of(
                                        plant.current().text(),
                                        version(id, c.latestVersion())
                                                .orElseThrow()
                                                .content())
                                .stream()
                                .map(l -> Map.of("op", l.op(), "line", l.text()))
                                .toList());
    }

    private Map<String, Object> apply(ChangeSet c, ChangeSetVersion v, String approver) {
        Instant now = clock.instant();
        String why = "change set " + c.id() + " v" + v.version() + " approved: " + c.title();
        Map<String, Object> effects = new LinkedHashMap<>();
        switch (c.kind()) {
            case RULES -> {
                Plant proposed = PlantDefinitionFile.parse(v.content(), "change set " + c.id());
                Plant before = plant.current();
                plant.putInForce(jdbc, proposed, c.id(), now);
                projection.rulesChanged(proposed, plant.loadedAt(jdbc, proposed.version()));
                List<Person> all = persons.all();
                all.forEach(p -> delivery.request(p.employeeId(), now));
                audit.append(new AuditRecord(
                        approver,
                        "rules.changed",
                        "rules",
                        proposed.version(),
                        null,
                        Map.of("version", before.version(), "sha256", before.sha256()),
                        Map.of("version", proposed.version(), "sha256", proposed.sha256(), "changeSet", c.id()),
                        why,
                        null));
                effects.put("rulesVersion", proposed.version());
                effects.put("personsPlannedAgain", all.size());
            }
            case DICTIONARY -> {
                int added = 0;
                for (JsonNode m : JSON.readTree(v.content()).path("mappings")) {
                    Optional<String> refused = dictionary.add(
                            m.path("system").asString(),
                            m.path("sourceCode").asString(),
                            QualificationCode.of(m.path("code").asString()),
                            approver,
                            why);
                    if (refused.isPresent()) {
                        throw new IllegalStateException("validated mapping refused: " + refused.get());
                    }
                    added++;
                }
                effects.put("mappingsAdded", added);
            }
            case PARAMETERS -> {
                var fields = JSON.readTree(v.content()).path("parameters").properties();
                Map<String, Object> changed = new LinkedHashMap<>();
                Map<String, Object> before = new LinkedHashMap<>();
                for (var e : fields) {
                    // the value in force until now (absent: the configured default), for the audit's old side
                    before.put(e.getKey(), parameters.value(e.getKey()).orElse(null));
                    parameters.put(e.getKey(), e.getValue().asString(), c.id(), now);
                    changed.put(e.getKey(), e.getValue().asString());
                }
                audit.append(new AuditRecord(
                        approver,
                        "parameters.changed",
                        "parameters",
                        Long.toString(c.id()),
                        null,
                        before,
                        changed,
                        why,
                        null));
                effects.put("parameters", changed);
            }
        }
        return effects;
    }

    /** Why the content cannot be a change set of that kind, naming the offending part. */
    Optional<String> validate(ChangeKind kind, String content) {
        if (content.isBlank()) {
            return Optional.of("must not be empty");
        }
        if (content.length() > MAX_CONTENT) {
            return Optional.of("must be at most " + MAX_CONTENT + " characters");
        }
        try {
            switch (kind) {
                case RULES -> {
                    Plant proposed = PlantDefinitionFile.parse(content, "proposed definition");
                    if (plant.versionKnown(jdbc, proposed.version())) {
                        return Optional.of(
                                "version " + proposed.version() + " was used before: give the rules a new version");
                    }
                    if (!proposed.sites()
                            .keySet()
                            .containsAll(plant.current().sites().keySet())) {
                        return Optional.of("sites: a change set cannot remove a site in use");
                    }
                }
                case DICTIONARY -> {
                    JsonNode mappings = JSON.readTree(content).path("mappings");
                    if (!mappings.isArray() || mappings.isEmpty()) {
                        return Optional.of("mappings must list at least one {system, sourceCode, code}");
                    }
                    int i = 0;
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (JsonNode m : mappings) {
                        String where = "mappings[" + i++ + "].";
                        for (String f : List.of("system", "sourceCode", "code")) {
                            if (!m.path(f).isString() || m.path(f).asString().isBlank()) {
                                return Optional.of(where + f + " is required");
                            }
                        }
                        QualificationCode code;
                        try {
                            code = QualificationCode.of(m.path("code").asString());
                        } catch (IllegalArgumentException e) {
                            return Optional.of(where + "code is not a qualification code");
                        }
                        if (!seen.add(m.path("system").asString() + "/"
                                + m.path("sourceCode").asString())) {
                            return Optional.of(where + "sourceCode is listed twice");
                        }
                        Optional<String> refused = dictionary.refusal(
                                m.path("system").asString(),
                                m.path("sourceCode").asString(),
                                code);
                        if (refused.isPresent()) {
                            return Optional.of(where + refused.get().replaceFirst(": ", " "));
                        }
                    }
                }
                case PARAMETERS -> {
                    JsonNode params = JSON.readTree(content).path("parameters");
                    if (!params.isObject() || params.isEmpty()) {
                        return Optional.of("parameters must name at least one parameter and its value");
                    }
                    for (var e : params.properties()) {
                        if (!e.getValue().isString()) {
                            return Optional.of("parameters." + e.getKey() + " must be a string");
                        }
                        Optional<String> refused =
                                Parameters.refusal(e.getKey(), e.getValue().asString());
                        if (refused.isPresent()) {
                            return Optional.of("parameters." + e.getKey() + " " + refused.get());
                        }
                    }
                }
            }
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private void transition(ChangeSet c, ChangeSet.State to, String actor, @Nullable String reason, boolean decided) {
        Instant now = clock.instant();
        if (decided) {
            jdbc.sql(
                            "UPDATE change_set SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?")
                    .params(to.name(), actor, Timestamp.from(now), reason, c.id())
                    .update();
        } else {
            jdbc.sql("UPDATE change_set SET state = ? WHERE id = ?")
                    .params(to.name(), c.id())
                    .update();
        }
        audit.append(new AuditRecord(
                actor,
                "change-set." + to.name().toLowerCase(java.util.Locale.ROOT),
                RECORD_TYPE,
                Long.toString(c.id()),
                null,
                Map.of("state", c.state().name()),
                Map.of("state", to.name(), "version", c.latestVersion()),
                reason == null ? "change set " + to.name().toLowerCase(java.util.Locale.ROOT) : reason,
                null));
    }

    private Optional<ChangeSet> lock(long id) {
        return jdbc.sql("SELECT * FROM change_set WHERE id = ? FOR UPDATE")
                .param(id)
                .query(ChangeSets::row)
                .optional();
    }

    private void insertVersion(long id, int version, String content, String actor, Instant at) {
        jdbc.sql(
                        "INSERT INTO change_set_version (change_set_id, version, content, content_sha256, drafted_by, drafted_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, version, content, sha(content), actor, Timestamp.from(at))
                .update();
    }

    private static SignatureRequest withMeaning(SignatureRequest r, Meaning meaning) {
        return new SignatureRequest(r.caller(), r.userId(), r.password(), meaning, r.reason(), r.continuingSession());
    }

    private static ChangeOutcome notFound(long id) {
        return ChangeOutcome.refused(ChangeOutcome.Refusal.NOT_FOUND, "id", "change set " + id + " does not exist");
    }

    private static ChangeOutcome invalidContent(String reason) {
        return ChangeOutcome.refused(ChangeOutcome.Refusal.INVALID, "content", reason);
    }

    private static String sha(String content) {
        return CanonicalJson.sha256Hex(content);
    }

    private static String readable(String content) {
        String t = content.stripLeading();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(content));
            } catch (JacksonException e) {
                return content;
            }
        }
        return content;
    }

    private static ChangeSet row(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new ChangeSet(
                rs.getLong("id"),
                ChangeKind.valueOf(rs.getString("kind")),
                rs.getString("title"),
                ChangeSet.State.valueOf(rs.getString("state")),
                rs.getString("author"),
                rs.getInt("latest_version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getString("decision_reason"));
    }

    private static ChangeSetVersion versionRow(ResultSet rs, int n) throws SQLException {
        return new ChangeSetVersion(
                rs.getLong("change_set_id"),
                rs.getInt("version"),
                rs.getString("content"),
                rs.getString("content_sha256"),
                rs.getString("drafted_by"),
                rs.getTimestamp("drafted_at").toInstant());
    }
}
