package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
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
        String eventId = r.eventId().toString();
        return switch (r.outcome()) {
            case DUPLICATE_DELIVERY -> ResponseEntity.ok(new Received(eventId, true, null, null));
            case APPLIED, DUPLICATE, STALE ->
                ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(new Received(
                                eventId,
                                r.outcome() == QualityIntakeResult.Outcome.DUPLICATE,
                                r.outcome().name().toLowerCase(),
                                null));
            case KEPT -> {
                if ("schemaVersion".equals(r.field())) {
                    yield Problems.respond(
                            Problems.invalidField(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "unprocessable-event",
                                    "Event kept for review",
                                    String.valueOf(r.field()),
                                    String.valueOf(r.reason())),
                            Problems.keptForReview(r.eventId()));
                }
                yield ResponseEntity.status(HttpStatus.ACCEPTED).body(new Received(eventId, null, "kept", r.reason()));
            }
            case REJECTED ->
                Problems.respond(
                        Problems.invalidField(
                                HttpStatus.BAD_REQUEST,
                                "invalid-event",
                                "Invalid event",
                                String.valueOf(r.field()),
                                String.valueOf(r.reason())),
                        Problems.keptForReview(r.eventId()));
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

    /** What became of a delivered event: a delivery seen before, applied or not, or kept for review with why. */
    record Received(
            String eventId,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Boolean duplicate,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String outcome,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String reason) {}
}
