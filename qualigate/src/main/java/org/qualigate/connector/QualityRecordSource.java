package org.qualigate.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The QMS's CAPAs and recalls, read incrementally by their last-modified instant, page by page, as its
 * non-conformances are ({@link NonconformanceSource}). A row comes in the plain field names of the QMS's outbound
 * event of its kind ({@code recordId}, {@code recordName}, {@code lastModifiedAt}, {@code dueDate}, {@code
 * firstBatch}, …), so that a record pulled and the same record received by webhook are read by one reading.
 */
public interface QualityRecordSource {

    /** The kinds of record read this way. */
    enum Kind {
        CAPA,
        RECALL
    }

    /**
     * One row as read: the raw row (kept as evidence), and either its fields (date-times as RFC 3339 instants, dates
     * as {@code yyyy-mm-dd}, absent values null) or, when the row is unusable as read, the field and the reason (the
     * rest of the page goes on).
     */
    record Row(
            String recordId,
            byte[] raw,
            @Nullable Map<String, @Nullable String> fields,
            @Nullable String field,
            @Nullable String reason) {}

    /** A page of rows and where the next one is (null on the last page). */
    record Page(List<Row> rows, @Nullable String next) {}

    /** The first page of the records of the kind modified in [{@code from}, {@code through}], oldest first. */
    Page changed(Kind kind, Instant from, Instant through);

    /** The page of the kind at a link an earlier page gave. */
    Page next(Kind kind, String link);
}
