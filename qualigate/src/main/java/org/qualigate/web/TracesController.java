package org.qualigate.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditTrail;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.TraceSteps;
import org.qualigate.trace.TraceTimeline;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/traces/{traceId}}: every step taken under one W3C trace across systems, with times — the event
 * received, the work planned, each call to another system with its answer, and the audit entries (decision 0065).
 */
@RestController
class TracesController {

    /** More audit entries than any one event causes; the page says when a trace has more. */
    static final int AUDIT_LIMIT = 1000;

    private final TraceSteps steps;
    private final AuditTrail audit;

    TracesController(TraceSteps steps, AuditTrail audit) {
        this.steps = steps;
        this.audit = audit;
    }

    @GetMapping("/api/v1/traces/{traceId}")
    ResponseEntity<?> trace(@PathVariable String traceId) {
        if (!TraceParent.isTraceId(traceId)) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST,
                            "invalid-trace-id",
                            "Invalid trace id",
                            "traceId",
                            "a W3C trace id is 32 lowercase hexadecimal digits, not all zero"),
                    null);
        }
        TraceTimeline timeline = timeline(steps, audit, traceId);
        if (timeline.isEmpty()) {
            throw new ApiErrors.NotFound("nothing was recorded under trace " + traceId);
        }
        return ResponseEntity.ok(body(traceId, timeline.rows()));
    }

    static Trace body(String traceId, List<TraceTimeline.Row> timeline) {
        List<StepView> rows = timeline.stream().map(TracesController::view).toList();
        return new Trace(traceId, rows, rows.size());
    }

    /** The timeline of a trace from the steps recorded under it and its audit entries. */
    static TraceTimeline timeline(TraceSteps steps, AuditTrail audit, String traceId) {
        return steps.timeline(
                traceId,
                audit.ofTrace(traceId, AUDIT_LIMIT).stream()
                        .map(e -> TraceTimeline.Row.audit(
                                e.occurredAt(), e.seq(), e.action(), e.entityType() + " " + e.entityId()))
                        .toList());
    }

    static StepView view(TraceTimeline.Row r) {
        return new StepView(
                r.kind().name().toLowerCase(),
                r.at().toString(),
                r.endedAt() == null ? null : r.endedAt().toString(),
                r.millis(),
                r.name(),
                r.subject(),
                r.outcome(),
                r.auditSeq());
    }

    record Trace(String traceId, List<StepView> steps, int count) {}

    /** One moment of a trace: its kind, when it began and ended (as RFC 3339 text) and what it was. */
    record StepView(
            String kind,
            String at,
            @Nullable String endedAt,
            @Nullable Long durationMs,
            String name,
            @Nullable String subject,
            @Nullable String outcome,
            @Nullable Long auditSeq) {}
}
