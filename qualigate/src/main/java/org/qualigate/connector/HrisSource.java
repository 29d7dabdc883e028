package org.qualigate.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * One page of records and the token of the next page (null when this was the last).
     *
     * @param completeReads workers whose every current record of this source the page lists (a full read of the
     *     worker); a record of theirs the ledger holds and the read lacks was removed at the source
     * @param unmappedFields fields the vendor sent that the mapping does not read, with how many records carried
     *     each: recorded with the pull, never a reason to set a record aside
     */
    record PullPage(
            List<SourceRecord> records,
            @Nullable String nextPageToken,
            List<CompleteRead> completeReads,
            Map<String, Integer> unmappedFields) {

        public PullPage {
            records = List.copyOf(records);
            completeReads = List.copyOf(completeReads);
            unmappedFields = Map.copyOf(unmappedFields);
        }

        public PullPage(List<SourceRecord> records, @Nullable String nextPageToken) {
            this(records, nextPageToken, List.of(), Map.of());
        }
    }

    /**
     * A full read of one worker's records of this source.
     *
     * @param sourceRecordIds the worker's records the source holds now
     * @param version the worker's own version of this read (e.g. the latest transaction moment, epoch ms): a
     *     removal seen in it is recorded with this version
     * @param raw the worker's part of the answer, kept as the evidence of a removal
     */
    record CompleteRead(String employeeId, Set<String> sourceRecordIds, long version, byte[] raw, String contentType) {

        public CompleteRead {
            sourceRecordIds = Set.copyOf(sourceRecordIds);
        }
    }
}
