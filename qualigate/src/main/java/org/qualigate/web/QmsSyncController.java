package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Verdict;
import org.qualigate.text.TextInput;
import org.qualigate.training.TrainingConflicts;
import org.qualigate.training.TrainingModes;
import org.qualigate.training.TrainingObservations;
import org.qualigate.training.TrainingParallelRun;
import org.qualigate.training.TrainingReconciliation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * The QMS sync's review and control API: modes per site, what observe mode would write, the conflict queue and
 * its resolution, reconciliation runs (JSON or CSV) and parallel-run (PQ) reports (JSON or CSV).
 */
@RestController
class QmsSyncController {

    private static final int MAX_EXPORT = 20 * 1024 * 1024;

    private final TrainingModes modes;
    private final TrainingObservations observations;
    private final TrainingConflicts conflicts;
    private final TrainingReconciliation reconciliation;
    private final TrainingParallelRun parallelRun;
    private final PlantDefinition plant;
    private final Clock clock;

    QmsSyncController(
            TrainingModes modes,
            TrainingObservations observations,
            TrainingConflicts conflicts,
            TrainingReconciliation reconciliation,
            TrainingParallelRun parallelRun,
            PlantDefinition plant,
            Clock clock) {
        this.modes = modes;
        this.observations = observations;
        this.conflicts = conflicts;
        this.reconciliation = reconciliation;
        this.parallelRun = parallelRun;
        this.plant = plant;
        this.clock = clock;
    }

    @GetMapping("/api/v1/qms/modes")
    ModeList modes() {
        return new ModeList(
                modes.all().stream().map(TrainingModes.SiteMode::view).toList());
    }

    @PostMapping("/api/v1/qms/modes/{site}")
    ResponseEntity<?> changeMode(
            @PathVariable String site, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        Verdict<TrainingModes.SiteMode> v =
                modes.change(site, text(body, "mode"), "user:" + caller.getName(), text(body, "reason"));
        return v.refusal() != null
                ? OverridesController.refusal(v.refusal())
                : ResponseEntity.ok(v.value().view());
    }

    @GetMapping("/api/v1/qms/observations")
    Observations observations(@RequestParam(required = false) @Nullable String site) {
        String s = site(site);
        List<TrainingObservations.Observation> list = observations.of(s);
        return new Observations(s, modes.of(s).name(), list, list.size());
    }

