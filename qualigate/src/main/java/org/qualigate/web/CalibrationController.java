package org.qualigate.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.calibration.CalibrationComparison;
import org.qualigate.calibration.CalibrationConflict;
import org.qualigate.calibration.CalibrationConflicts;
import org.qualigate.calibration.CalibrationReview;
import org.qualigate.calibration.CalibrationRun;
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
    ConflictList conflicts(
            @RequestParam(defaultValue = "open") String state, @RequestParam(required = false) @Nullable String site) {
        CalibrationConflict.State s = switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> CalibrationConflict.State.OPEN;
            case "resolved" -> CalibrationConflict.State.RESOLVED;
            case "superseded" -> CalibrationConflict.State.SUPERSEDED;
            case "all" -> null;
            default -> throw new ApiErrors.InvalidParameter("state", "must be open, resolved, superseded or all");
        };
        List<CalibrationConflict.View> list = conflicts.list(s, site).stream()
                .map(conflicts::viewWithSignatures)
                .toList();
        return new ConflictList(list, list.size());
    }

    @GetMapping("/api/v1/calibration/conflicts/{id}")
    CalibrationConflict.View conflict(@PathVariable UUID id) {
        return conflicts.viewWithSignatures(
                conflicts.find(id).orElseThrow(() -> new ApiErrors.NotFound("no calibration conflict " + id)));
    }

    @PostMapping("/api/v1/calibration/conflicts/{id}/resolution")
    ResponseEntity<?> resolve(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        // a resolution the signature alone refused says so; a missing user id or password is a field to fill in
        return ConflictResolutionInput.answerFromObject(
                body,
                "resolution",
                caller,
                (resolution, actor, reason, signing) -> conflicts.resolve(id, resolution, actor, reason, signing),
                conflicts::viewWithSignatures);
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
    Comparisons comparisons(@RequestParam(defaultValue = "20") int limit) {
        return new Comparisons(
                review.runs(limit).stream().map(CalibrationRun::view).toList(), comparison.getIfAvailable() != null);
    }

    @GetMapping("/api/v1/calibration/unreadable")
    Unreadable unreadable() {
        List<CalibrationReview.UnreadableRecord> list = review.unreadable();
        return new Unreadable(list, list.size());
    }

    /** The conflicts asked for, then how many. */
    record ConflictList(List<CalibrationConflict.View> conflicts, int count) {}

    /** The latest comparisons, then whether comparing is on. */
    record Comparisons(List<Map<String, Object>> runs, boolean enabled) {}

    /** The records kept for review as unreadable, then how many. */
    record Unreadable(List<CalibrationReview.UnreadableRecord> records, int count) {}
}
