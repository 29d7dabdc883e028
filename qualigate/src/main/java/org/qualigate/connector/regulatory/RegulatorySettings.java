package org.qualigate.connector.regulatory;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The regulatory reporting store: its root ({@code …/regulatory/v1}), the bearer token and the timeout. */
record RegulatorySettings(
        @Nullable String baseUrl, @Nullable String token, Duration requestTimeout) {

    public RegulatorySettings {
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    @Override
    public String toString() {
        // the token is never written out
        return "RegulatorySettings[baseUrl=" + baseUrl + "]";
    }
}
