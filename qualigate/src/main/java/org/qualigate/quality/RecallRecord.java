package org.qualigate.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recall as the QMS last described it, in canonical form: the product (material) and plant, the range of batches
 * it covers (first to last, and the manufacturing dates the QMS gives for them), its class and reason, and its
 * workflow status. It holds its batches while open or closed as done; cancelled, it gives back what it blocked.
 */
public record RecallRecord(
        String recordId,
        String name,
        Instant version,
        @Nullable String site,
        String material,
        String plant,
        String firstBatch,
        String lastBatch,
        @Nullable LocalDate manufacturedFrom,
        @Nullable LocalDate manufacturedTo,
        @Nullable String recallClass,
        @Nullable String reason,
        String status,
        @Nullable Instant openedAt,
        @Nullable Instant closedAt) {

    /**
     * Batch numbers in the order of a range: shorter first, then by character, so that {@code B9} comes before
     * {@code B10} as the numbering means.
     */
    public static final Comparator<String> BATCH_ORDER =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    public RecallRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(status, "status");
        if (BATCH_ORDER.compare(firstBatch, lastBatch) > 0) {
            throw new IllegalArgumentException("the first batch comes after the last");
        }
    }

    /** Cancelled in the QMS: the recall gives back the batches it blocked. */
    public boolean cancelled() {
        return status.toLowerCase(Locale.ROOT).contains("cancel");
    }

    /** Closed as done: the recalled stock stays blocked. */
    public boolean closedDone() {
        return !cancelled() && status.toLowerCase(Locale.ROOT).startsWith("closed");
    }

    /** Whether the batch number is within the recalled range. */
    public boolean covers(String batch) {
        return BATCH_ORDER.compare(firstBatch, batch) <= 0 && BATCH_ORDER.compare(batch, lastBatch) <= 0;
    }

    /** {@code product M batches A..B (made 2026-10-01..2026-10-31)}, as explanations say it. */
    public String scope() {
        String made = manufacturedFrom == null && manufacturedTo == null
                ? ""
                : " made " + (manufacturedFrom == null ? "" : manufacturedFrom) + ".."
                        + (manufacturedTo == null ? "" : manufacturedTo);
        return "product " + material + " batches " + firstBatch + ".." + lastBatch + made;
    }
}
