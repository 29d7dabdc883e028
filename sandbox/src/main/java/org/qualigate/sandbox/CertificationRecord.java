package org.qualigate.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A worker's certification as the HRIS holds it, with the Workday-style catalogue id; the source of the webhook
 * events the sandbox sends.
 *
 * @param sourceRecordId the HRIS record id, stable across versions, e.g. {@code TR-100234}
 * @param certificationId the catalogue id, e.g. {@code WD-CERT-1001}
 * @param expiresOn an ISO date (valid through that day, site time) or an RFC 3339 instant; null if it never expires
 * @param version increases with every change of the record (the event's {@code sourceVersion})
 * @param revoked whether the HRIS withdrew it
 */
public record CertificationRecord(
        String sourceRecordId,
        String employeeId,
        String certificationId,
        String certificationName,
        int level,
        LocalDate completedOn,
        @Nullable String expiresOn,
        String approvedBy,
        Instant approvedAt,
        int version,
        boolean revoked) {

    public CertificationRecord {
        Objects.requireNonNull(sourceRecordId, "sourceRecordId");
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(certificationId, "certificationId");
        Objects.requireNonNull(certificationName, "certificationName");
        Objects.requireNonNull(completedOn, "completedOn");
        Objects.requireNonNull(approvedBy, "approvedBy");
        Objects.requireNonNull(approvedAt, "approvedAt");
        if (level < 1) {
            throw new IllegalArgumentException("level must be >= 1: " + level);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        if (expiresOn != null) {
            try {
                if (expiresOn.contains("T")) {
                    Instant.parse(expiresOn);
                } else {
                    LocalDate.parse(expiresOn);
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "expiresOn must be an ISO date or an RFC 3339 instant: " + expiresOn);
            }
        }
    }

    /** The next version of this record: renewed with new dates, or revoked. */
    public CertificationRecord next(
            LocalDate completedOn, @Nullable String expiresOn, Instant approvedAt, boolean revoked) {
        return new CertificationRecord(
                sourceRecordId,
                employeeId,
                certificationId,
                certificationName,
                level,
                completedOn,
                expiresOn,
                approvedBy,
                approvedAt,
                version + 1,
                revoked);
    }

    /** The generic JSON webhook body of CONTRACT.md for this record and event type. */
    public Map<String, Object> webhookBody(String eventType) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventType", eventType);
        body.put("employeeId", employeeId);
        body.put("certificationId", certificationId);
        body.put("certificationName", certificationName);
        body.put("level", level);
        body.put("completedOn", completedOn.toString());
        body.put("expiresOn", expiresOn);
        body.put("sourceRecordId", sourceRecordId);
        body.put("sourceVersion", version);
        body.put("approvedBy", approvedBy);
        body.put("approvedAt", approvedAt.toString());
        return body;
    }
}
