package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.AccessTargets;
import org.qualigate.delivery.DeadLetters;
import org.qualigate.intake.InboundEvents;
import org.qualigate.intake.SetAsideEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The review lists: inbound events set aside, the raw payload archive, and failed deliveries. */
@RestController
class ReviewController {

    private final InboundEvents events;
    private final DeadLetters deadLetters;
    private final AccessTargets targets;
    private final SetAsideEvents setAside;

    ReviewController(InboundEvents events, DeadLetters deadLetters, AccessTargets targets, SetAsideEvents setAside) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.targets = targets;
        this.setAside = setAside;
    }

    /** Processes a parked event again now (its employee or its mapping may exist by now). */
    @PostMapping("/api/v1/review/events/{id}/reprocess")
    ResponseEntity<?> reprocess(@PathVariable UUID id, Authentication caller) {
        return acted(id, setAside.reprocess(id, "user:" + caller.getName()));
    }

    /** Closes an event set aside as reviewed, with the caller's reason (audited); its payload is kept. */
    @PostMapping("/api/v1/review/events/{id}/acknowledge")
    ResponseEntity<?> acknowledge(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            Authentication caller) {
        String reason = SigningInput.text(body, "reason");
        if (reason == null || reason.isBlank()) {
            throw new ApiErrors.InvalidParameter("reason", "is required: say why the event needs no more action");
        }
        return acted(id, setAside.acknowledge(id, reason, "user:" + caller.getName()));
    }

    private ResponseEntity<?> acted(UUID id, SetAsideEvents.Outcome outcome) {
        InboundEvents.StoredEvent e =
                events.find(id).orElseThrow(() -> new ApiErrors.NotFound("no inbound event " + id));
        return switch (outcome) {
            case DONE -> ResponseEntity.ok(view(e));
            case STILL_SET_ASIDE ->
                Problems.respond(
                        Problems.problem(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "still-set-aside",
                                "Still set aside",
                                "processed again, the event still cannot be used: " + e.reason()),
                        null);
            case NOT_PARKED ->
                Problems.respond(
                        Problems.invalidField(
                                HttpStatus.CONFLICT,
                                "not-parked",
                                "Not parked",
                                "outcome",
                                "is " + e.outcome()
                                        + ": only a parked event is processed again; acknowledge it instead"),
                        null);
            case NOT_OPEN ->
                Problems.respond(
                        Problems.problem(
                                HttpStatus.CONFLICT,
                                "not-open",
                                "Already dealt with",
                                "event " + id + " is not set aside"),
                        null);
        };
    }

    @GetMapping("/api/v1/review/events")
    EventList awaitingReview(@RequestParam(defaultValue = "500") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and 10000");
        }
        List<EventView> list = events.awaitingReview(limit).stream()
                .map(ReviewController::view)
                .toList();
        return new EventList(list, list.size());
    }

    @GetMapping("/api/v1/inbound-events/{id}")
    EventView event(@PathVariable UUID id) {
        return events.find(id)
                .map(ReviewController::view)
                .orElseThrow(() -> new ApiErrors.NotFound("no inbound event " + id));
    }

    @GetMapping("/api/v1/dead-letters")
    DeadLetterList deadLetters() {
        var list = deadLetters.open();
        return new DeadLetterList(list, list.size());
    }

    @PostMapping("/api/v1/dead-letters/{id}/replay")
    Replayed replay(@PathVariable UUID id, Authentication user) {
        boolean replayed = deadLetters
                .replay(id, "user:" + user.getName())
                .orElseThrow(() -> new ApiErrors.NotFound("no dead letter " + id));
        return new Replayed(id, replayed);
    }

    /**
     * Replays several dead letters: {@code {"ids": [...]}} or every open one of a target with
     * {@code {"target": "mes"}}. Idempotent: an already replayed letter is reported and left alone.
     */
    @PostMapping("/api/v1/dead-letters/replay")
    Replays replayMany(@RequestBody(required = false) @Nullable ReplayRequest request, Authentication user) {
        if (request == null || (request.ids() == null) == (request.target() == null)) {
            throw new ApiErrors.InvalidParameter("ids", "or target is required, and not both");
        }
        String actor = "user:" + user.getName();
        List<DeadLetters.Replay> replays;
        if (request.target() != null) {
            String target = request.target();
            if (targets.named(target).isEmpty()) {
                throw new ApiErrors.InvalidParameter("target", "is not a configured target");
            }
            replays = deadLetters.replayTarget(target, actor);
        } else {
            List<String> raw = request.ids();
            if (raw.isEmpty() || raw.size() > 1000) {
                throw new ApiErrors.InvalidParameter("ids", "must hold between 1 and 1000 dead letter ids");
            }
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                try {
                    ids.add(UUID.fromString(String.valueOf(raw.get(i))));
                } catch (IllegalArgumentException e) {
                    throw new ApiErrors.InvalidParameter("ids[" + i + "]", "is not a dead letter id (a UUID)");
                }
            }
            replays = deadLetters.replay(ids, actor);
        }
        return new Replays(
                count(replays, DeadLetters.ReplayOutcome.REPLAYED),
                count(replays, DeadLetters.ReplayOutcome.ALREADY_REPLAYED),
                count(replays, DeadLetters.ReplayOutcome.NOT_FOUND),
                replays.stream()
                        .map(r -> new ReplayResult(
                                r.id(),
                                r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-')))
                        .toList());
    }

    private static long count(List<DeadLetters.Replay> replays, DeadLetters.ReplayOutcome outcome) {
        return replays.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** The body of a replay of several dead letters. */
    record ReplayRequest(
            @Nullable List<String> ids, @Nullable String target) {}

    private static EventView view(InboundEvents.StoredEvent e) {
        String text = e.bodyText().orElse(null);
        return new EventView(
                e.id(),
                e.source(),
                e.webhookId(),
                e.receivedAt(),
                e.outcome().toLowerCase(),
                e.field(),
                e.reason(),
                e.eventType(),
                e.employeeId(),
                e.sourceRecordId(),
                e.sourceVersion(),
                e.bodySha256(),
                e.traceId(),
                text,
                text == null ? Base64.getEncoder().encodeToString(e.body()) : null);
    }

    // ---- the views

    /** An inbound event with its body as text, or as base64 when it is not valid UTF-8 (one of the two). */
    record EventView(
            UUID eventId,
            String source,
            String webhookId,
            Instant receivedAt,
            String outcome,
            @Nullable String field,
            @Nullable String reason,
            @Nullable String eventType,
            @Nullable String employeeId,
            @Nullable String sourceRecordId,
            @Nullable Long sourceVersion,
            String sha256,
            @Nullable String traceId,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String body,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String bodyBase64) {}

    record EventList(List<EventView> events, int count) {}

    record DeadLetterList(List<DeadLetters.DeadLetter> deadLetters, int count) {}

    record Replayed(UUID id, boolean replayed) {}

    /** How many of the asked letters were replayed, already replayed or not found, and each one's outcome. */
    record Replays(long replayed, long alreadyReplayed, long notFound, List<ReplayResult> results) {}

    record ReplayResult(UUID id, String outcome) {}
}
