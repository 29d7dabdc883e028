package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.intake.SignatureRefusals;
import org.qualigate.intake.WebhookSignature;
import org.qualigate.quality.Nonconformances;
import org.qualigate.quality.QualityIntakeResult;
import org.qualigate.quality.QualityView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/{quality source}} (default {@code trackwise}): the QMS's quality events, Standard
 * Webhooks 1.0 signed with the source's secret (checked in constant time before anything is stored). An authentic
 * event is stored and applied before it is acknowledged. Without an ERP the quality module is off and the source is
 * unknown, as any unconfigured source is.
 */
@RestController
class QualityHookController {

    private final QualityView quality;
    private final Nonconformances ncs;
    private final SignatureRefusals refusals;
    private final Clock clock;
    private volatile WebhookSignature signature;

    QualityHookController(QualityView quality, Nonconformances ncs, SignatureRefusals refusals, Clock clock) {
        this.quality = quality;
        this.ncs = ncs;
        this.refusals = refusals;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/hooks/${qualigate.quality.hook.source:trackwise}")
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        String source = quality.hook().source();
        if (!quality.configured() || quality.hook().secrets().isEmpty()) {
            return Problems.respond(
                    Problems.problem(
                            HttpStatus.NOT_FOUND,
                            "unknown-source",
                            "Unknown source",
                            "no webhook source '" + source + "' is configured (qualigate.quality.erp.base-url and "
                                    + "qualigate.quality.hook.secrets)"),
                    null);
        }
        byte[] body = RequestBodies.upTo(request, HookController.MAX_BODY_BYTES).orElse(null);
        if (body == null) {
            return SignedHooks.bodyTooLarge();
        }
        var refused = SignedHooks.refusal(signature(), source, request, body, clock.instant(), refusals)
                .map(p -> Problems.respond(p, null));
        if (refused.isPresent()) {
            return refused.get();
        }
        QualityIntakeResult r = ncs.receive(source, String.valueOf(request.getHeader("webhook-id")), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", r.eventId().toString());
        return switch (r.outcome()) {
            case DUPLICATE_DELIVERY -> {
                answer.put("duplicate", true);
                yield ResponseEntity.ok(answer);
            }
            case APPLIED, DUPLICATE, STALE -> {
                answer.put("duplicate", r.outcome() == QualityIntakeResult.Outcome.DUPLICATE);
                answer.put("outcome", r.outcome().name().toLowerCase());
                yield ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
            }
            case KEPT -> {
                if ("schemaVersion".equals(r.field())) {
                    yield Problems.respond(
                            Problems.invalidField(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "unprocessable-event",
                                    "Event kept for review",
                                    String.valueOf(r.field()),
                                    String.valueOf(r.reason())),
                            Map.of("eventId", r.eventId().toString(), "keptForReview", true));
                }
                answer.put("outcome", "kept");
                answer.put("reason", r.reason());
                yield ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
            }
            case REJECTED ->
                Problems.respond(
                        Problems.invalidField(
                                HttpStatus.BAD_REQUEST,
                                "invalid-event",
                                "Invalid event",
                                String.valueOf(r.field()),
                                String.valueOf(r.reason())),
                        Map.of("eventId", r.eventId().toString(), "keptForReview", true));
        };
    }

    private WebhookSignature signature() {
        WebhookSignature s = signature;
        if (s == null) {
            s = new WebhookSignature(quality.hook().secrets(), Duration.ofMinutes(5));
            signature = s;
        }
        return s;
    }
}
