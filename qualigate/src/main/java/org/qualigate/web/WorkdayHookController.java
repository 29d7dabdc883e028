package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.workday.WorkdayOutboundMessage;
import org.qualigate.connector.workday.WorkdaySettings;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.intake.SignatureRefusals;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/workday}: Workday outbound subscription messages (XML) with HTTP Basic authentication
 * of the configured integration user. Each certification in the message goes through intake as one record of the
 * {@code workday} source, stored before the answer; bad credentials store nothing.
 */
@RestController
class WorkdayHookController {

    static final String SOURCE = "workday";

    private final IntakeService intake;
    private final WorkdaySettings.Outbound outbound;
    private final Clock clock;
    private final SignatureRefusals refusals;

    WorkdayHookController(IntakeService intake, WorkdaySettings settings, Clock clock, SignatureRefusals refusals) {
        this.refusals = refusals;
        this.intake = intake;
        this.outbound = settings.outbound();
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/hooks/" + SOURCE)
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        if (!outbound.configured()) {
            return Problems.respond(
                    Problems.problem(
                            HttpStatus.NOT_FOUND,
                            "unknown-source",
                            "Unknown source",
                            "Workday outbound messages are not configured (qualigate.workday.outbound.*)"),
                    null);
        }
        if (!authenticated(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            refusals.refused(SOURCE, request.getRemoteAddr(), "wrong or missing Basic credentials");
            ResponseEntity<?> refused = Problems.respond(
                    Problems.problem(
                            HttpStatus.UNAUTHORIZED,
                            "unauthenticated",
                            "Authentication required",
                            "the Workday outbound message needs the configured integration user's Basic credentials"),
                    null);
            return ResponseEntity.status(refused.getStatusCode())
                    .headers(refused.getHeaders())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"qualigate-workday\"")
                    .body(refused.getBody());
        }
        byte[] body = RequestBodies.upTo(request, HookController.MAX_BODY_BYTES).orElse(null);
        if (body == null) {
            return Problems.respond(
                    Problems.problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "body-too-large",
                            "Body too large",
                            "the body exceeds " + HookController.MAX_BODY_BYTES + " bytes"),
                    null);
        }
        List<SourceRecord> records = WorkdayOutboundMessage.read(body, clock.millis());
        List<Map<String, Object>> events = new ArrayList<>();
        boolean allDuplicates = true;
        IntakeResult unreadableMessage = null;
        for (SourceRecord record : records) {
            IntakeResult r = intake.receiveRecord(SOURCE, record);
            if (records.size() == 1
                    && record.problem() != null
                    && record.problem().kind() == SourceRecord.Problem.Kind.MALFORMED
                    && record.key().startsWith("message:")) {
                unreadableMessage = r;
            }
            allDuplicates &= r.outcome() == IntakeResult.Outcome.DUPLICATE_DELIVERY;
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", r.eventId().toString());
            if (record.fields() != null) {
                event.put("sourceRecordId", record.fields().sourceRecordId());
                event.put("employeeId", record.fields().employeeId());
            }
            event.put("outcome", r.outcome().name().toLowerCase());
            if (r.field() != null) {
                event.put("field", r.field());
                event.put("reason", r.reason());
            }
            events.add(event);
        }
        if (unreadableMessage != null && unreadableMessage.outcome() != IntakeResult.Outcome.DUPLICATE_DELIVERY) {
            Map<String, Object> extra = new HashMap<>();
            extra.put("eventId", unreadableMessage.eventId().toString());
            extra.put("keptForReview", true);
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST,
                            "invalid-event",
                            "Invalid Workday message",
                            String.valueOf(unreadableMessage.field()),
                            String.valueOf(unreadableMessage.reason())),
                    extra);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("events", events);
        return ResponseEntity.status(allDuplicates ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(answer);
    }

    /** Constant-time comparison of both user and password (digests, so lengths do not leak either). */
    private boolean authenticated(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user =
                MessageDigest.isEqual(sha256(decoded.substring(0, colon)), sha256(String.valueOf(outbound.username())));
        boolean password = MessageDigest.isEqual(
                sha256(decoded.substring(colon + 1)), sha256(String.valueOf(outbound.password())));
        return user & password;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
