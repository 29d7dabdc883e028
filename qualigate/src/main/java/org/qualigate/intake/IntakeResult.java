package org.qualigate.intake;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What intake made of one inbound event. */
public record IntakeResult(
        UUID eventId,
        Outcome outcome,
        @Nullable String field,
        @Nullable String reason) {

    /** The fate of the event. */
    public enum Outcome {
        /** Changed the ledger. */
        APPLIED,
        /** The same webhook id was received before; nothing happened again. */
        DUPLICATE_DELIVERY,
        /** The ledger already held this version of the record. */
        DUPLICATE,
        /** The ledger holds a newer version; the event is kept but does not win. */
        STALE,
        /** The body is not a valid event; kept for review. */
        REJECTED,
        /** Authentic and well-formed but cannot be used yet (unknown employee, unmapped certification); kept for review. */
        PARKED,
        /** The payload's shape changed (schema drift); kept with the difference, never mapped. */
        QUARANTINED
    }
}
