package org.qualigate.monitoring;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One alert as it stands: its cause, state ({@code PENDING}: counted but below its rule's threshold, so nobody was
 * told; {@code OPEN}; {@code CLEARED}), how many occurrences of the cause it counted, when the first and the last
 * were seen, when it opened and cleared, the first occurrence's detail, and the version of the rules it was raised
 * under.
 */
public record AlertView(
        long id,
        String cause,
        String kind,
        String subject,
        String state,
        int occurrences,
        Instant firstSeen,
        Instant lastSeen,
        @Nullable Instant openedAt,
        @Nullable Instant clearedAt,
        String detail,
        String rulesVersion) {}
