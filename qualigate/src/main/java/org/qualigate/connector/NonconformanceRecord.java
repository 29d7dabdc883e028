package org.qualigate.connector;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A non-conformance as the QMS last described it, in canonical words: its record id and name, its version (the
 * QMS's last-modified instant: a later version replaces an earlier one, never the reverse), the lot it names, its
 * workflow status and, once closed, its disposition. Whether it asks for the stock to be blocked is the QMS's own
 * flag ({@code blockStock}).
 */
public record NonconformanceRecord(
        String recordId,
        String name,
        Instant version,
        @Nullable String site,
        @Nullable String material,
        @Nullable String plant,
        @Nullable String batch,
        @Nullable String severity,
        String status,
        @Nullable String disposition,
        boolean blockStock,
        @Nullable Instant openedAt,
        @Nullable Instant closedAt,
        @Nullable String description) {

    public NonconformanceRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
    }

    /** Closed in any way: done (with a disposition) or cancelled. */
    public boolean closed() {
        return status.toLowerCase(Locale.ROOT).startsWith("closed");
    }

    /** Closed as cancelled: raised in error, so it never held anything. */
    public boolean cancelled() {
        String s = status.toLowerCase(Locale.ROOT);
        return s.startsWith("closed") && (s.contains("cancel"));
    }

    /** Still a draft: not yet raised. */
    public boolean draft() {
        return status.equalsIgnoreCase("Draft");
    }

    /** Names a material, a plant and a batch. */
    public boolean namesLot() {
        return material != null && plant != null && batch != null;
    }
}
