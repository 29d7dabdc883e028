package org.qualigate.training;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TrainingTarget.CertificationStatus;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.QualificationCode;

/**
 * How a ledger qualification becomes a QMS training record, on values: its course, its external id, its dates in
 * the site's zone, its checksum, its audit view and the certification status a set of records gives.
 */
final class TrainingRecords {

    private TrainingRecords() {}

    /** The checksum of a record's content as the QMS holds it (ids and modification time aside). */
    static String contentOf(TrainingRecord r) {
        return CanonicalJson.sha256Hex(r.employeeId().value() + "|" + r.courseCode() + "|" + r.completedOn() + "|"
                + r.expiresOn() + "|" + (r.revoked() ? "REVOKED" : "COMPLETE") + "|" + r.dataSource());
    }

    /** Per course the latest completion counts: certified when every such record is valid today. */
    static CertificationStatus certificationStatus(List<TrainingRecord> records, LocalDate today) {
        Map<String, TrainingRecord> latest = new HashMap<>();
        for (TrainingRecord r : records) {
            latest.merge(r.courseCode(), r, (a, b) -> a.completedOn().isAfter(b.completedOn()) ? a : b);
        }
        if (latest.isEmpty()) {
            return CertificationStatus.NOT_CERTIFIED;
        }
        boolean lapsed = latest.values().stream()
                .anyMatch(r ->
                        r.revoked() || (r.expiresOn() != null && r.expiresOn().isBefore(today)));
        return lapsed ? CertificationStatus.LAPSED : CertificationStatus.CERTIFIED;
    }

    /** The first instant after {@code now} at which one of the records expires, in the site's zone. */
    static @Nullable Instant nextExpiry(List<TrainingRecord> inQms, ZoneId zone, Instant now) {
        return inQms.stream()
                .filter(r -> !r.revoked() && r.expiresOn() != null)
                .map(r -> r.expiresOn().plusDays(1).atStartOfDay(zone).toInstant())
                .filter(at -> at.isAfter(now))
                .min(Instant::compareTo)
                .orElse(null);
    }

    /** Canonical code → QMS course code, from the dictionary's {@code qms} column. */
    static Map<QualificationCode, String> courses(PlantDefinition plant) {
        Map<QualificationCode, String> courses = new HashMap<>();
        plant.current()
                .dictionary()
                .bySystem()
                .getOrDefault("qms", Map.of())
                .forEach((course, code) -> courses.put(code, course));
        return courses;
    }

    /** The QMS record an HRIS qualification becomes: dates are days in the site's zone, an expiry its last valid day. */
    static TrainingRecord desired(
            EmployeeId employeeId,
            String externalId,
            String course,
            Instant completedAt,
            @Nullable Instant expiresAt,
            boolean revoked,
            ZoneId zone,
            String ownDataSource) {
        return new TrainingRecord(
                null,
                externalId,
                employeeId,
                course,
                completedAt.atZone(zone).toLocalDate(),
                expiresAt == null ? null : expiresAt.minusNanos(1).atZone(zone).toLocalDate(),
                revoked,
                ownDataSource,
                null);
    }

    /** Derived from the source record, so the same HRIS record always lands on the same QMS record. */
    static String externalId(Qualification q) {
        return externalId(q.evidence().source(), q.evidence().sourceRecordId());
    }

    static String externalId(String source, String sourceRecordId) {
        return "QG-" + source + "-" + sourceRecordId;
    }

    /** A record as its audit entry shows it; a map on purpose: the audit value's bytes are hashed into the chain. */
    static Map<String, Object> view(TrainingRecord r) {
        return view(r, r.id());
    }

    /** A record as its audit entry shows it, under the given id; a map for the reason {@link #view(TrainingRecord)} gives. */
    static Map<String, Object> view(TrainingRecord r, @Nullable String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("externalId", r.externalId());
        m.put("courseCode", r.courseCode());
        m.put("completedOn", r.completedOn().toString());
        m.put("expiresOn", r.expiresOn() == null ? null : r.expiresOn().toString());
        m.put("status", r.revoked() ? "REVOKED" : "COMPLETE");
        m.put("dataSource", r.dataSource());
        return m;
    }

    /**
     * A version of a conflicting pair as the conflict shows it, naming its source; a map on purpose: it is the
     * conflict's audit value, hashed into the chain (and the version the conflict stores).
     */
    static Map<String, Object> version(TrainingRecord r, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("id", r.id());
        m.put("externalId", r.externalId());
        m.put("completedOn", r.completedOn().toString());
        m.put("expiresOn", r.expiresOn() == null ? null : r.expiresOn().toString());
        m.put("status", status(r));
        m.put("dataSource", r.dataSource());
        m.put("lastModified", r.lastModified() == null ? null : r.lastModified().toString());
        return m;
    }

    static String status(TrainingRecord r) {
        return r.revoked() ? "REVOKED" : "COMPLETE";
    }
}
