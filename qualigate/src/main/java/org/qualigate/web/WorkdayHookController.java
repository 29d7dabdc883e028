package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.workday.WorkdayOutboundMessage;
import org.qualigate.connector.workday.WorkdaySettings;
import org.qualigate.connector.workday.WorkdayWorkersSource;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.intake.PulledRemovals;
import org.qualigate.intake.SignatureRefusals;
import org.qualigate.text.Sha256;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/workday}: Workday outbound subscription messages (XML) with HTTP Basic authentication
 * of the configured integration user. Each certification the message carries goes through intake as one record of
 * the {@code workday} source, versioned by the message's own moment and stored before the answer. A thin event
 * notification (it names a worker but carries no certifications, or nothing to order them by) is answered by
 * reading that worker back with {@code Get_Workers}: the worker's current certifications are stored like a pull,
 * and a certification gone from them is a removal. Bad credentials store nothing.
 */
@RestController
class WorkdayHookController {

    static final String SOURCE = "workday";

    private final IntakeService intake;
    private final WorkdaySettings.Outbound outbound;
    private final ObjectProvider<WorkdayWorkersSource> workers;
    private final PulledRemovals removals;
    private final SignatureRefusals refusals;

    WorkdayHookController(
            IntakeService intake,
            WorkdaySettings settings,
            ObjectProvider<WorkdayWorkersSource> workers,
            PulledRemovals removals,
            SignatureRefusals refusals) {
        this.refusals = refusals;
        this.intake = intake;
        this.outbound = settings.outbound();
        this.workers = workers;
        this.removals = removals;
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
            return unauthenticated();
        }
        byte[] body = RequestBodies.upTo(request, HookController.MAX_BODY_BYTES).orElse(null);
        if (body == null) {
            return SignedHooks.bodyTooLarge();
        }
        WorkdayOutboundMessage.Reading reading = WorkdayOutboundMessage.read(body);
        if (reading.unreadable()) {
            SourceRecord record = reading.records().getFirst();
            IntakeResult r = intake.receiveRecord(SOURCE, record);
            if (r.outcome() == IntakeResult.Outcome.DUPLICATE_DELIVERY) {
                return ResponseEntity.ok(new Answer(null, List.of(event(record, r)), null));
            }
            return invalid(r);
        }
        Received received = new Received();
        for (SourceRecord record : reading.records()) {
            received.stored(record, intake.receiveRecord(SOURCE, record));
        }
        if (!reading.readBack().isEmpty()) {
            WorkdayWorkersSource source = workers.getIfAvailable();
            if (source == null) {
                // Authentic, but nothing here can read the worker back: kept as rejected, with the reason.
                SourceRecord record = SourceRecord.unreadable(
                        "notification:" + InboundKeys.sha256(body),
                        body,
                        "application/xml",
                        "Worker",
                        "a thin event notification needs qualigate.workday.base-url to read the worker back");
                return invalid(intake.receiveRecord(SOURCE, record));
            }
            for (WorkdayOutboundMessage.WorkerReference worker : reading.readBack()) {
                HrisSource.PullPage page;
                try {
                    page = source.worker(worker.type(), worker.id());
                } catch (TargetException e) {
                    // Not acknowledged, so Workday sends the message again; the next pull reads the worker anyway.
                    return unavailable(worker, e);
                }
                readBack(worker, page, received);
            }
        }
        return received.answer(reading.eventId());
    }

    /** Stores the worker's current certifications like a pull; a certification gone from them is a removal. */
    private void readBack(WorkdayOutboundMessage.WorkerReference worker, HrisSource.PullPage page, Received received) {
        for (SourceRecord record : page.records()) {
            received.stored(record, intake.receiveRecord(SOURCE, record));
        }
        PulledRemovals.Outcome removed = removals.apply(SOURCE, page.completeReads());
        received.readBack.add(new ReadBack(
                worker.type() + " " + worker.id(),
                !page.completeReads().isEmpty(),
                page.records().size(),
                removed.applied(),
                removed.held()));
        received.allDuplicates &= removed.applied() == 0;
    }

    /** What one message stored: an event per record, what each worker read back gave, whether all was known. */
    private static final class Received {

        final List<EventOutcome> events = new ArrayList<>();
        final List<ReadBack> readBack = new ArrayList<>();
        boolean allDuplicates = true;

        void stored(SourceRecord record, IntakeResult r) {
            allDuplicates &= r.outcome() == IntakeResult.Outcome.DUPLICATE_DELIVERY;
            events.add(event(record, r));
        }

        /** Accepted when anything was new; OK when the whole message was a delivery seen before. */
        ResponseEntity<?> answer(@Nullable String eventReference) {
            return ResponseEntity.status(allDuplicates ? HttpStatus.OK : HttpStatus.ACCEPTED)
                    .body(new Answer(eventReference, events, readBack.isEmpty() ? null : readBack));
        }
    }

    private static ResponseEntity<?> unauthenticated() {
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

    private static EventOutcome event(SourceRecord record, IntakeResult r) {
        return new EventOutcome(
                r.eventId().toString(),
                record.fields() == null ? null : record.fields().sourceRecordId(),
                record.fields() == null ? null : record.fields().employeeId(),
                r.outcome().name().toLowerCase(),
                r.field(),
                r.field() == null ? null : r.reason());
    }

    /** The message's answer: its reference when it had one, an event per record, and the workers read back. */
    record Answer(
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String eventReference,

            List<EventOutcome> events,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<ReadBack> readBack) {}

    /** What became of one record; the record's keys when it was readable, the refused field when refused. */
    record EventOutcome(
            String eventId,
            @Nullable String sourceRecordId,
            @Nullable String employeeId,
            String outcome,
            @Nullable String field,
            @Nullable String reason) {}

    record ReadBack(String worker, boolean found, int records, int removed, int removalsHeld) {}

    private static ResponseEntity<?> invalid(IntakeResult r) {
        return Problems.respond(
                Problems.invalidField(
                        HttpStatus.BAD_REQUEST,
                        "invalid-event",
                        "Invalid Workday message",
                        String.valueOf(r.field()),
                        String.valueOf(r.reason())),
                Problems.keptForReview(r.eventId()));
    }

    private static ResponseEntity<?> unavailable(WorkdayOutboundMessage.WorkerReference worker, TargetException e) {
        ResponseEntity<?> problem = Problems.respond(
                Problems.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "workday-unavailable",
                        "Workday could not be read back",
                        "the notification names worker " + worker.type() + " " + worker.id()
                                + ", whose certifications could not be read with Get_Workers: " + e.getMessage()),
                null);
        long seconds = e.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(60L);
        return ResponseEntity.status(problem.getStatusCode())
                .headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem.getBody());
    }

    /** Keys for notifications that cannot be read back, so a retry of the same message is a duplicate. */
    private static final class InboundKeys {

        static String sha256(byte[] body) {
            return Sha256.hex(body);
        }
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
        return Sha256.of(s);
    }
}
