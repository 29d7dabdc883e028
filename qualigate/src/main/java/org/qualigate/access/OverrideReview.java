package org.qualigate.access;

import java.time.Instant;
import java.util.List;
import org.qualigate.signature.Signature;

/**
 * What a QA reviewer needs to conclude on an override: the review task, the override (role, window, grantor
 * and reason), the grantor's signature, and what happened to the person's access during it — every role
 * granted or revoked and every revocation deferred, from the audit trail — and how the override's role went
 * when it ended. The person's own actions in the MES are not Qualigate's to know.
 */
public record OverrideReview(
        ReviewTask task,
        AccessOverride override,
        List<Signature> grantSignatures,
        List<Happening> during,
        List<Happening> afterEnd) {

    public OverrideReview {
        grantSignatures = List.copyOf(grantSignatures);
        during = List.copyOf(during);
        afterEnd = List.copyOf(afterEnd);
    }

    /** One audit entry about the person's access: its number, time, action and its own sentence. */
    public record Happening(long seq, Instant at, String action, String what) {}
}
