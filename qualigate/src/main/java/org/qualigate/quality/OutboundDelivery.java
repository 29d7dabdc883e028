package org.qualigate.quality;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.OutboundEvents;
import org.qualigate.connector.TargetException;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's due events to the subscriber, each under the trace of the outcome that caused it: taken, it is
 * recorded as sent and audited in one transaction; a failure that may pass (no answer, 408, 429, 5xx) is tried again
 * after the subscriber's {@code Retry-After} or the one backoff, with the same id; a refusal (any other status) is
 * kept with its reason and audited, and the subject's next event goes on. Never dropped: an event is due until it is
 * sent or refused. A process that dies after the subscriber took an event and before it was recorded sends it again,
 * with the same id, which is how the subscriber knows it (at-least-once, the CloudEvents {@code source} + {@code id}
 * rule).
 */
class OutboundDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboundDelivery.class);

    private final OutboundEvents subscriber;
    private final QualityOutbox outbox;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final QualitySettings settings;
    private final Clock clock;

    OutboundDelivery(
            OutboundEvents subscriber,
            QualityOutbox outbox,
            AuditTrail audit,
            TransactionTemplate tx,
            QualitySettings settings,
            Clock clock) {
        this.subscriber = subscriber;
        this.outbox = outbox;
        this.audit = audit;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sends the due events, the earliest of each subject; returns how many were taken. */
    public int workDue() {
        List<QualityOutbox.Pending> due = outbox.claim(settings.batchSize(), settings.leaseFor());
        for (QualityOutbox.Pending p : due) {
            TraceParent cause = TraceParent.parse(p.event().traceparent()).orElse(null);
            try (var trace = Traces.open(cause)) {
                send(p);
            }
        }
        return due.size();
    }

    private void send(QualityOutbox.Pending p) {
        OutboundEvents.Event e = p.event();
        try {
            subscriber.send(e);
        } catch (TargetException failure) {
            if (failure.isTransient()) {
                Duration wait = failure.retryAfter().orElse(settings.backoffAfter(p.attempts()));
                outbox.retry(p, clock.instant().plus(wait), String.valueOf(failure.getMessage()));
                log.warn("event {} not sent, tried again in {}: {}", e.id(), wait, failure.getMessage());
            } else {
                tx.executeWithoutResult(s -> refused(p, String.valueOf(failure.getMessage())));
            }
            return;
        } catch (RuntimeException failure) {
            outbox.retry(p, clock.instant().plus(settings.backoffAfter(p.attempts())), String.valueOf(failure));
            log.error("event {} not sent", e.id(), failure);
            return;
        }
        tx.executeWithoutResult(s -> {
            if (outbox.delivered(p)) {
                audit.append(entry(
                        p,
                        "quality.event.delivered",
                        Map.of("sink", subscriber.name(), "attempts", p.attempts() + 1),
                        e.type() + " about " + e.subject() + " sent to " + subscriber.name() + " as CloudEvent "
                                + e.id() + (p.attempts() == 0 ? "" : " after " + (p.attempts() + 1) + " attempts")));
            }
        });
    }

    private void refused(QualityOutbox.Pending p, String reason) {
        OutboundEvents.Event e = p.event();
        if (outbox.refused(p, reason)) {
            audit.append(entry(
                    p,
                    "quality.event.refused",
                    Map.of("sink", subscriber.name(), "reason", reason),
                    e.type() + " about " + e.subject() + " refused by " + subscriber.name() + " (CloudEvent " + e.id()
                            + "): " + reason + "; kept, not sent again"));
            log.warn("event {} refused by {}: {}", e.id(), subscriber.name(), reason);
        }
    }

    private static AuditRecord entry(QualityOutbox.Pending p, String action, Map<String, Object> facts, String why) {
        OutboundEvents.Event e = p.event();
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("type", e.type());
        value.put("subject", e.subject());
        value.putAll(facts);
        return new AuditRecord(
                Nonconformances.ACTOR, action, "event", e.id().toString(), null, null, value, why, e.id().toString());
    }
}
