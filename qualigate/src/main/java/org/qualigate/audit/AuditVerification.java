package org.qualigate.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The result of recomputing the audit chain: valid, or the first broken sequence number and why; and the
 * unsealed horizon at that instant — how many committed entries were not yet sealed into the chain (so not
 * yet covered by it), and when the oldest of them occurred.
 */
public record AuditVerification(
        boolean valid,
        long entries,
        @Nullable Long firstBrokenSeq,
        @Nullable String reason,
        long unsealed,
        @Nullable Instant oldestUnsealedAt) {

    static AuditVerification intact(long entries) {
        return new AuditVerification(true, entries, null, null, 0, null);
    }

    static AuditVerification broken(long entries, long seq, String reason) {
        return new AuditVerification(false, entries, seq, reason, 0, null);
    }

    AuditVerification withHorizon(long unsealed, @Nullable Instant oldestUnsealedAt) {
        return new AuditVerification(valid, entries, firstBrokenSeq, reason, unsealed, oldestUnsealedAt);
    }
}
