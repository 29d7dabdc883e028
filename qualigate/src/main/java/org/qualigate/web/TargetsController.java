package org.qualigate.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.delivery.TargetReconciliation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A target's reconciliation on demand and its runs with what they found ({@code /api/v1/targets/{target}/…}); and
 * the entitlement projection's rebuild from the ledger and verification against it ({@code /api/v1/entitlements/…}).
 */
@RestController
class TargetsController {

    private final TargetReconciliation reconciliation;
    private final EntitlementProjection projection;

    TargetsController(TargetReconciliation reconciliation, EntitlementProjection projection) {
        this.reconciliation = reconciliation;
        this.projection = projection;
    }

    @PostMapping("/api/v1/targets/{target}/reconciliations")
    ResponseEntity<Map<String, Object>> reconcile(@PathVariable String target, Authentication user) {
        TargetReconciliation.Run run = reconciliation
                .run(target, TargetReconciliation.Trigger.ON_DEMAND, "user:" + user.getName())
                .orElseThrow(() -> new ApiErrors.NotFound("no target named " + target));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(run, reconciliation.drift(run.id())));
    }

    @GetMapping("/api/v1/targets/{target}/reconciliations")
    Map<String, Object> runs(@PathVariable String target) {
        if (!reconciliation.targetNames().contains(target)) {
            throw new ApiErrors.NotFound("no target named " + target);
        }
        List<Map<String, Object>> runs = reconciliation.recent(target, 50).stream()
                .map(r -> view(r, null))
                .toList();
        return Map.of(
                "target",
                target,
                "mode",
                reconciliation.settings().modeOf(target).name(),
                "runs",
                runs);
    }

    @GetMapping("/api/v1/targets/{target}/reconciliations/{id}")
    Map<String, Object> run(@PathVariable String target, @PathVariable UUID id) {
        TargetReconciliation.Run run = reconciliation
                .find(id)
                .filter(r -> r.target().equals(target))
                .orElseThrow(() -> new ApiErrors.NotFound("no reconciliation " + id + " of " + target));
        return view(run, reconciliation.drift(id));
    }

    @PostMapping("/api/v1/entitlements/rebuild")
    Map<String, Object> rebuild() {
        return outcome(projection.rebuild());
    }

    @GetMapping("/api/v1/entitlements/verify")
    Map<String, Object> verify() {
        return outcome(projection.verify());
    }

    private static Map<String, Object> outcome(EntitlementProjection.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consistent", o.consistent());
        m.put("persons", o.persons());
        m.put("rows", o.rows());
        m.put("personsDiffering", o.personsDiffering());
        m.put("rowsDiffering", o.rowsDiffering());
        m.put("tookMillis", o.took().toMillis());
        return m;
    }

    static Map<String, Object> view(
            TargetReconciliation.Run r, @org.jspecify.annotations.Nullable List<TargetReconciliation.Drift> drift) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("target", r.target());
        m.put("mode", r.mode().name());
        m.put("trigger", r.trigger().name());
        m.put("requestedBy", r.requestedBy());
        m.put("startedAt", r.startedAt());
        m.put("finishedAt", r.finishedAt());
        m.put("groupsRead", r.groupsRead());
        m.put("membersRead", r.membersRead());
        m.put("extra", r.extra());
        m.put("missing", r.missing());
        m.put("waitingForAccount", r.waiting());
        m.put("peopleToCorrect", r.corrections());
        m.put("error", r.error());
        if (drift != null) {
            m.put("drift", drift);
        }
        return m;
    }
}
