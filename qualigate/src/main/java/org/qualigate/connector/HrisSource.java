package org.qualigate.connector;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.Qualification;

/**
 * An HRIS that Qualigate pulls training and certification records from, page by page, for a window of
 * last-modified time. Adapters translate the vendor's payloads into {@link SourceRecord}s and never
 * guess: a record they cannot read is returned as unreadable (or drifted) with its raw payload, not
 * dropped and not mis-mapped. Unavailability is a {@link TargetException}.
 */
public interface HrisSource {

    /** The configured source name, e.g. {@code workday}; events are stored under it. */
    String name();

    /**
     * Which system owns the records this source delivers: {@code HRIS} for an HRIS; {@code QMS} for the
     * QMS's own training records read back into the ledger. A sync never overwrites another authority's record.
     */
    default Qualification.Authority authority() {
        return Qualification.Authority.HRIS;
    }

    /** One page of the records changed in the window; {@code pageToken} null for the first page. */
    PullPage pull(PullWindow window, @Nullable String pageToken);

    /** Records last modified in [{@code from}, {@code through}]. */
    record PullWindow(Instant from, Instant through) {}

    /** One page of records and the token of the next page (null when this was the last). */
    record PullPage(List<SourceRecord> records, @Nullable String nextPageToken) {

        public PullPage {
            records = List.copyOf(records);
        }
    }
}
