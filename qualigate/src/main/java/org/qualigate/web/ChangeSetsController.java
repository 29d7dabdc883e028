package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.change.ChangeKind;
import org.qualigate.change.ChangeOutcome;
import org.qualigate.change.ChangeSet;
import org.qualigate.change.ChangeSetPreview;
import org.qualigate.change.ChangeSetVersion;
import org.qualigate.change.ChangeSets;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Change control over the API: list, read (with versions and signatures), compare versions, preview the
 * impact, draft, revise, sign as author, approve and reject (each with an electronic signature).
 */
@RestController
class ChangeSetsController {

    /** Serialises request content; one mapper for every request. */
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final ChangeSets changeSets;

    ChangeSetsController(ChangeSets changeSets) {
        this.changeSets = changeSets;
    }

    @GetMapping("/api/v1/change-sets")
    ChangeSetList list(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String kind) {
        ChangeSet.State s = state == null ? null : parse(ChangeSet.State.class, "state", state);
        ChangeKind k = kind == null ? null : parse(ChangeKind.class, "kind", kind);
        return new ChangeSetList(
                changeSets.list(s, k).stream().map(ChangeSetsController::view).toList());
    }

    @GetMapping("/api/v1/change-sets/{id}")
    ChangeSetDetail get(@PathVariable long id) {
        ChangeSet c =
                changeSets.find(id).orElseThrow(() -> new ApiErrors.NotFound("change set " + id + " does not exist"));
        return new ChangeSetDetail(
                view(c),
                changeSets.versions(id).stream().map(ChangeSetsController::view).toList(),
                changeSets.signaturesOf(id).stream()
                        .map(ElectronicSignatures::view)
                        .toList());
    }

    @GetMapping("/api/v1/change-sets/{id}/diff")
    Diff diff(
            @PathVariable long id,
            @RequestParam(required = false) @Nullable Integer from,
            @RequestParam(required = false) @Nullable Integer to) {
        ChangeSet c =
                changeSets.find(id).orElseThrow(() -> new ApiErrors.NotFound("change set " + id + " does not exist"));
        if (from == null && to == null && c.kind() == ChangeKind.RULES) {
            return new Diff(
                    id,
                    "in force",
                    c.latestVersion(),
                    changeSets.diffWithInForce(id).orElseThrow());
        }
        int a = from == null ? Math.max(1, c.latestVersion() - 1) : from;
        int b = to == null ? c.latestVersion() : to;
        List<ChangeSets.DiffLine> lines = changeSets
                .diff(id, a, b)
                .orElseThrow(() -> new ApiErrors.InvalidParameter(
                        "from", "and to must be versions from 1 to " + c.latestVersion()));
        return new Diff(id, a, b, lines);
    }

    @GetMapping("/api/v1/change-sets/{id}/preview")
    ChangeSetPreview preview(@PathVariable long id) {
        return changeSets.preview(id).orElseThrow(() -> new ApiErrors.NotFound("change set " + id + " does not exist"));
    }

    @PostMapping("/api/v1/change-sets")
    ResponseEntity<?> draft(@RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        String kind = required(body, "kind");
        String title = required(body, "title");
        String content = content(body);
        return respond(
                changeSets.draft(parse(ChangeKind.class, "kind", kind), title, content, caller.getName()),
                HttpStatus.CREATED);
    }

    @PostMapping("/api/v1/change-sets/{id}/versions")
    ResponseEntity<?> revise(
            @PathVariable long id, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(changeSets.revise(id, content(body), caller.getName()), HttpStatus.CREATED);
    }

    @PostMapping("/api/v1/change-sets/{id}/sign")
    ResponseEntity<?> sign(
            @PathVariable long id, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(changeSets.sign(id, SigningInput.of(body, caller, Meaning.AUTHORED)), HttpStatus.OK);
    }

    @PostMapping("/api/v1/change-sets/{id}/approve")
    ResponseEntity<?> approve(
            @PathVariable long id, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(changeSets.approve(id, SigningInput.of(body, caller, Meaning.APPROVED)), HttpStatus.OK);
    }

