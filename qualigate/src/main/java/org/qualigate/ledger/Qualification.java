package org.qualigate.ledger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.QualificationCode;

/**
 * A qualification a person holds, in canonical terms, with its evidence: the source system and record,
 * who approved it and when, and the inbound event (raw payload) it came from.
 */
public record Qualification(
        UUID id,
        EmployeeId employeeId,
        QualificationCode code,
        int level,
        Instant completedAt,
        @Nullable Instant expiresAt,
        String completedOriginal,
        @Nullable String expiresOriginal,
        Status status,
        Authority authority,
        Evidence evidence,
        long sourceVersion,
        Instant recordedAt) {

    /** Whether the record stands or was revoked by its source. */
    public enum Status {
        VALID,
        REVOKED
    }

    /** Which system owns the record; a sync never overwrites a record owned by another authority. */
    public enum Authority {
        HRIS,
        QMS,
        MANUAL
    }

    /** Where the record comes from and who vouched for it. */
    public record Evidence(
            String source,
            String sourceRecordId,
            String sourceCode,
            @Nullable String sourceName,
            @Nullable String approvedBy,
            @Nullable Instant approvedAt,
            UUID eventId) {

        /** The id policy decisions cite: {@code source/record}. */
        public String evidenceId() {
            return source + "/" + sourceRecordId;
        }
    }

    public HeldQualification held() {
        return new HeldQualification(
                evidence.evidenceId(), code, level, completedAt, expiresAt, status == Status.REVOKED);
    }

    /** The fields an audit entry records for this qualification; a map on purpose: their bytes are hashed. */
    public Map<String, Object> auditView() {
        // sized for its 15 members, so it is not grown while filled (the order, and so the audit value, is the same)
        var m = LinkedHashMap.<String, Object>newLinkedHashMap(15);
        m.put("code", code.value());
        m.put("level", level);
        m.put("completedAt", completedAt.toString());
        m.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        m.put("completedOriginal", completedOriginal);
        m.put("expiresOriginal", expiresOriginal);
        m.put("status", status.name());
        m.put("authority", authority.name());
        m.put("source", evidence.source());
        m.put("sourceRecordId", evidence.sourceRecordId());
        m.put("sourceVersion", sourceVersion);
        m.put("sourceCode", evidence.sourceCode());
        m.put("approvedBy", evidence.approvedBy());
        m.put(
                "approvedAt",
                evidence.approvedAt() == null ? null : evidence.approvedAt().toString());
        m.put("eventId", evidence.eventId().toString());
        return m;
    }
}
