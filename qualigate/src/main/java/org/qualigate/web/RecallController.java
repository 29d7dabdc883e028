package org.qualigate.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<Map<String, Object>> items = recalls.list(limit).stream()
                .map(r -> {
                    Map<String, Object> m = recall(r.recall());
                    m.put("done", r.count(RecallStep.State.DONE));
                    m.put("waiting", r.count(RecallStep.State.WAITING));
                    m.put("failed", r.count(RecallStep.State.FAILED));
                    return m;
                })
                .toList();
        return ResponseEntity.ok(Map.of("items", items));
    }

    @GetMapping("/api/v1/quality/recalls/{id}")
    ResponseEntity<?> recall(@PathVariable String id) {
        return recalls.find(id)
                .<ResponseEntity<?>>map(r -> {
                    Map<String, Object> m = recall(r.recall());
                    m.put("plannedAt", r.progress().plannedAt());
                    m.put("reportId", r.progress().reportId());
                    m.put("reportStatus", r.progress().reportStatus());
                    m.put(
                            "steps",
                            r.steps().stream().map(RecallController::step).toList());
                    return ResponseEntity.ok(m);
                })
                .orElseGet(() -> Problems.respond(
                        Problems.problem(HttpStatus.NOT_FOUND, "unknown-recall", "Unknown recall", "no recall " + id),
                        null));
    }

    private static Map<String, Object> recall(RecallRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", r.recordId());
        m.put("name", r.name());
        m.put("version", r.version());
        m.put("site", r.site());
        m.put("material", r.material());
        m.put("plant", r.plant());
        m.put("firstBatch", r.firstBatch());
        m.put("lastBatch", r.lastBatch());
        m.put("manufacturedFrom", r.manufacturedFrom());
        m.put("manufacturedTo", r.manufacturedTo());
        m.put("recallClass", r.recallClass());
        m.put("reason", r.reason());
        m.put("status", r.status());
        m.put("cancelled", r.cancelled());
        m.put("scope", r.scope());
        return m;
    }

    private static Map<String, Object> step(RecallStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", s.kind());
        m.put("target", s.target());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", s.reason());
        m.put("attempts", s.attempts());
        return m;
    }
}
