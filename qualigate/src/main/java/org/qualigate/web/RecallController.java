package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.quality.RecallRecord;
import org.qualigate.quality.RecallStep;
import org.qualigate.quality.RecallView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Recalls and their sagas: the plan's steps with their state (done, waiting, failed), reason and attempts. */
@RestController
class RecallController {

    private static final int MAX = 1000;

    private final RecallView recalls;

    RecallController(RecallView recalls) {
        this.recalls = recalls;
    }

    @GetMapping("/api/v1/quality/recalls")
    ResponseEntity<?> recalls(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", "limit", "1 to " + MAX),
                    null);
        }
        List<RecallItem> items = recalls.list(limit).stream()
                .map(r -> new RecallItem(
                        recall(r.recall()),
                        r.count(RecallStep.State.DONE),
                        r.count(RecallStep.State.WAITING),
                        r.count(RecallStep.State.FAILED)))
                .toList();
        return ResponseEntity.ok(new QualityController.Items<>(items));
    }

    @GetMapping("/api/v1/quality/recalls/{id}")
    ResponseEntity<?> recall(@PathVariable String id) {
        return recalls.find(id)
                .<ResponseEntity<?>>map(r -> ResponseEntity.ok(new RecallDetail(
                        recall(r.recall()),
                        r.progress().plannedAt(),
                        r.progress().reportId(),
                        r.progress().reportStatus(),
                        r.steps().stream().map(RecallController::step).toList())))
                .orElseGet(() -> Problems.respond(
                        Problems.problem(HttpStatus.NOT_FOUND, "unknown-recall", "Unknown recall", "no recall " + id),
                        null));
    }

    private static RecallFields recall(RecallRecord r) {
        return new RecallFields(
                r.recordId(),
                r.name(),
                r.version(),
                r.site(),
                r.material(),
                r.plant(),
                r.firstBatch(),
                r.lastBatch(),
                r.manufacturedFrom(),
                r.manufacturedTo(),
                r.recallClass(),
                r.reason(),
                r.status(),
                r.cancelled(),
                r.scope());
    }

    private static StepView step(RecallStep s) {
        return new StepView(
                s.kind(), s.target(), s.state().name().toLowerCase(java.util.Locale.ROOT), s.reason(), s.attempts());
    }

    // ---- the views

    record RecallFields(
            String recordId,
            String name,
            Instant version,
            @Nullable String site,
            String material,
            String plant,
            String firstBatch,
            String lastBatch,
            @Nullable LocalDate manufacturedFrom,
            @Nullable LocalDate manufacturedTo,
            @Nullable String recallClass,
            @Nullable String reason,
            String status,
            boolean cancelled,
            String scope) {}

    /** A recall in the list, with how many of its steps are done, waiting and failed. */
    record RecallItem(@JsonUnwrapped RecallFields recall, long done, long waiting, long failed) {}

    record RecallDetail(
            @JsonUnwrapped RecallFields recall,
            @Nullable Instant plannedAt,
            @Nullable String reportId,
            @Nullable String reportStatus,
            List<StepView> steps) {}

    record StepView(String kind, String target, String state, String reason, int attempts) {}
}
