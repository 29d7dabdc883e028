package org.qualigate.ledger;

/** What the ledger did with an event: applied it, or found it already known or superseded. */
public enum LedgerOutcome {
    /** The event changed the ledger. */
    APPLIED,
    /** The ledger already holds this version of the record. */
    DUPLICATE,
    /** The ledger holds a newer version of the record; the event is kept but does not win. */
    STALE
}
