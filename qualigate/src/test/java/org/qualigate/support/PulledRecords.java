package org.qualigate.support;

import java.nio.charset.StandardCharsets;
import org.qualigate.connector.SourceRecord;

/** Records as an HRIS pull hands them to intake, for tests that send a group of them at once. */
public final class PulledRecords {

    private PulledRecords() {}

    /** A completed certification of the person, under the delivery key, as version {@code version} of the record. */
    public static SourceRecord certification(String key, String person, String recordId, long version, String cert) {
        String raw = "{\"employeeId\":\"" + person + "\",\"certificationId\":\"" + cert + "\",\"sourceRecordId\":\""
                + recordId + "\",\"sourceVersion\":" + version + "}";
        return SourceRecord.read(
                key,
                raw.getBytes(StandardCharsets.UTF_8),
                "application/json",
                new SourceRecord.CertificationFields(
                        "certification.completed",
                        person,
                        cert,
                        null,
                        1,
                        "2026-11-02",
                        null,
                        recordId,
                        version,
                        "QA Lead",
                        null));
    }
}
