package org.qualigate.connector;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;

/**
 * A QMS training module that holds each person's training records and a certification status on their
 * user profile. Adapters translate the vendor's objects into these words. Unavailability is a {@link
 * TargetException}; a record the QMS refuses is a {@link UpsertOutcome.Rejected} carrying the QMS's own message.
 */
public interface TrainingTarget {

    /** The source name the records the QMS owns enter the ledger under (and the dictionary their codes use). */
    String OWNED_RECORDS_SOURCE = "qms";

    /** The configured name of this target, e.g. {@code qms}. */
    String name();

    /** Every training record the QMS holds for the person, whoever owns it. */
    List<TrainingRecord> recordsOf(EmployeeId employeeId);

    /** {@link #recordsOf(EmployeeId)} for several people; an adapter may ask the QMS once for all of them. */
    default List<TrainingRecord> recordsOf(java.util.Collection<EmployeeId> employeeIds) {
        return employeeIds.stream().flatMap(id -> recordsOf(id).stream()).toList();
    }

    /**
     * The data sources (the QMS's own words, e.g. {@code MANUAL}, {@code TRACKWISE}) whose records the QMS owns: a
     * sync never overwrites them.
     */
    default java.util.Set<String> ownedDataSources() {
        return java.util.Set.of("MANUAL", "TRACKWISE");
    }

    /** The data source the records this service writes carry in the QMS (e.g. {@code HRIS}). */
    default String ownDataSource() {
        return "HRIS";
    }

    /** Creates or updates the record with this external id (the record's {@code externalId}). */
    UpsertOutcome upsert(TrainingRecord record);

    /** Sets the certification status on the person's user profile (no call when it already shows it). */
    StatusUpdate updateCertificationStatus(EmployeeId employeeId, CertificationStatus status);

    /** The certification status the person's user profile shows now; empty when the QMS has no profile for them. */
    default java.util.Optional<CertificationStatus> certificationStatusOf(EmployeeId employeeId) {
        return java.util.Optional.empty();
    }

    /** Whether the QMS's training records carry an expiry date (some orgs' training object has none). */
    default boolean holdsExpiry() {
        return true;
    }

    /** Whether the QMS's user profiles carry a certification status that is kept current. */
    default boolean holdsCertificationStatus() {
        return true;
    }

    /** What became of a certification status update. */
    enum StatusUpdate {
        UPDATED,
        UNCHANGED,
        /** The QMS has no user profile for the person. */
        NO_USER
    }

    /** The certification status a user profile shows. */
    enum CertificationStatus {
        /** Every training record the person holds in the QMS is complete and unexpired. */
        CERTIFIED,
        /** At least one course's latest record is expired or revoked. */
        LAPSED,
        /** No training record at all. */
        NOT_CERTIFIED
    }

    /**
     * A training record in the QMS.
     *
     * @param id the QMS's own id; null for a record not yet written
     * @param externalId the key a synchronising system upserts by; null for records entered in the QMS
     * @param dataSource who owns it in the QMS's words (e.g. {@code HRIS}, {@code MANUAL}, {@code TRACKWISE})
     * @param lastModified when the QMS last changed it; null for a record not yet written
     */
    record TrainingRecord(
            @Nullable String id,
            @Nullable String externalId,
            EmployeeId employeeId,
            String courseCode,
            LocalDate completedOn,
            @Nullable LocalDate expiresOn,
            boolean revoked,
            String dataSource,
            @Nullable Instant lastModified) {

        public TrainingRecord {
            Objects.requireNonNull(employeeId, "employeeId");
            Objects.requireNonNull(courseCode, "courseCode");
            Objects.requireNonNull(completedOn, "completedOn");
            Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Whether the QMS-side content equals the other's (ids and modification time aside). */
        public boolean sameContentAs(TrainingRecord other) {
            return employeeId.equals(other.employeeId)
                    && courseCode.equals(other.courseCode)
                    && completedOn.equals(other.completedOn)
                    && Objects.equals(expiresOn, other.expiresOn)
                    && revoked == other.revoked
                    && dataSource.equals(other.dataSource);
        }
    }

    /** What became of an upsert. */
    sealed interface UpsertOutcome {

        /** The QMS created the record. */
        record Created(String id) implements UpsertOutcome {}

        /** The QMS updated the existing record. */
        record Updated(@Nullable String id) implements UpsertOutcome {}

        /** The QMS refused the record; retrying the same record cannot help. */
        record Rejected(String errorCode, String message, List<String> fields) implements UpsertOutcome {

            public Rejected {
                fields = List.copyOf(fields);
            }
        }
    }
}
