package org.qualigate.change;

import java.time.Instant;

/** One drafted content of a change set; never changed once written. */
public record ChangeSetVersion(
        long changeSetId, int version, String content, String contentSha256, String draftedBy, Instant draftedAt) {}
