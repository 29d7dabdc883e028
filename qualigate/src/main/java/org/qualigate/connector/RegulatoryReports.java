package org.qualigate.connector;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A regulatory reporting store where recalls are recorded: a report submitted once per idempotency key (a repeat
 * with the same key answers the first report), found again by its key, and withdrawn when the recall is cancelled.
 * Calls throw {@link TargetException} when the store cannot be reached or refuses.
 */
public interface RegulatoryReports {

    /** What a recall report says: the recall, the product, its class and reason, and the batches it covers. */
    record RecallReport(
            String recallId,
            String recallName,
            String product,
            String plant,
            @Nullable String classification,
            @Nullable String reason,
            @Nullable LocalDate manufacturedFrom,
            @Nullable LocalDate manufacturedTo,
            List<String> batches) {

        public RecallReport {
            Objects.requireNonNull(recallId, "recallId");
            batches = List.copyOf(batches);
        }
    }

    /** A report in the store: its id there and its status ({@code SUBMITTED} or {@code WITHDRAWN}). */
    record Report(String reportId, String status) {

        public boolean withdrawn() {
            return "WITHDRAWN".equals(status);
        }
    }

    /** A name for messages and the audit trail. */
    String name();

    /** Records the report under the key; the same key again answers the report recorded first. */
    Report submit(String idempotencyKey, RecallReport report);

    /** The report recorded under the key, if any (a submit whose answer was lost). */
    Optional<Report> find(String idempotencyKey);

    /** Withdraws the report (nothing when it is withdrawn already). */
    Report withdraw(String reportId, String reason);
}
