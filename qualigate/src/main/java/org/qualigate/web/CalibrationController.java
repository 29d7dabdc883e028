package org.qualigate.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Verdict;
import org.qualigate.calibration.CalibrationComparison;
import org.qualigate.calibration.CalibrationConflict;
import org.qualigate.calibration.CalibrationConflicts;
import org.qualigate.calibration.CalibrationReview;
import org.qualigate.calibration.CalibrationRun;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Refusal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Calibration conflicts between the maintenance system and the QMS: the queue with both versions, QA's signed
 * resolution, the comparisons (and one on demand) and the records kept for review because they could not be used.
 */
@RestController
class CalibrationController {

    private final CalibrationConflicts conflicts;
    private final CalibrationReview review;
    private final ObjectProvider<CalibrationComparison> comparison;

    CalibrationController(
            CalibrationConflicts conflicts,
            CalibrationReview review,
            ObjectProvider<CalibrationComparison> comparison) {
        this.conflicts = conflicts;
        this.review = review;
        this.comparison = comparison;
    }

    @GetMapping("/api/v1/calibration/conflicts")
    Map<String, Object> conflicts(
            @RequestParam(defaultValue = "open") String state, @RequestParam(required = false) @Nullable String site) {
        CalibrationConflict.State s = switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> CalibrationConflict.State.OPEN;
            case "resolved" -> CalibrationConflict.State.RESOLVED;
            case "superseded" -> CalibrationConflict.State.SUPERSEDED;
            case "all" -> null;
            default -> throw new ApiErrors.InvalidParameter("state", "must be open, resolved, superseded or all");
        };
        List<Map<String, Object>> list = conflicts.list(s, site).stream()
                .map(conflicts::viewWithSignatures)
                .toList();
        return Map.of("conflicts", list, "count", list.size());
    }

    @GetMapping("/api/v1/calibration/conflicts/{id}")
    Map<String, Object> conflict(@PathVariable UUID id) {
        return conflicts.viewWithSignatures(
                conflicts.find(id).orElseThrow(() -> new ApiErrors.NotFound("no calibration conflict " + id)));
    }

    @PostMapping("/api/v1/calibration/conflicts/{id}/resolution")
    ResponseEntity<?> resolve(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        if (body != null && !body.isObject()) {
            throw new ApiErrors.InvalidParameter("body", "must be a JSON object");
        }
        // the API is stateless: every resolution is a session of its own, so user id and password (decision 0015)
        SignatureRequest signing = new SignatureRequest(
                caller.getName(),
                text(body, "userId"),
                SigningInput.secret(body, "password"),
                Meaning.RESOLVED,
                text(body, "reason"),
                false);
        Verdict<CalibrationConflict> v = conflicts.resolve(
                id, text(body, "resolution"), "user:" + caller.getName(), text(body, "reason"), signing);
        if (v.refusal() == null) {
            return ResponseEntity.ok(conflicts.viewWithSignatures(v.value()));
        }
        List<Refusal> errors = v.refusal().errors();
        boolean signatureOnly = !errors.isEmpty()
                && errors.stream()
                        .allMatch(e -> e.field().equals("userId") || e.field().equals("password"))
                && errors.getFirst().reason().startsWith("signature refused");
        if (signatureOnly) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "signature-refused",
                            "Signature refused",
                            errors.getFirst().field(),
                            errors.getFirst().reason()),
                    null);
        }
        return OverridesController.refusal(v.refusal());
    }

    @PostMapping("/api/v1/calibration/comparisons")
    ResponseEntity<?> compare(Authentication caller) {
        CalibrationComparison c = comparison.getIfAvailable();
        if (c == null) {
            return Problems.respond(
                    Problems.problem(
                            HttpStatus.CONFLICT,
                            "calibration-off",
                            "Calibration comparison is off",
                            "no maintenance system is configured (qualigate.calibration.maximo.base-url) or no QMS"),
                    null);
        }
        CalibrationRun run = c.compare("ON_DEMAND", "user:" + caller.getName());
        return ResponseEntity.status(run.error() == null ? HttpStatus.CREATED : HttpStatus.BAD_GATEWAY)
                .body(run.view());
    }

    @GetMapping("/api/v1/calibration/comparisons")
    Map<String, Object> comparisons(@RequestParam(defaultValue = "20") int limit) {
        return Map.of(
                "runs",
                review.runs(limit).stream().map(CalibrationRun::view).toList(),
                "enabled",
                comparison.getIfAvailable() != null);
    }

    @GetMapping("/api/v1/calibration/unreadable")
    Map<String, Object> unreadable() {
        List<Map<String, Object>> list = review.unreadable();
        return Map.of("records", list, "count", list.size());
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v != null && !v.isNull() && !v.isString()) {
            throw new ApiErrors.InvalidParameter(field, "must be a string");
        }
        return v == null || v.isNull() || v.asString().isBlank() ? null : v.asString();
    }
}
