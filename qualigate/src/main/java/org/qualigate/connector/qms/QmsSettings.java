package org.qualigate.connector.qms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The QMS connection ({@code qualigate.qms.*}): the login URL (the token endpoint is {@code
 * /services/oauth2/token} under it), OAuth2 client credentials, the REST API version, the object and field
 * names ({@code fields.*}, TrackWise-like defaults that are assumptions — see {@code docs/connectors.md}),
 * the data-source values the QMS owns, and the picklist values written. No base URL, no QMS. An org whose training
 * object has no expiry field, or whose users carry no certification status, says so with {@code write-expiry} /
 * {@code write-certification-status} false: those fields are then neither read nor written.
 */
@ConfigurationProperties("qualigate.qms")
public record QmsSettings(
        @Nullable String baseUrl,
        @Nullable String clientId,
        @Nullable String clientSecret,
        String apiVersion,
        Duration requestTimeout,
        Duration limitWait,
        List<String> owners,
        String ownDataSource,
        Fields fields,
        Values values,
        @Nullable Boolean writeExpiry,
        @Nullable Boolean writeCertificationStatus) {

    public QmsSettings {
        apiVersion = apiVersion == null || apiVersion.isBlank() ? "60.0" : apiVersion;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        limitWait = limitWait == null ? Duration.ofMinutes(15) : limitWait;
        owners = owners == null || owners.isEmpty() ? List.of("MANUAL", "TRACKWISE") : List.copyOf(owners);
        ownDataSource = ownDataSource == null || ownDataSource.isBlank() ? "HRIS" : ownDataSource;
        fields = fields == null ? Fields.DEFAULTS : fields.withDefaults();
        values = values == null ? Values.DEFAULTS : values.withDefaults();
        writeExpiry = writeExpiry == null || writeExpiry;
        writeCertificationStatus = writeCertificationStatus == null || writeCertificationStatus;
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    @Override
    public String toString() {
        return "QmsSettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", apiVersion=" + apiVersion + ", owners="
                + owners + ", writeExpiry=" + writeExpiry + ", writeCertificationStatus=" + writeCertificationStatus
                + "]";
    }

    /** Object and field API names. */
    public record Fields(
            String trainingObject,
            String externalId,
            String employee,
            String course,
            String completed,
            String expires,
            String status,
            String dataSource,
            String lastModified,
            String userObject,
            String userEmployee,
            String certificationStatus) {

        public static final Fields DEFAULTS = new Fields(
                "CMPL123TMS__Training_Record__c",
                "CMPL123TMS__External_Id__c",
                "CMPL123TMS__Employee_Id__c",
                "CMPL123TMS__Course_Code__c",
                "CMPL123TMS__Completion_Date__c",
                "CMPL123TMS__Expiration_Date__c",
                "CMPL123TMS__Status__c",
                "CMPL123TMS__Data_Source__c",
                "LastModifiedDate",
                "User",
                "EmployeeNumber",
                "CMPL123TMS__Certification_Status__c");

        Fields withDefaults() {
            return new Fields(
                    or(trainingObject, DEFAULTS.trainingObject),
                    or(externalId, DEFAULTS.externalId),
                    or(employee, DEFAULTS.employee),
                    or(course, DEFAULTS.course),
                    or(completed, DEFAULTS.completed),
                    or(expires, DEFAULTS.expires),
                    or(status, DEFAULTS.status),
                    or(dataSource, DEFAULTS.dataSource),
                    or(lastModified, DEFAULTS.lastModified),
                    or(userObject, DEFAULTS.userObject),
                    or(userEmployee, DEFAULTS.userEmployee),
                    or(certificationStatus, DEFAULTS.certificationStatus));
        }
    }

    /** Picklist values: record status, and the certification status on the user profile. */
    public record Values(String complete, String revoked, Map<String, String> certificationStatus) {

        public static final Values DEFAULTS = new Values(
                "Complete",
                "Revoked",
                Map.of("CERTIFIED", "Certified", "LAPSED", "Lapsed", "NOT_CERTIFIED", "Not Certified"));

        Values withDefaults() {
            Map<String, String> cert = new java.util.HashMap<>(DEFAULTS.certificationStatus);
            if (certificationStatus != null) {
                cert.putAll(certificationStatus);
            }
            return new Values(or(complete, DEFAULTS.complete), or(revoked, DEFAULTS.revoked), Map.copyOf(cert));
        }
    }

    private static String or(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
