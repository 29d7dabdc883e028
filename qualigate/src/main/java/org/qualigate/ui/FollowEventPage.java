package org.qualigate.ui;

import org.qualigate.audit.AuditTrail;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.TraceSteps;
import org.qualigate.trace.TraceTimeline;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * "Follow this event" ({@code /trace/{traceId}}): every step taken under one W3C trace across systems with its time —
 * received, planned, each call to another system with its answer and how long it took, and each audit entry linked
 * to its page (decision 0065). Reached from an audit entry and from an inbound event.
 */
@Controller
class FollowEventPage {

    /** More audit entries than any one event causes. */
    private static final int AUDIT_LIMIT = 1000;

    private final TraceSteps steps;
    private final AuditTrail audit;

    FollowEventPage(TraceSteps steps, AuditTrail audit) {
        this.steps = steps;
        this.audit = audit;
    }

    @GetMapping("/trace/{traceId}")
    String follow(@PathVariable String traceId, Model model) {
        if (!TraceParent.isTraceId(traceId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "not a trace id");
        }
        TraceTimeline timeline = steps.timeline(
                traceId,
                audit.ofTrace(traceId, AUDIT_LIMIT).stream()
                        .map(e -> TraceTimeline.Row.audit(
                                e.occurredAt(), e.seq(), e.action(), e.entityType() + " " + e.entityId()))
                        .toList());
        model.addAttribute("timeline", timeline);
        return "follow-event";
    }
}