    @PostMapping("/api/v1/change-sets/{id}/reject")
    ResponseEntity<?> reject(
            @PathVariable long id, @RequestBody @Nullable Map<String, Object> body, Authentication caller) {
        return respond(changeSets.reject(id, SigningInput.of(body, caller, Meaning.REJECTED)), HttpStatus.OK);
    }

    /** The outcome as the API answers it: the change set and its effects, or problem+json naming the field. */
    static ResponseEntity<?> respond(ChangeOutcome outcome, HttpStatus success) {
        if (!outcome.refused()) {
            return ResponseEntity.status(success).body(new Decided(view(outcome.changeSet()), outcome.effects()));
        }
        ProblemDetail p = switch (outcome.refusal()) {
            case NOT_FOUND -> Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", outcome.reason());
            case SELF_APPROVAL ->
                Problems.invalidField(
                        HttpStatus.FORBIDDEN,
                        "self-approval",
                        "Self-approval refused",
                        outcome.field(),
                        outcome.reason());
            case NOT_AUTHOR ->
                Problems.invalidField(
                        HttpStatus.FORBIDDEN, "not-author", "Not the author", outcome.field(), outcome.reason());
            case CONFLICT ->
                Problems.invalidField(
                        HttpStatus.CONFLICT,
                        "change-set-state",
                        "Not possible in this state",
                        outcome.field(),
                        outcome.reason());
            default ->
                "password".equals(outcome.field()) || "userId".equals(outcome.field())
                        ? Problems.invalidField(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "signature-refused",
                                "Signature refused",
                                outcome.field(),
                                outcome.reason())
                        : Problems.invalidField(
                                HttpStatus.BAD_REQUEST,
                                "invalid-change-set",
                                "Invalid change set",
                                outcome.field(),
                                outcome.reason());
        };
        return Problems.respond(p, null);
    }

    static ChangeSetView view(ChangeSet c) {
        return new ChangeSetView(
                c.id(),
                c.kind().name(),
                c.title(),
                c.state().name(),
                c.author(),
                c.latestVersion(),
                c.createdAt(),
                c.decidedBy(),
                c.decidedAt(),
                c.decisionReason());
    }

    private static VersionView view(ChangeSetVersion v) {
        return new VersionView(v.version(), v.content(), v.contentSha256(), v.draftedBy(), v.draftedAt());
    }

    // ---- the views

    record ChangeSetView(
            long id,
            String kind,
            String title,
            String state,
            String author,
            int latestVersion,
            Instant createdAt,
            @Nullable String decidedBy,
            @Nullable Instant decidedAt,
            @Nullable String decisionReason) {}

    record ChangeSetList(List<ChangeSetView> changeSets) {}

    record ChangeSetDetail(
            @JsonUnwrapped ChangeSetView changeSet, List<VersionView> versions, List<Map<String, Object>> signatures) {}

    record VersionView(int version, String content, String contentSha256, String draftedBy, Instant draftedAt) {}

    /** A change set after a step, with what the step did. */
    record Decided(@JsonUnwrapped ChangeSetView changeSet, ChangeOutcome.Effects effects) {}

    /** Two versions' difference line by line; {@code from} is "in force" for a rules change against the rules now. */
    record Diff(long changeSet, Object from, int to, List<ChangeSets.DiffLine> lines) {}

    private static String content(@Nullable Map<String, Object> body) {
        if (body == null || body.get("content") == null) {
            throw new ApiErrors.InvalidParameter(
                    "content",
                    "is required: the plant definition as YAML text, or the mappings or parameters as a JSON object");
        }
        Object c = body.get("content");
        if (c instanceof String s) {
            return s;
        }
        if (c instanceof Map<?, ?> || c instanceof List<?>) {
            return JSON.writeValueAsString(c);
        }
        throw new ApiErrors.InvalidParameter("content", "must be YAML text or a JSON object");
    }

    private static String required(@Nullable Map<String, Object> body, String field) {
        String v = SigningInput.text(body, field);
        if (v == null || v.isBlank()) {
            throw new ApiErrors.InvalidParameter(field, "is required");
        }
        return v.trim();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.InvalidParameter(
                    field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
