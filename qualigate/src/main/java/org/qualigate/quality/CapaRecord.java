package org.qualigate.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CAPA as the QMS last described it: its version (last-modified instant), site, the NC it answers, owner and the
 * owner's manager, due date (a calendar date at the site) and workflow status.
 */
record CapaRecord(
        String recordId,
        String name,
        Instant version,
        @Nullable String site,
        @Nullable String ncName,
        @Nullable String description,
        @Nullable String ownerEmployeeId,
        @Nullable String ownerEmail,
        @Nullable String managerEmployeeId,
        @Nullable String managerEmail,
        @Nullable LocalDate dueDate,
        String status,
        @Nullable Instant closedAt) {

    public CapaRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
    }

    public boolean closed() {
        return status.toLowerCase(Locale.ROOT).startsWith("closed");
    }
}
