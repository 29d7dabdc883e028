package org.qualigate.connector;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The QMS as the place where a non-conformance the service found is raised: one record per key the service chooses
 * (stored in the QMS as the record's external id), so asking again with the same key answers the record raised the
 * first time instead of raising a second. Calls throw {@link TargetException} when the QMS cannot be reached or
 * refuses.
 */
public interface NonconformanceRaiser {

    /**
     * What the service asks the QMS to record: the key, the site (the QMS's picklist value), the severity, a
     * description and the room it happened in.
     */
    record NewNonconformance(
            String key,
            String site,
            String severity,
            String description,
            @Nullable String room) {

        public NewNonconformance {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(description, "description");
        }
    }

    /** The record in the QMS: its id, its number as people know it, and whether this call created it. */
    record Raised(String recordId, String name, boolean created) {}

    /** The record raised under the key, raised now if the QMS has none yet. */
    Raised raise(NewNonconformance nonconformance);
}
