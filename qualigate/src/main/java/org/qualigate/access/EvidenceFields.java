package org.qualigate.access;

import java.util.Map;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.HeldQualification;

/**
 * The evidence a requirement was met with, as the audit trail's grants and the projection's basis write it: the held
 * qualification's level and dates, and who approved the record and when. Each writer keeps its own order of fields
 * around these (what is written is kept as written).
 */
public final class EvidenceFields {

    private EvidenceFields() {}

    /** {@code level}, {@code completedAt}, {@code expiresAt} (null when it does not expire), in that order. */
    public static void held(Map<String, Object> m, HeldQualification evidence) {
        m.put("level", evidence.level());
        m.put("completedAt", evidence.completedAt().toString());
        m.put(
                "expiresAt",
                evidence.expiresAt() == null ? null : evidence.expiresAt().toString());
    }

    /** {@code approvedBy}, {@code approvedAt} (null when the source gave none), in that order. */
    public static void approval(Map<String, Object> m, Qualification q) {
        m.put("approvedBy", q.evidence().approvedBy());
        m.put(
                "approvedAt",
                q.evidence().approvedAt() == null
                        ? null
                        : q.evidence().approvedAt().toString());
    }
}
