package org.qualigate.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The actions that empty the list of events set aside: a parked event is processed again (its employee or its
 * mapping may exist now); any event set aside may be acknowledged by a person with a reason — closed as
 * reviewed and not to be used, kept with its payload, audited. Nothing is deleted.
 */
@Service
public class SetAsideEvents {

    /** What became of a request to act on an event set aside. */
    public enum Outcome {
        /** Processed again, or acknowledged. */
        DONE,
        /** Processed again and still cannot be used: it stays set aside with its reason. */
        STILL_SET_ASIDE,
        /** No such event, or it was already resolved. */
        NOT_OPEN,
        /** Only a parked event can be processed again (a rejected or quarantined one is read the same way again). */
        NOT_PARKED
    }

    private final JdbcClient jdbc;
    private final IntakeService intake;
    private final InboundEvents events;
    private final AuditTrail audit;
    private final Clock clock;

    public SetAsideEvents(JdbcClient jdbc, IntakeService intake, InboundEvents events, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** Processes a parked event again now, as the actor. */
    public Outcome reprocess(UUID id, String actor) {
        Optional<InboundEvents.StoredEvent> e = events.find(id);
        if (e.isEmpty() || !open(e.get())) {
            return Outcome.NOT_OPEN;
        }
        if (!e.get().outcome().equals("PARKED")) {
            return Outcome.NOT_PARKED;
        }
        return intake.reprocess(id, actor).isPresent() ? Outcome.DONE : Outcome.STILL_SET_ASIDE;
    }

    /**
     * Closes an event set aside as reviewed, with the person's reason, in one transaction with its audit entry;
     * of two people acknowledging at once, the second finds it closed.
     */
    @Transactional
    public Outcome acknowledge(UUID id, String reason, String actor) {
        Optional<InboundEvents.StoredEvent> e = events.find(id);
        if (e.isEmpty() || reason.isBlank()) {
            return Outcome.NOT_OPEN;
        }
        int closed = jdbc.sql("UPDATE inbound_event SET resolved_at = ?, resolved_by = ?, resolution = 'ACKNOWLEDGED', "
                        + "resolution_reason = ? WHERE id = ? AND resolved_at IS NULL "
                        + "AND outcome IN ('REJECTED', 'PARKED', 'QUARANTINED')")
                .params(Timestamp.from(clock.instant()), actor, reason.strip(), id)
                .update();
        if (closed == 0) {
            return Outcome.NOT_OPEN;
        }
        // the audit entry's old value, hashed into the chain
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("outcome", e.get().outcome());
        before.put("field", e.get().field());
        before.put("reason", e.get().reason());
        audit.append(new AuditRecord(
                actor,
                "event.acknowledged",
                "inbound-event",
                id.toString(),
                e.get().employeeId(),
                before,
                Map.of("resolution", "ACKNOWLEDGED"),
                reason.strip(),
                id.toString()));
        return Outcome.DONE;
    }

    private static boolean open(InboundEvents.StoredEvent e) {
        return e.resolvedAt() == null
                && (e.outcome().equals("PARKED")
                        || e.outcome().equals("REJECTED")
                        || e.outcome().equals("QUARANTINED"));
    }
}
