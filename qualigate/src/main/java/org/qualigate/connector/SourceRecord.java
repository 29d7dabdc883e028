package org.qualigate.connector;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record from a source exactly as received ({@code raw}, with its content type) and what the adapter
 * read from it: the certification fields in the terms of the generic contract, or why it could not be
 * read ({@code problem}: a malformed payload, or a changed shape — schema drift — with the difference).
 *
 * @param key unique per record version within the source (duplicates are recognised by it)
 */
public record SourceRecord(
        String key,
        byte[] raw,
        String contentType,
        @Nullable CertificationFields fields,
        @Nullable Problem problem) {

    public SourceRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(raw, "raw");
        if ((fields == null) == (problem == null)) {
            throw new IllegalArgumentException("a source record has either fields or a problem");
        }
    }

    public static SourceRecord read(String key, byte[] raw, String contentType, CertificationFields fields) {
        return new SourceRecord(key, raw, contentType, fields, null);
    }

    public static SourceRecord unreadable(String key, byte[] raw, String contentType, String field, String reason) {
        return new SourceRecord(key, raw, contentType, null, new Problem(Problem.Kind.MALFORMED, field, reason));
    }

    /** The payload's shape differs from what the adapter knows (new, missing or retyped fields). */
    public static SourceRecord drifted(String key, byte[] raw, String contentType, String field, String difference) {
        return new SourceRecord(key, raw, contentType, null, new Problem(Problem.Kind.SCHEMA_DRIFT, field, difference));
    }

    /** Why a record could not be read. */
    public record Problem(Kind kind, String field, String reason) {

        /** Malformed input, or a payload whose shape changed. */
        public enum Kind {
            MALFORMED,
            SCHEMA_DRIFT
        }
    }

    /**
     * A certification event in the terms of the generic contract (CONTRACT.md): dates as {@code
     * YYYY-MM-DD} (a day in the person's site zone) or RFC 3339 date-times with offset.
     */
    public record CertificationFields(
            String eventType,
            String employeeId,
            String certificationId,
            @Nullable String certificationName,
            @Nullable Integer level,
            String completedOn,
            @Nullable String expiresOn,
            String sourceRecordId,
            long sourceVersion,
            @Nullable String approvedBy,
            @Nullable String approvedAt) {}
}