    @GetMapping("/api/v1/qms/conflicts")
    ConflictList conflicts(
            @RequestParam(defaultValue = "open") String state,
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String employeeId) {
        Boolean open = switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> Boolean.TRUE;
            case "resolved" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw new ApiErrors.InvalidParameter("state", "must be open, resolved or all");
        };
        List<TrainingConflicts.View> list = conflicts.list(open, site, employeeId).stream()
                .map(conflicts::viewWithSignatures)
                .toList();
        return new ConflictList(list, list.size());
    }

    @GetMapping("/api/v1/qms/conflicts/{id}")
    TrainingConflicts.View conflict(@PathVariable UUID id) {
        return conflicts.viewWithSignatures(
                conflicts.find(id).orElseThrow(() -> new ApiErrors.NotFound("no conflict " + id)));
    }

    @PostMapping("/api/v1/qms/conflicts/{id}/resolve")
    ResponseEntity<?> resolve(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable JsonNode body, Authentication caller) {
        return ConflictResolutionInput.answer(
                body,
                caller,
                QmsSyncController::text,
                (resolution, actor, reason, signing) -> conflicts.resolve(id, resolution, actor, reason, signing),
                conflicts::viewWithSignatures,
                e -> true);
    }

    @PostMapping("/api/v1/qms/reconciliations")
    ResponseEntity<?> reconcile(@RequestParam(required = false) @Nullable String site, Authentication caller) {
        Verdict<TrainingReconciliation.Run> v =
                reconciliation.run(site(site), TrainingReconciliation.Trigger.ON_DEMAND, "user:" + caller.getName());
        return v.refusal() != null
                ? OverridesController.refusal(v.refusal())
                : ResponseEntity.status(HttpStatus.CREATED).body(v.value());
    }

    @GetMapping("/api/v1/qms/reconciliations")
    ReconciliationList reconciliations(@RequestParam(required = false) @Nullable String site) {
        return new ReconciliationList(reconciliation.list(site));
    }

    @GetMapping(value = "/api/v1/qms/reconciliations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Reconciliation reconciliationJson(@PathVariable UUID id) {
        return new Reconciliation(run(id), reconciliation.items(id));
    }

    record ModeList(List<TrainingModes.View> modes) {}

    /** What the sync would change at a site observed before it writes. */
    record Observations(String site, String mode, List<TrainingObservations.Observation> wouldChange, int count) {}

    record ConflictList(List<TrainingConflicts.View> conflicts, int count) {}

    record ReconciliationList(List<TrainingReconciliation.Run> runs) {}

    /** A reconciliation run's own fields (in the run's order), then its discrepancies. */
    record Reconciliation(
            @JsonUnwrapped TrainingReconciliation.Run run, List<TrainingReconciliation.Item> discrepancies) {}

    @GetMapping(value = "/api/v1/qms/reconciliations/{id}", produces = "text/csv")
    ResponseEntity<String> reconciliationCsv(@PathVariable UUID id) {
        TrainingReconciliation.Run run = run(id);
        return csv(
                "reconciliation-" + run.site() + "-" + id + ".csv",
                TrainingReconciliation.csv(run, reconciliation.items(id)));
    }

    @PostMapping(value = "/api/v1/qms/parallel-runs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> parallelRun(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            HttpServletRequest request,
            Authentication caller)
            throws IOException {
        byte[] body = RequestBodies.required(request, MAX_EXPORT, "the manual-entry export (CSV with a header line)");
        TextInput.DecodedText export = TextInput.utf8(body);
        if (!export.valid()) {
            throw new ApiErrors.InvalidParameter("body", export.refusal());
        }
        Verdict<TrainingParallelRun.Report> v = parallelRun.compare(
                site, instant(from, "from"), instant(to, "to"), export.text(), "user:" + caller.getName());
        return v.refusal() != null
                ? OverridesController.refusal(v.refusal())
                : ResponseEntity.status(HttpStatus.CREATED).body(v.value());
    }

    @GetMapping(value = "/api/v1/qms/parallel-runs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    TrainingParallelRun.Report parallelRunJson(@PathVariable UUID id) {
        return report(id);
    }

    @GetMapping(value = "/api/v1/qms/parallel-runs/{id}", produces = "text/csv")
    ResponseEntity<String> parallelRunCsv(@PathVariable UUID id) {
        TrainingParallelRun.Report report = report(id);
        return csv("parallel-run-" + report.site() + "-" + id + ".csv", TrainingParallelRun.csv(report));
    }

    private TrainingReconciliation.Run run(UUID id) {
        return reconciliation.find(id).orElseThrow(() -> new ApiErrors.NotFound("no reconciliation " + id));
    }

    private TrainingParallelRun.Report report(UUID id) {
        return parallelRun.find(id).orElseThrow(() -> new ApiErrors.NotFound("no parallel run " + id));
    }

    private String site(@Nullable String site) {
        if (site == null || site.isBlank()) {
            throw new ApiErrors.InvalidParameter("site", "is required");
        }
        if (plant.current().site(site).isEmpty()) {
            throw new ApiErrors.InvalidParameter("site", "is not a site of the plant definition: " + site);
        }
        return site;
    }

    private @Nullable Instant instant(@Nullable String value, String name) {
        return value == null || value.isBlank() ? null : Instants.at(value, name, clock);
    }

    private static ResponseEntity<String> csv(String fileName, String body) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .body(body);
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainer() || v.asString().isBlank() ? null : v.asString();
    }
}
