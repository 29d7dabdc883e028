package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.DictionaryEntries;
import org.qualigate.change.ChangeKind;
import org.qualigate.change.ChangeSets;
import org.qualigate.intake.CsvImport;
import org.qualigate.intake.HrisPulls;
import org.qualigate.intake.ParkedEvents;
import org.qualigate.intake.PulledRemovals;
import org.qualigate.intake.RemovalHold;
import org.qualigate.policy.QualificationCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HRIS intake for operators: the pulled sources and their state, file imports with their rejected rows,
 * and the run-time dictionary whose new mappings release parked records.
 */
@RestController
class IntakeAdminController {

    private static final int MAX_FILE = 50 << 20;

    private final HrisPulls pulls;
    private final CsvImport imports;
    private final DictionaryEntries dictionary;
    private final ChangeSets changeSets;
    private final ParkedEvents parked;
    private final PulledRemovals removals;

    IntakeAdminController(
            HrisPulls pulls,
            CsvImport imports,
            DictionaryEntries dictionary,
            ParkedEvents parked,
            ChangeSets changeSets,
            PulledRemovals removals) {
        this.removals = removals;
        this.changeSets = changeSets;
        this.pulls = pulls;
        this.imports = imports;
        this.dictionary = dictionary;
        this.parked = parked;
    }

    @GetMapping("/api/v1/sources")
    Sources sources() {
        return new Sources(
                pulls.states(), pulls.sources().stream().map(s -> s.name()).toList());
    }

    @PostMapping("/api/v1/sources/{name}/pull")
    ResponseEntity<?> pull(@PathVariable String name) {
        if (pulls.sources().stream().noneMatch(s -> s.name().equals(name))) {
            throw new ApiErrors.NotFound("no pulled source named " + name);
        }
        return pulls.pullNow(name)
                .<ResponseEntity<?>>map(s -> ResponseEntity.ok(s.view()))
                .orElseGet(() -> Problems.respond(
                        Problems.problem(
                                HttpStatus.CONFLICT,
                                "pull-running",
                                "Pull already running",
                                name + " is being pulled by another instance or run"),
                        null));
    }

    /** Removals a full read showed that would take too much of a site at once: held for an operator. */
    @GetMapping("/api/v1/sources/removal-holds")
    Holds removalHolds(@RequestParam(required = false) @Nullable String status) {
        if (status != null
                && !List.of("HELD", "ACCEPTED", "DISMISSED", "SUPERSEDED").contains(status)) {
            throw new ApiErrors.InvalidParameter("status", "must be HELD, ACCEPTED, DISMISSED or SUPERSEDED");
        }
        return new Holds(removals.holds(status));
    }

    /** Applies the held removals (those whose record is still unchanged), audited with the operator and reason. */
    @PostMapping("/api/v1/sources/removal-holds/{id}/accept")
    ResponseEntity<?> acceptRemovals(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication user) {
        return decide(id, body, user, true);
    }

    /** Closes the hold without removing anything, audited with the operator and reason. */
    @PostMapping("/api/v1/sources/removal-holds/{id}/dismiss")
    ResponseEntity<?> dismissRemovals(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication user) {
        return decide(id, body, user, false);
    }

