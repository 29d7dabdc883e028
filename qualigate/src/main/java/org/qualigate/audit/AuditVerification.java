package org.qualigate.audit;

import org.jspecify.annotations.Nullable;

/** The result of recomputing the audit chain: valid, or the first broken sequence number and why. */
public record AuditVerification(
        boolean valid,
        long entries,
        @Nullable Long firstBrokenSeq,
        @Nullable String reason) {

    static AuditVerification intact(long entries) {
        return new AuditVerification(true, entries, null, null);
    }

    static AuditVerification broken(long entries, long seq, String reason) {
        return new AuditVerification(false, entries, seq, reason);
    }
}
