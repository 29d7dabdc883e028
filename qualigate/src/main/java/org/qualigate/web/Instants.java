package org.qualigate.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** Reads an instant query parameter (RFC 3339 with offset); absent means now. */
final class Instants {

    private Instants() {}

    /**
     * The instant whose knowledge an answer uses: the given {@code knownAt}, else the answer's own instant
     * when it lies in the past (what the system knew then), else now.
     */
    static Instant knownAt(@Nullable String value, Instant at, Instant now) {
        if (value != null && !value.isBlank()) {
            Instant known = at(value, "knownAt", Clock.systemUTC());
            if (known.isAfter(now)) {
                throw new ApiErrors.InvalidParameter("knownAt", "must not lie in the future");
            }
            return known;
        }
        return at.isBefore(now) ? at : now;
    }

    static Instant at(@Nullable String value, String name, Clock clock) {
        if (value == null || value.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new ApiErrors.InvalidParameter(
                    name, "must be an RFC 3339 date-time with offset, e.g. 2026-11-20T14:03:00Z");
        }
    }
}
