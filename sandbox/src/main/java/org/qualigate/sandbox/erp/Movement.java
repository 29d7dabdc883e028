package org.qualigate.sandbox.erp;

import java.util.Map;
import java.util.Optional;

/**
 * A transfer posting between stock types of one batch, by SAP movement type: 344 unrestricted to blocked (the
 * quarantine on a non-conformance), 343 back, 350 quality inspection to blocked and 349 back, 322 unrestricted to
 * quality inspection and 321 back. All are transfer postings (goods movement code {@code 04}).
 */
record Movement(String type, StockType from, StockType to) {

    static final String TRANSFER_POSTING = "04";

    private static final Map<String, Movement> TYPES = Map.of(
            "344", new Movement("344", StockType.UNRESTRICTED, StockType.BLOCKED),
            "343", new Movement("343", StockType.BLOCKED, StockType.UNRESTRICTED),
            "350", new Movement("350", StockType.QUALITY_INSPECTION, StockType.BLOCKED),
            "349", new Movement("349", StockType.BLOCKED, StockType.QUALITY_INSPECTION),
            "322", new Movement("322", StockType.UNRESTRICTED, StockType.QUALITY_INSPECTION),
            "321", new Movement("321", StockType.QUALITY_INSPECTION, StockType.UNRESTRICTED));

    static Optional<Movement> of(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }
}
