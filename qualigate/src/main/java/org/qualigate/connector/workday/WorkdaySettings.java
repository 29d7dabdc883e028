package org.qualigate.connector.workday;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Workday tenant ({@code qualigate.workday.*}): where its web services live, the integration user, the
 * Human_Resources version, the RaaS report path, and the credentials outbound subscription messages must carry.
 * Passwords never appear in {@link #toString()}.
 *
 * @param baseUrl e.g. {@code https://wd2-impl-services1.workday.com}; no URL, no Workday source
 * @param username the integration system user; {@code @tenant} is appended when missing
 * @param reportPath e.g. {@code /ccx/service/customreport2/acme/ISU_Qualigate/Training_Completions}
 * @param report the report's prompt and column names ({@code qualigate.workday.report.*})
 * @param lineOrganizationType the {@code Organization_Type_ID} of the worker's organisation that names their production
 *     line (e.g. {@code Cost_Center}); none: the directory reads no line
 */
@ConfigurationProperties("qualigate.workday")
public record WorkdaySettings(
        @Nullable String baseUrl,
        @Nullable String tenant,
        @Nullable String username,
        @Nullable String password,
        String version,
        int pageSize,
        Duration requestTimeout,
        @Nullable String reportPath,
        WorkdayReport report,
        @Nullable String lineOrganizationType,
        Outbound outbound) {

    public WorkdaySettings {
        version = version == null || version.isBlank() ? "v42.0" : version;
        pageSize = pageSize <= 0 ? 100 : Math.min(pageSize, 999);
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        report = report == null ? WorkdayReport.DEFAULT : report;
        outbound = outbound == null ? new Outbound(null, null) : outbound;
    }

    /** The WS-Security user name: {@code user@tenant}. */
    public String soapUsername() {
        String user = username == null ? "" : username;
        return user.contains("@") || tenant == null ? user : user + "@" + tenant;
    }

    /** {@code /ccx/service/<tenant>/Human_Resources/<version>}. */
    public String soapPath() {
        return "/ccx/service/" + tenant + "/Human_Resources/" + version;
    }

    @Override
    public String toString() {
        return "WorkdaySettings[baseUrl=" + baseUrl + ", tenant=" + tenant + ", username=" + username + ", version="
                + version + ", pageSize=" + pageSize + ", reportPath=" + reportPath + ", lineOrganizationType="
                + lineOrganizationType + ", outbound=" + outbound + "]";
    }

    /** The Basic credentials Workday's outbound subscription messages must present. */
    public record Outbound(
            @Nullable String username, @Nullable String password) {

        public boolean configured() {
            return username != null && !username.isBlank() && password != null && !password.isEmpty();
        }

        @Override
        public String toString() {
            return "Outbound[username=" + username + "]";
        }
    }
}
