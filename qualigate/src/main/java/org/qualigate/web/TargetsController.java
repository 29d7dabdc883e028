package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
    ResponseEntity<RunView> reconcile(@PathVariable String target, Authentication user) {
        TargetReconciliation.Run run = reconciliation
                .run(target, TargetReconciliation.Trigger.ON_DEMAND, "user:" + user.getName())
                .orElseThrow(() -> new ApiErrors.NotFound("no target named " + target));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(run, reconciliation.drift(run.id())));
    }

    @GetMapping("/api/v1/targets/{target}/reconciliations")
    RunList runs(@PathVariable String target) {
        if (!reconciliation.targetNames().contains(target)) {
            throw new ApiErrors.NotFound("no target named " + target);
        }
        List<RunView> runs = reconciliation.recent(target, 50).stream()
                .map(r -> view(r, null))
                .toList();
        return new RunList(target, reconciliation.settings().modeOf(target).name(), runs);
    }

    @GetMapping("/api/v1/targets/{target}/reconciliations/{id}")
    RunView run(@PathVariable String target, @PathVariable UUID id) {
        TargetReconciliation.Run run = reconciliation
                .find(id)
                .filter(r -> r.target().equals(target))
                .orElseThrow(() -> new ApiErrors.NotFound("no reconciliation " + id + " of " + target));
        return view(run, reconciliation.drift(id));
    }

    @PostMapping("/api/v1/entitlements/rebuild")
    ProjectionCheck rebuild() {
        return outcome(projection.rebuild());
    }

    @GetMapping("/api/v1/entitlements/verify")
    ProjectionCheck verify() {
        return outcome(projection.verify());
    }

    private static ProjectionCheck outcome(EntitlementProjection.Outcome o) {
        return new ProjectionCheck(
                o.consistent(),
                o.persons(),
                o.rows(),
                o.personsDiffering(),
                o.rowsDiffering(),
                o.took().toMillis());
    }

    static RunView view(TargetReconciliation.Run r, @Nullable List<TargetReconciliation.Drift> drift) {
        return new RunView(
                r.id(),
                r.target(),
                r.mode().name(),
                r.trigger().name(),
                r.requestedBy(),
                r.startedAt(),
                r.finishedAt(),
                r.groupsRead(),
                r.membersRead(),
                r.extra(),
                r.missing(),
                r.waiting(),
                r.corrections(),
                r.error(),
                drift);
    }

    // ---- the views

    record ProjectionCheck(
            boolean consistent, int persons, long rows, int personsDiffering, long rowsDiffering, long tookMillis) {}

    record RunList(String target, String mode, List<RunView> runs) {}

    /** A reconciliation run; {@code drift} only where one run is shown, never in the list. */
    record RunView(
            UUID id,
            String target,
            String mode,
            String trigger,
            String requestedBy,
            Instant startedAt,
            @Nullable Instant finishedAt,
            int groupsRead,
            int membersRead,
            int extra,
            int missing,
            int waitingForAccount,
            int peopleToCorrect,
            @Nullable String error,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<TargetReconciliation.Drift> drift) {}
}
