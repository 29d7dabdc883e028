package org.qualigate.connector;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The QMS's non-conformances, read incrementally by their last-modified instant, page by page. */
public interface NonconformanceSource {

    /**
     * One row as read: the raw row (kept as evidence), and either the record or, when the row is unusable, the field
     * and the reason (the rest of the page goes on).
     */
    record Row(
            String recordId,
            byte[] raw,
            @Nullable NonconformanceRecord record,
            @Nullable String field,
            @Nullable String reason) {}

    /** A page of rows and where the next one is (null on the last page). */
    record Page(List<Row> rows, @Nullable String next) {}

    /** The first page of the non-conformances modified in [{@code from}, {@code through}], oldest first. */
    Page changed(Instant from, Instant through);

    /** The page at a link an earlier page gave. */
    Page next(String link);
}
