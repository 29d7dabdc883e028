package org.qualigate.connector.cloudevents;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The webhook subscriber of the outbound events ({@code qualigate.cloudevents.*}): the sink's URL, the {@code source}
 * every event names (a URI-reference naming this Qualigate instance or site), an optional bearer token, an optional
 * Standard Webhooks signing secret ({@code whsec_…}) and the timeout of one delivery.
 */
record CloudEventsSettings(
        @Nullable String sinkUrl,
        @Nullable String source,
        @Nullable String bearerToken,
        @Nullable String signingSecret,
        @Nullable Duration requestTimeout) {

    static final String DEFAULT_SOURCE = "/qualigate";

    CloudEventsSettings {
        source = source == null || source.isBlank() ? DEFAULT_SOURCE : source.strip();
        URI.create(source); // a source that is not a URI-reference is a configuration error, said at start-up
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    boolean configured() {
        return sinkUrl != null && !sinkUrl.isBlank();
    }

    @Override
    public String toString() {
        // the token and the secret are never written out
        return "CloudEventsSettings[sinkUrl=" + sinkUrl + ", source=" + source + "]";
    }
}
