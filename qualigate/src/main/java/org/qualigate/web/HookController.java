package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.intake.NotAcknowledged;
import org.qualigate.intake.SignatureRefusals;
import org.qualigate.intake.SourceSettings;
import org.qualigate.intake.WebhookSignature;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/{source}}: Standard Webhooks in. The signature is checked before anything is
 * stored; an authentic event is stored and processed before it is acknowledged.
 */
@RestController
class HookController {

    static final int MAX_BODY_BYTES = 1 << 20;

    private final IntakeService intake;
    private final SourceSettings sources;
    private final Clock clock;
    private final SignatureRefusals refusals;
    private final Map<String, WebhookSignature> signatures = new ConcurrentHashMap<>();

    HookController(IntakeService intake, SourceSettings sources, Clock clock, SignatureRefusals refusals) {
        this.intake = intake;
        this.refusals = refusals;
        this.sources = sources;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/hooks/{source}")
    ResponseEntity<?> receive(@PathVariable String source, HttpServletRequest request) throws IOException {
        SourceSettings.Source settings = sources.sources().get(source);
        if (settings == null || settings.secrets().isEmpty()) {
            return Problems.respond(
                    Problems.problem(
                            HttpStatus.NOT_FOUND,
                            "unknown-source",
                            "Unknown source",
                            "no webhook source '" + source + "' is configured"),
                    null);
        }
        byte[] body = RequestBodies.upTo(request, MAX_BODY_BYTES).orElse(null);
        if (body == null) {
            return SignedHooks.bodyTooLarge();
        }
        String id = request.getHeader("webhook-id");
        WebhookSignature signature = signatures.computeIfAbsent(
                source, s -> new WebhookSignature(settings.secrets(), java.time.Duration.ofMinutes(5)));
        Optional<ResponseEntity<?>> refused =
                SignedHooks.refusal(signature, source, request, body, clock.instant(), refusals);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!isJson(request.getContentType())) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "content-type",
                            "must be application/json"),
                    null);
        }
        IntakeResult r;
        try {
            r = intake.receive(source, id, body);
        } catch (NotAcknowledged e) {
            var busy = Problems.problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    e.busy() ? "overloaded" : "not-acknowledged",
                    e.busy() ? "Intake busy" : "Not acknowledged",
                    e.busy()
                            ? "too many events are being processed; nothing was stored, send it again after Retry-After"
                            : "the event could not be committed in time; send it again (a stored copy is then a "
                                    + "duplicate delivery)");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1")
                    .contentType(Problems.PROBLEM_JSON)
                    .body(busy);
        }
        return switch (r.outcome()) {
            case DUPLICATE_DELIVERY ->
                answer(HttpStatus.OK, "{\"eventId\":\"" + r.eventId() + "\",\"duplicate\":true}");
            case APPLIED, DUPLICATE, STALE ->
                answer(
                        HttpStatus.ACCEPTED,
                        "{\"eventId\":\"" + r.eventId() + "\",\"duplicate\":"
                                + (r.outcome() == IntakeResult.Outcome.DUPLICATE) + ",\"outcome\":\""
                                + r.outcome().name().toLowerCase(java.util.Locale.ROOT) + "\"}");
            case REJECTED ->
                Problems.respond(
                        Problems.invalidField(
                                HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event", r.field(), r.reason()),
                        keptFor(r));
            case PARKED, QUARANTINED ->
                Problems.respond(
                        Problems.invalidField(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "unprocessable-event",
                                "Event kept for review",
                                r.field(),
                                r.reason()),
                        keptFor(r));
        };
    }

    /**
     * A 2xx answer written as it is sent: its fields are a UUID and fixed words, so no per-request object
     * mapping is needed on the hot path.
     */
    private static ResponseEntity<?> answer(HttpStatus status, String json) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json);
    }

    private static Map<String, Object> keptFor(IntakeResult r) {
        Map<String, Object> extra = new HashMap<>();
        extra.put("eventId", r.eventId().toString());
        extra.put("keptForReview", true);
        return extra;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType t = MediaType.parseMediaType(contentType);
            return t.getSubtype().equals("json") || t.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
