package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
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

    private final java.util.concurrent.Semaphore admission;
    private final java.time.Duration maxWait;

    HookController(
            IntakeService intake,
            SourceSettings sources,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${qualigate.intake.max-concurrent:32}")
                    int maxConcurrent,
            @org.springframework.beans.factory.annotation.Value("${qualigate.intake.max-wait:PT2S}")
                    java.time.Duration maxWait,
            SignatureRefusals refusals) {
        this.refusals = refusals;
        this.intake = intake;
        this.sources = sources;
        this.clock = clock;
        this.admission = new java.util.concurrent.Semaphore(maxConcurrent, true);
        this.maxWait = maxWait;
    }

    @PostMapping(path = "/api/v1/hooks/{source}")
    ResponseEntity<?> receive(@PathVariable String source, HttpServletRequest request)
            throws IOException, InterruptedException {
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
        if (!admission.tryAcquire(maxWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            var busy = Problems.problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "overloaded",
                    "Intake busy",
                    "too many events are being processed; nothing was stored, send it again after Retry-After");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1")
                    .contentType(Problems.PROBLEM_JSON)
                    .body(busy);
        }
        try {
            r = intake.receive(source, id, body);
        } finally {
            admission.release();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", r.eventId().toString());
        return switch (r.outcome()) {
            case DUPLICATE_DELIVERY -> {
                answer.put("duplicate", true);
                yield ResponseEntity.ok(answer);
            }
            case APPLIED, DUPLICATE, STALE -> {
                answer.put("duplicate", r.outcome() == IntakeResult.Outcome.DUPLICATE);
                answer.put("outcome", r.outcome().name().toLowerCase());
                yield ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
            }
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
