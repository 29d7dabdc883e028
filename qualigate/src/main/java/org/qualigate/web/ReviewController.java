package org.qualigate.web;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.qualigate.delivery.DeadLetters;
import org.qualigate.intake.InboundEvents;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The review lists: inbound events set aside, the raw payload archive, and failed deliveries. */
@RestController
class ReviewController {

    private final InboundEvents events;
    private final DeadLetters deadLetters;

    ReviewController(InboundEvents events, DeadLetters deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/v1/review/events")
    Map<String, Object> awaitingReview(@RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and 10000");
        }
        List<Map<String, Object>> list = events.awaitingReview(limit).stream()
                .map(ReviewController::view)
                .toList();
        return Map.of("events", list, "count", list.size());
    }

    @GetMapping("/api/v1/inbound-events/{id}")
    Map<String, Object> event(@PathVariable UUID id) {
        return events.find(id)
                .map(ReviewController::view)
                .orElseThrow(() -> new ApiErrors.NotFound("no inbound event " + id));
    }

    @GetMapping("/api/v1/dead-letters")
    Map<String, Object> deadLetters() {
        var list = deadLetters.open();
        return Map.of("deadLetters", list, "count", list.size());
    }

    @PostMapping("/api/v1/dead-letters/{id}/replay")
    Map<String, Object> replay(@PathVariable UUID id, Authentication user) {
        boolean replayed = deadLetters
                .replay(id, "user:" + user.getName())
                .orElseThrow(() -> new ApiErrors.NotFound("no dead letter " + id));
        return Map.of("id", id, "replayed", replayed);
    }

    private static Map<String, Object> view(InboundEvents.StoredEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.id());
        m.put("source", e.source());
        m.put("webhookId", e.webhookId());
        m.put("receivedAt", e.receivedAt());
        m.put("outcome", e.outcome().toLowerCase());
        m.put("field", e.field());
        m.put("reason", e.reason());
        m.put("eventType", e.eventType());
        m.put("employeeId", e.employeeId());
        m.put("sourceRecordId", e.sourceRecordId());
        m.put("sourceVersion", e.sourceVersion());
        m.put("sha256", e.bodySha256());
        e.bodyText()
                .ifPresentOrElse(
                        t -> m.put("body", t),
                        () -> m.put("bodyBase64", Base64.getEncoder().encodeToString(e.body())));
        return m;
    }
}