    private ResponseEntity<?> decide(UUID id, @Nullable Map<String, Object> body, Authentication user, boolean accept) {
        Object reason = body == null ? null : body.get("reason");
        if (!(reason instanceof String text) || text.isBlank()) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST,
                            "invalid-request",
                            "Reason required",
                            "reason",
                            "say why the removals are " + (accept ? "accepted" : "dismissed")),
                    null);
        }
        if (text.length() > 2000) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST,
                            "invalid-request",
                            "Reason too long",
                            "reason",
                            "at most 2000 characters"),
                    null);
        }
        String actor = "user:" + user.getName();
        PulledRemovals.Decision d =
                accept ? removals.accept(id, actor, text.strip()) : removals.dismiss(id, actor, text.strip());
        return switch (d) {
            case DONE ->
                ResponseEntity.ok(removals.holds(null).stream()
                        .filter(h -> id.equals(h.id()))
                        .findFirst()
                        .<Object>map(h -> h)
                        .orElseGet(() -> new HoldId(id)));
            case NOT_FOUND -> throw new ApiErrors.NotFound("no removal hold " + id);
            case NOT_HELD ->
                Problems.respond(
                        Problems.problem(
                                HttpStatus.CONFLICT,
                                "hold-decided",
                                "Already decided",
                                "removal hold " + id + " was already accepted, dismissed or superseded"),
                        null);
        };
    }

    @PostMapping(path = "/api/v1/imports")
    ResponseEntity<ImportView> importCsv(
            @RequestParam(defaultValue = "csv") String source,
            @RequestParam(defaultValue = "upload.csv") String fileName,
            HttpServletRequest request,
            Authentication user)
            throws IOException {
        byte[] body = RequestBodies.required(request, MAX_FILE, "a CSV file with a header line");
        if (!source.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new ApiErrors.InvalidParameter("source", "must be a source name (letters, digits, '-', '_')");
        }
        CsvImport.Run run = imports.importFile(source, fileName, body, "user:" + user.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(new ImportView(run.id(), run.counts(), run.rejections()));
    }

    @GetMapping("/api/v1/imports")
    Runs importRuns(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and 1000");
        }
        return new Runs(imports.runs(limit));
    }

    @GetMapping("/api/v1/imports/{id}/rejections")
    Rejections rejections(@PathVariable UUID id) {
        return new Rejections(id, imports.rejections(id));
    }

    @GetMapping("/api/v1/dictionary")
    Added dictionary() {
        return new Added(dictionary.added());
    }

    /**
     * Proposes a mapping under change control: drafts a DICTIONARY change set that takes effect (and
     * releases the records parked for the code) only when its author has signed it and a different person
     * approved it ({@code /api/v1/change-sets}).
     */
    @PostMapping("/api/v1/dictionary")
    ResponseEntity<?> map(@RequestBody @Nullable Map<String, String> body, Authentication user) {
        if (body == null) {
            throw new ApiErrors.InvalidParameter("body", "must be {\"system\", \"sourceCode\", \"code\"}");
        }
        String system = required(body, "system");
        String sourceCode = required(body, "sourceCode");
        QualificationCode code;
        try {
            code = QualificationCode.of(required(body, "code"));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.InvalidParameter("code", "is not a qualification code");
        }
        var refused = dictionary.refusal(system, sourceCode, code);
        if (refused.isPresent()) {
            throw new ApiErrors.InvalidParameter(
                    refused.get().field(), refused.get().reason());
        }
        String content = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(new Mappings(List.of(new Mapping(system, sourceCode, code.value()))));
        return ChangeSetsController.respond(
                changeSets.draft(
                        ChangeKind.DICTIONARY,
                        "Map " + system + " " + sourceCode + " to " + code.value(),
                        content,
                        user.getName()),
                HttpStatus.ACCEPTED);
    }

    private static String required(Map<String, String> body, String field) {
        String v = body.get(field);
        if (v == null || v.isBlank()) {
            throw new ApiErrors.InvalidParameter(field, "is required");
        }
        return v.trim();
    }

    // ---- the views

    record Sources(List<HrisPulls.SourceState> pulled, List<String> configured) {}

    record Holds(List<RemovalHold> holds) {}

    /** A decided hold no longer listed: its id alone. */
    record HoldId(UUID id) {}

    record ImportView(UUID id, Map<String, Integer> summary, List<CsvImport.Rejection> rejections) {}

    record Runs(List<CsvImport.ImportRun> runs) {}

    record Rejections(UUID id, List<CsvImport.Rejection> rejections) {}

    record Added(List<DictionaryEntries.Entry> added) {}

    /** A DICTIONARY change set's content: the mappings it adds. */
    record Mappings(List<Mapping> mappings) {}

    record Mapping(String system, String sourceCode, String code) {}
}
