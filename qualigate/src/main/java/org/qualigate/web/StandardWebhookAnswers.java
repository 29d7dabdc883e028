package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.intake.NotAcknowledged;
import org.qualigate.intake.SignatureRefusals;
import org.qualigate.intake.SourceSettings;
import org.qualigate.intake.WebhookSignature;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answer to a Standard Webhook from a configured source ({@code POST /api/v1/hooks/{source}}): the
 * signature is checked before anything is stored; an authentic event is stored and processed before it is
 * acknowledged. The answer is worked out as bytes, so that {@link StandardWebhookFilter} can send it without
 * the servlet stack's dispatch and object mapping, and {@link HookController} the same bytes through it.
 */
@Component
class StandardWebhookAnswers {

    /** A problem's members in the order and form the MVC's own problem answers have. */
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final byte[] DUPLICATE_DELIVERY_TAIL = "\",\"duplicate\":true}".getBytes(StandardCharsets.US_ASCII);

    private final IntakeService intake;
    private final SourceSettings sources;
    private final Clock clock;
    private final SignatureRefusals refusals;
    private final Map<String, WebhookSignature> signatures = new ConcurrentHashMap<>();

    StandardWebhookAnswers(IntakeService intake, SourceSettings sources, Clock clock, SignatureRefusals refusals) {
        this.intake = intake;
        this.sources = sources;
        this.clock = clock;
        this.refusals = refusals;
    }

    /** What is sent back: the status, the media type, the body, and whether to ask for a retry after a second. */
    record Answer(int status, String contentType, byte[] body, boolean retryAfter) {}

    /** Whether {@code source} is a configured source with at least one secret. */
    boolean configured(String source) {
        SourceSettings.Source settings = sources.sources().get(source);
        return settings != null && !settings.secrets().isEmpty();
    }

    Answer receive(String source, HttpServletRequest request) throws IOException {
        String instance = request.getRequestURI();
        SourceSettings.Source settings = sources.sources().get(source);
        if (settings == null || settings.secrets().isEmpty()) {
            return problem(
                    Problems.problem(
                            HttpStatus.NOT_FOUND,
                            "unknown-source",
                            "Unknown source",
                            "no webhook source '" + source + "' is configured"),
                    instance,
                    null);
        }
        byte[] body = RequestBodies.upTo(request, HookController.MAX_BODY_BYTES).orElse(null);
        if (body == null) {
            return problem(SignedHooks.tooLarge(), instance, null);
        }
        String id = request.getHeader("webhook-id");
        WebhookSignature signature = signatures.computeIfAbsent(
                source, s -> new WebhookSignature(settings.secrets(), Duration.ofMinutes(5)));
        Optional<ProblemDetail> refused =
                SignedHooks.refusal(signature, source, request, body, clock.instant(), refusals);
        if (refused.isPresent()) {
            return problem(refused.get(), instance, null);
        }
        if (!isJson(request.getContentType())) {
            return problem(
                    Problems.invalidField(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "content-type",
                            "must be application/json"),
                    instance,
                    null);
        }
        IntakeResult r;
        try {
            r = intake.receive(source, id, body);
        } catch (NotAcknowledged e) {
            return notAcknowledged(e, instance);
        }
        return answer(r, instance);
    }

    /** Nothing stored, or not known to be: the sender is asked to send the event again after a second. */
    private static Answer notAcknowledged(NotAcknowledged e, String instance) {
        ProblemDetail busy = Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                e.busy() ? "overloaded" : "not-acknowledged",
                e.busy() ? "Intake busy" : "Not acknowledged",
                e.busy()
                        ? "too many events are being processed; nothing was stored, send it again after Retry-After"
                        : "the event could not be committed in time; send it again (a stored copy is then a "
                                + "duplicate delivery)");
        Answer a = problem(busy, instance, null);
        return new Answer(a.status(), a.contentType(), a.body(), true);
    }

    /** The answer to a stored event: accepted (or a duplicate delivery), or refused or kept for review and why. */
    private static Answer answer(IntakeResult r, String instance) {
        return switch (r.outcome()) {
            case DUPLICATE_DELIVERY -> json(HttpStatus.OK, "{\"eventId\":\"" + r.eventId(), DUPLICATE_DELIVERY_TAIL);
            case APPLIED, DUPLICATE, STALE ->
                json(
                        HttpStatus.ACCEPTED,
                        "{\"eventId\":\"" + r.eventId() + "\",\"duplicate\":"
                                + (r.outcome() == IntakeResult.Outcome.DUPLICATE) + ",\"outcome\":\""
                                + r.outcome().name().toLowerCase(Locale.ROOT) + "\"}",
                        null);
            case REJECTED ->
                problem(
                        Problems.invalidField(
                                HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event", r.field(), r.reason()),
                        instance,
                        Problems.keptForReview(r.eventId()));
            case PARKED, QUARANTINED ->
                problem(
                        Problems.invalidField(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "unprocessable-event",
                                "Event kept for review",
                                r.field(),
                                r.reason()),
                        instance,
                        Problems.keptForReview(r.eventId()));
        };
    }

    /** A 2xx answer written as it is sent: its fields are a UUID and fixed words, so nothing needs mapping. */
    private static Answer json(HttpStatus status, String head, byte @Nullable [] tail) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] body = h;
        if (tail != null) {
            body = new byte[h.length + tail.length];
            System.arraycopy(h, 0, body, 0, h.length);
            System.arraycopy(tail, 0, body, h.length, tail.length);
        }
        return new Answer(status.value(), MediaType.APPLICATION_JSON_VALUE, body, false);
    }

    /**
     * An RFC 9457 problem as the MVC answers one returned by a controller: type, title, status, detail, the
     * request's path as its instance, then its own members.
     */
    private static Answer problem(ProblemDetail p, String instance, @Nullable Map<String, ?> extra) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", p.getType().toString());
        members.put("title", p.getTitle());
        members.put("status", p.getStatus());
        members.put("detail", p.getDetail());
        members.put(
                "instance",
                p.getInstance() != null
                        ? p.getInstance().toString()
                        : URI.create(instance).toString());
        if (p.getProperties() != null) {
            members.putAll(p.getProperties());
        }
        if (extra != null) {
            members.putAll(extra);
        }
        // as spring.jackson.default-property-inclusion=non_null writes them
        members.values().removeIf(java.util.Objects::isNull);
        return new Answer(
                p.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, JSON.writeValueAsBytes(members), false);
    }

    private static boolean isJson(@Nullable String contentType) {
        if (contentType == null || contentType.equals(MediaType.APPLICATION_JSON_VALUE)) {
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
