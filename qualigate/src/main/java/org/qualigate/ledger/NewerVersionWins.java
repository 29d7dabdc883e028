package org.qualigate.ledger;

/**
 * The ledger's ordering rule: of two versions of one source record, the one with the higher source version wins,
 * whatever order they arrived in. A source record never changes hands; one that claims to is a bug upstream.
 */
final class NewerVersionWins {

    private NewerVersionWins() {}

    /**
     * What an arriving version does to the version the ledger holds: {@link LedgerOutcome#APPLIED} (it replaces
     * it), {@link LedgerOutcome#DUPLICATE} (the same version again) or {@link LedgerOutcome#STALE} (older: kept
     * by intake, never applied).
     *
     * @throws IllegalArgumentException if the newer version names another person than the record holds
     */
    public static LedgerOutcome decide(Qualification held, QualificationEvent arriving) {
        LedgerOutcome order = decide(held.sourceVersion(), arriving.sourceVersion());
        if (order == LedgerOutcome.APPLIED && !held.employeeId().equals(arriving.employeeId())) {
            throw new IllegalArgumentException("source record " + arriving.sourceRecordId() + " belongs to "
                    + held.employeeId() + ", not " + arriving.employeeId());
        }
        return order;
    }

    /** The same rule on the versions alone: the source version held and the one arriving. */
    public static LedgerOutcome decide(long held, long arriving) {
        if (arriving < held) {
            return LedgerOutcome.STALE;
        }
        return arriving == held ? LedgerOutcome.DUPLICATE : LedgerOutcome.APPLIED;
    }
}
