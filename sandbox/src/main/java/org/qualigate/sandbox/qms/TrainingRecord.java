package org.qualigate.sandbox.qms;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A training record as the simulated QMS holds it ({@code CMPL123TMS__Training_Record__c}).
 *
 * @param externalId the upsert key a synchronising system chose; null for records entered in the QMS
 * @param completionDate null for an assignment not completed yet (Salesforce answers such a field as JSON null)
 * @param status {@code Complete}, {@code Revoked} or {@code Assigned}
 * @param dataSource who owns the record: {@code HRIS} (written by a sync), {@code MANUAL}, {@code TRACKWISE}
 */
public record TrainingRecord(
        String id,
        @Nullable String externalId,
        String employeeId,
        String courseCode,
        @Nullable LocalDate completionDate,
        @Nullable LocalDate expirationDate,
        String status,
        String dataSource,
        Instant lastModified) {

    public TrainingRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(courseCode, "courseCode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
