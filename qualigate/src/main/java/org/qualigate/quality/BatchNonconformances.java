package org.qualigate.quality;

import java.util.List;
import org.qualigate.connector.NonconformanceRecord;

/**
 * The non-conformances open on one batch after an NC naming it was recorded (published in the transaction that
 * recorded it): each open one by its record id and name. None open: the batch's cause has cleared.
 *
 * @param material the material the batch is of
 * @param batch the batch
 * @param open the NCs open on the batch (neither draft nor closed), by record id with their names
 * @param recorded the NC just recorded, by name
 */
public record BatchNonconformances(String material, String batch, List<Open> open, String recorded) {

    public BatchNonconformances {
        open = List.copyOf(open);
    }

    /** The batch's NCs as recorded now, the open ones kept. */
    static BatchNonconformances of(String material, String batch, List<NonconformanceRecord> ofBatch, String recorded) {
        return new BatchNonconformances(
                material,
                batch,
                ofBatch.stream()
                        .filter(o -> !o.closed() && !o.draft())
                        .map(o -> new Open(o.recordId(), o.name()))
                        .toList(),
                recorded);
    }

    /** One open NC. */
    public record Open(String recordId, String name) {}
}
