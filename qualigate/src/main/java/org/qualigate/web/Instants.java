package org.qualigate.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** Reads an instant query parameter (RFC 3339 with offset); absent means now. */
final class Instants {

    private Instants() {}

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
