package org.qualigate.config;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.successfactors.CompletionStatuses;
import org.qualigate.connector.successfactors.SuccessFactorsLearningSource;
import org.qualigate.connector.successfactors.SuccessFactorsSettings;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SAP SuccessFactors source, only when {@code qualigate.successfactors.base-url} is set: its learning history
 * as an {@link HrisSource}. Its {@code User} entity is the persons' directory when {@code
 * qualigate.hris-directory.type} is {@code successfactors} (or {@code qualigate.successfactors.directory} is true and
 * no other directory is configured); {@link ServiceConfiguration} builds it from these properties.
 */
@Configuration
@ConditionalOnExpression("!'${qualigate.successfactors.base-url:}'.isBlank()")
@EnableConfigurationProperties(SuccessFactorsConfiguration.Properties.class)
class SuccessFactorsConfiguration {

    @Bean
    HrisSource successFactorsLearning(Properties properties, Clock clock, TraceSteps steps) {
        return new SuccessFactorsLearningSource(properties.settings(), clock, steps.calls());
    }

    /** {@code qualigate.successfactors.*}; secrets stay out of {@link #toString()}. */
    @ConfigurationProperties("qualigate.successfactors")
    record Properties(
            @Nullable String source,
            String baseUrl,
            @Nullable String learningBaseUrl,
            @Nullable String companyId,
            @Nullable String username,
            @Nullable String password,
            @Nullable String token,
            @Nullable Integer pageSize,
            boolean changedUsersOnly,
            @Nullable Set<String> creditStatuses,
            @Nullable Set<String> noCreditStatuses,
            @Nullable Duration requestTimeout,
            @Nullable Integer maxRetries,
            @Nullable Duration maxRetryWait,
            boolean directory,
            SuccessFactorsSettings.@Nullable LearningAuth learningAuth) {

        SuccessFactorsSettings settings() {
            CompletionStatuses statuses = new CompletionStatuses(
                    creditStatuses == null || creditStatuses.isEmpty()
                            ? CompletionStatuses.DEFAULT.credit()
                            : creditStatuses,
                    noCreditStatuses == null ? CompletionStatuses.DEFAULT.noCredit() : noCreditStatuses);
            return new SuccessFactorsSettings(
                    source == null || source.isBlank() ? "successfactors" : source,
                    URI.create(baseUrl),
                    URI.create(learningBaseUrl == null || learningBaseUrl.isBlank() ? baseUrl : learningBaseUrl),
                    companyId,
                    username,
                    password,
                    token,
                    pageSize == null ? 500 : pageSize,
                    changedUsersOnly,
                    statuses,
                    requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout,
                    maxRetries == null ? 3 : maxRetries,
                    maxRetryWait == null ? Duration.ofSeconds(30) : maxRetryWait,
                    learningAuth);
        }

        @Override
        public String toString() {
            return "Properties[baseUrl=" + baseUrl + ", learningBaseUrl=" + learningBaseUrl + ", companyId=" + companyId
                    + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", token="
                    + (token == null ? "none" : "***") + ", directory=" + directory + ", learningAuth=" + learningAuth
                    + "]";
        }
    }
}
