package org.qualigate.connector.maximo;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Maximo's root ({@code https://host/maximo}), its API key (the {@code apikey} header), the object structure and
 * route ({@code api} or {@code oslc}), an optional {@code oslc.where} that picks the measuring equipment, the page
 * size asked for and the timeout per call.
 */
record MaximoSettings(
        @Nullable String baseUrl,
        @Nullable String apiKey,
        String objectStructure,
        String route,
        @Nullable String where,
        int pageSize,
        Duration requestTimeout) {

    public MaximoSettings {
        objectStructure = objectStructure == null || objectStructure.isBlank() ? "mxapiasset" : objectStructure;
        route = route == null || route.isBlank() ? "api" : route;
        pageSize = pageSize <= 0 ? 100 : pageSize;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    @Override
    public String toString() {
        // the API key is never written out
        return "MaximoSettings[baseUrl=" + baseUrl + ", objectStructure=" + objectStructure + "]";
    }
}
