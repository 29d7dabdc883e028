package org.qualigate.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The plant's scheduling system ({@code qualigate.scheduling.*}): a FactoryTalk-style API that says who is
 * on shift and who holds which work order. Without a base URL no revocation is ever deferred.
 */
@ConfigurationProperties("qualigate.scheduling")
record SchedulingSettings(
        @Nullable String baseUrl, @Nullable String bearerToken, Duration requestTimeout) {

    public SchedulingSettings {
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
    }

    boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    @Override
    public String toString() {
        return "SchedulingSettings[baseUrl=" + baseUrl + ", requestTimeout=" + requestTimeout + "]";
    }
}
