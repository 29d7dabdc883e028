package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import org.qualigate.intake.SignatureRefusals;
import org.qualigate.intake.WebhookSignature;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The checks every Standard Webhooks path makes before anything is stored: the signature (constant time, with its
 * refusal counted and logged) and a usable {@code webhook-id}; and the answer to a body over the limit.
 */
final class SignedHooks {

    private SignedHooks() {}

    /** {@code 413}: the body exceeds the limit of every hook path. */
    static ResponseEntity<?> bodyTooLarge() {
        return Problems.respond(tooLarge(), null);
    }

    static ProblemDetail tooLarge() {
        return Problems.problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "Body too large",
                "the body exceeds " + HookController.MAX_BODY_BYTES + " bytes");
    }

    /** The refusal to answer when the signature or the {@code webhook-id} is not usable; empty when both are. */
    static Optional<ProblemDetail> refusal(
            WebhookSignature signature,
            String source,
            HttpServletRequest request,
            byte[] body,
            Instant now,
            SignatureRefusals refusals) {
        String id = request.getHeader("webhook-id");
        WebhookSignature.Verification v = signature.verify(
                id, request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"), body, now);
        if (!v.valid()) {
            refusals.refused(source, request.getRemoteAddr(), v.reason());
            return Optional.of(Problems.problem(
                    HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid webhook signature", v.reason()));
        }
        if (id == null || id.isBlank() || id.length() > 256) {
            return Optional.of(Problems.invalidField(
                    HttpStatus.BAD_REQUEST,
                    "invalid-header",
                    "Invalid header",
                    "webhook-id",
                    "must be 1-256 characters"));
        }
        return Optional.empty();
    }
}
