package org.qualigate.connector.successfactors;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one SuccessFactors tenant. Credentials are HTTP Basic ({@code username@companyId:password}, as the
 * OData API documents it) unless a bearer token (OAuth) is given. Secrets never appear in {@link #toString()}.
 *
 * @param source the source name records are stored under, e.g. {@code successfactors}
 * @param apiBaseUrl the HCM API server, e.g. {@code https://api4.successfactors.com} ({@code /odata/v2} is added)
 * @param learningBaseUrl the Learning server ({@code /learning/odatav4/…} is added); often another host
 * @param pageSize the {@code customPageSize} asked for on {@code User} (the server may give fewer)
 * @param changedUsersOnly ask only about users whose {@code User} record changed in the window, instead of all
 * @param maxRetries how often one call waits out a 429 within a pull before giving the wait to the scheduler
 * @param maxRetryWait the longest {@code Retry-After} waited within a pull
 * @param learningAuth the Learning API's own OAuth client (its token endpoint, client credentials); null: the Learning
 *     API is called with the OData API's credentials
 */
public record SuccessFactorsSettings(
        String source,
        URI apiBaseUrl,
        URI learningBaseUrl,
        String companyId,
        String username,
        String password,
        @Nullable String bearerToken,
        int pageSize,
        boolean changedUsersOnly,
        CompletionStatuses statuses,
        Duration requestTimeout,
        int maxRetries,
        Duration maxRetryWait,
        @Nullable LearningAuth learningAuth) {

    public SuccessFactorsSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(learningBaseUrl, "learningBaseUrl");
        Objects.requireNonNull(statuses, "statuses");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxRetryWait, "maxRetryWait");
        companyId = companyId == null ? "" : companyId;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        if (bearerToken != null && bearerToken.isBlank()) {
            bearerToken = null;
        }
        if (bearerToken == null && (username.isBlank() || companyId.isBlank())) {
            throw new IllegalArgumentException(
                    "qualigate.successfactors: give a bearer token, or a username, company id and password");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("qualigate.successfactors.page-size must be 1..1000: " + pageSize);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("qualigate.successfactors.max-retries must not be negative");
        }
    }

    /**
     * The Learning API's OAuth client: a token from {@code /learning/oauth-api/rest/v1/token}, asked for with HTTP Basic
     * {@code clientId:clientSecret} and a JSON body naming the user and company the token acts for.
     *
     * @param userType {@code admin} or {@code user}
     */
    public record LearningAuth(String clientId, String clientSecret, String userId, String userType, String companyId) {

        public LearningAuth {
            if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalArgumentException(
                        "qualigate.successfactors.learning-auth needs a client-id and a client-secret");
            }
            if (userId == null || userId.isBlank()) {
                throw new IllegalArgumentException(
                        "qualigate.successfactors.learning-auth.user-id: the Learning user the token acts for");
            }
            userType = userType == null || userType.isBlank() ? "admin" : userType.strip();
            if (!userType.equals("admin") && !userType.equals("user")) {
                throw new IllegalArgumentException(
                        "qualigate.successfactors.learning-auth.user-type must be admin or user: " + userType);
            }
            companyId = companyId == null || companyId.isBlank() ? clientId : companyId;
        }

        @Override
        public String toString() {
            return "LearningAuth[clientId=" + clientId + ", userId=" + userId + ", userType=" + userType
                    + ", companyId=" + companyId + "]";
        }
    }

    /** The value of the {@code Authorization} header on the OData API. */
    String authorization() {
        if (bearerToken != null) {
            return "Bearer " + bearerToken;
        }
        String credentials = username + "@" + companyId + ":" + password;
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SuccessFactorsSettings[source=" + source + ", apiBaseUrl=" + apiBaseUrl + ", learningBaseUrl="
                + learningBaseUrl + ", companyId=" + companyId + ", username=" + username + ", auth="
                + (bearerToken != null ? "bearer" : "basic") + ", pageSize=" + pageSize + ", changedUsersOnly="
                + changedUsersOnly + ", statuses=" + statuses + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", maxRetryWait=" + maxRetryWait + ", learningAuth=" + learningAuth
                + "]";
    }
}
