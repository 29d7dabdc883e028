package org.qualigate.bench.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One certification event of the generic JSON source, as the HRIS sends it, with its webhook id.
 *
 * @param webhookId the Standard Webhooks message id (unique per event; the same when the HRIS re-sends)
 * @param revoked {@code certification.revoked} rather than {@code certification.completed}
 * @param expiresAt when the certification expires, or null for never
 */
public record HrEvent(
        String webhookId,
        String employeeId,
        String certificationId,
        boolean revoked,
        long sourceVersion,
        @Nullable Instant expiresAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The source record of the certification: one per person and certification, versions counting up. */
    public String sourceRecordId() {
        return "FS-" + employeeId + "-" + certificationId.substring(certificationId.lastIndexOf('-') + 1);
    }

    public byte[] body() {
        LocalDate completed = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventType", revoked ? "certification.revoked" : "certification.completed");
        m.put("employeeId", employeeId);
        m.put("certificationId", certificationId);
        m.put("certificationName", "Certification " + certificationId);
        m.put("level", 1);
        m.put("completedOn", completed.toString());
        if (expiresAt != null) {
            m.put("expiresOn", expiresAt.toString());
        }
        m.put("sourceRecordId", sourceRecordId());
        m.put("sourceVersion", sourceVersion);
        m.put("approvedBy", "TC-0042");
        m.put("approvedAt", completed + "T15:00:00Z");
        return JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
    }
}
