package org.qualigate.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * A {@code certification.completed} event of the generic JSON HRIS source, as an HRIS webhook sends it.
 *
 * @param certificationId the source's certification ID, e.g. {@code WD-CERT-1001}
 * @param sourceRecordId the HRIS record ID; a new one is a new completion
 */
public record CertificationEvent(
        String employeeId,
        String certificationId,
        String certificationName,
        String sourceRecordId,
        Instant approvedAt,
        String approvedBy) {

    // Every field is written into JSON unescaped, so each is held to characters that need no escaping.
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ._:-]{1,80}");

    public static final String GMP_BASIC = "WD-CERT-1001";
    public static final String GDP_DOC = "WD-CERT-1002";
    public static final String BATCH_REVIEW = "WD-CERT-6001";

    public CertificationEvent {
        for (String field : new String[] {employeeId, certificationId, certificationName, sourceRecordId, approvedBy}) {
            if (field == null || !PLAIN.matcher(field).matches()) {
                throw new IllegalArgumentException("not a plain identifier or name: " + field);
            }
        }
        java.util.Objects.requireNonNull(approvedAt, "approvedAt");
    }

    /** The event completing one of the three certifications the batch reviewer role needs. */
    public static CertificationEvent completed(
            String employeeId, String certificationId, String sourceRecordId, Instant approvedAt) {
        String name = switch (certificationId) {
            case GMP_BASIC -> "GMP fundamentals";
            case GDP_DOC -> "Good documentation practice";
            case BATCH_REVIEW -> "Batch record review";
            default -> throw new IllegalArgumentException("not a bench certification: " + certificationId);
        };
        return new CertificationEvent(employeeId, certificationId, name, sourceRecordId, approvedAt, "TC-0042");
    }

    /** The JSON body, completed on the approval day and expiring a year later. */
    public byte[] body() {
        LocalDate completedOn = LocalDate.ofInstant(approvedAt, ZoneOffset.UTC);
        String json = "{\"eventType\":\"certification.completed\",\"employeeId\":\"" + employeeId
                + "\",\"certificationId\":\"" + certificationId
                + "\",\"certificationName\":\"" + certificationName
                + "\",\"level\":1,\"completedOn\":\"" + completedOn
                + "\",\"expiresOn\":\"" + completedOn.plusYears(1)
                + "\",\"sourceRecordId\":\"" + sourceRecordId
                + "\",\"sourceVersion\":1,\"approvedBy\":\"" + approvedBy
                + "\",\"approvedAt\":\"" + approvedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
